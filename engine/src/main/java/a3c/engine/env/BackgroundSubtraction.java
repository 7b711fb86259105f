package a3c.engine.env;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

import a3c.kernels.ArenaOps;
import a3c.kernels.UnitBins;

/**
 * Every observation minus its background: the most common pixel value (the mean of the values in the fullest of
 * 256 bins over [0, 1]), so the background of every game is 0, as Breakout's black one already is. Pong's
 * screen is mostly one brown (0.34 after grayscale): there a first-layer ReLU channel sees nearly the same
 * input at every pixel, and one push below zero silences it everywhere, for good (docs/results: a dead
 * first layer). A game whose background is black (the first bin) is left exactly as it was, and nothing is scaled.
 */
public final class BackgroundSubtraction implements ObservationFilter {
    /** Unaligned: the check of alignment a strided read would otherwise make is one C2 has been seen to leave in. */
    private static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT_UNALIGNED;
    private static final int BINS = UnitBins.BINS;
    /**
     * Counts go to four tables in turn, added up at the end: most samples fall into one bin (the background), and
     * one table would make each count wait for the one before it (a chain through memory of several cycles).
     */
    private static final int TABLES = 4;

    /** The histogram reads every {@code stride}-th float: about 4,096 of them, plenty to find a background. */
    private final int floats, stride;
    private final int[] counts = new int[TABLES * BINS];
    /** The samples, read once: the bin count and the sum both pass over them. */
    private final float[] samples;
    /**
     * The fullest bin of the last observation. A game's background stays from step to step, so it is counted first:
     * a bin that holds more than half of the samples is the fullest whatever the others hold, and the histogram is
     * not needed. Only the speed depends on it; the background found is the histogram's, bit for bit.
     */
    private int last;

    public BackgroundSubtraction(int floats) {
        this.floats = floats;
        this.stride = 1 + floats / 4096;
        this.samples = new float[(floats + stride - 1) / stride];
    }

    @Override
    public void apply(MemorySegment x) {
        int n = samples.length;
        for (int k = 0; k < n; k++) {
            samples[k] = x.getAtIndex(F, (long) k * stride);
        }
        int mode = last, modeCount = UnitBins.count(samples, n, last);
        if (2 * modeCount <= n) {
            mode = fullestBin();
            modeCount = count(mode);
            last = mode;
        }
        if (mode == 0) {
            return; // black: left exactly as it was (an area resize leaves crumbs just above 0 in this bin)
        }
        float background = (float) (sum(mode) / modeCount);
        ArenaOps.offset(x, floats, -background); // x + (-b) is x - b, bit for bit
    }

    /** The fullest bin of the samples' histogram, the lowest of equals. */
    private int fullestBin() {
        Arrays.fill(counts, 0);
        for (int k = 0; k < samples.length; k++) {
            counts[(k & (TABLES - 1)) * BINS + UnitBins.bin(samples[k])]++;
        }
        int mode = 0, modeCount = count(0);
        for (int b = 1; b < BINS; b++) {
            int c = count(b);
            if (c > modeCount) {
                mode = b;
                modeCount = c;
            }
        }
        return mode;
    }

    private int count(int bin) {
        int c = 0;
        for (int t = 0; t < TABLES; t++) {
            c += counts[t * BINS + bin];
        }
        return c;
    }

    /**
     * The sum of the samples in {@code bin}, the same double as one sum in the samples' order: for bins 1 to 254 the
     * sum is exact in any order ({@link UnitBins#sum}); the last bin also holds everything above 1 (infinities too),
     * where that fails: it is summed in the samples' order.
     */
    private double sum(int bin) {
        if (bin != BINS - 1) {
            return UnitBins.sum(samples, samples.length, bin);
        }
        double s = 0;
        for (float v : samples) {
            s += UnitBins.bin(v) == bin ? v : 0;
        }
        return s;
    }
}
