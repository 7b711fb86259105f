package a3c.engine.env;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

import a3c.kernels.ArenaOps;

/**
 * Every observation minus its background: the most common pixel value (the mean of the values in the fullest of
 * 256 bins over [0, 1]), so the background of every game is 0, as Breakout's black one already is. Pong's
 * screen is mostly one brown (0.34 after grayscale): there a first-layer ReLU channel sees nearly the same
 * input at every pixel, and one push below zero silences it everywhere, for good (docs/results: a dead
 * first layer). A game whose background is black (the first bin) is left exactly as it was, and nothing is scaled.
 */
public final class BackgroundSubtraction implements ObservationFilter {
    private static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT;
    private static final int BINS = 256;
    /**
     * Counts go to four tables in turn, added up at the end: most samples fall into one bin (the background), and
     * one table would make each count wait for the one before it (a chain through memory of several cycles).
     */
    private static final int TABLES = 4;

    /** The histogram reads every {@code stride}-th float: about 4,096 of them, plenty to find a background. */
    private final int floats, stride;
    private final int[] counts = new int[TABLES * BINS];
    /** Each sample and its bin, kept for the second pass, which sums the fullest bin's values. */
    private final float[] samples;
    private final int[] sampleBins;

    public BackgroundSubtraction(int floats) {
        this.floats = floats;
        this.stride = 1 + floats / 4096;
        this.samples = new float[(floats + stride - 1) / stride];
        this.sampleBins = new int[samples.length];
    }

    @Override
    public void apply(MemorySegment x) {
        Arrays.fill(counts, 0);
        for (int k = 0; k < samples.length; k++) {
            float v = x.getAtIndex(F, (long) k * stride);
            int bin = bin(v);
            samples[k] = v;
            sampleBins[k] = bin;
            counts[(k & (TABLES - 1)) * BINS + bin]++;
        }
        int mode = 0, modeCount = count(0);
        for (int b = 1; b < BINS; b++) {
            int c = count(b);
            if (c > modeCount) {
                mode = b;
                modeCount = c;
            }
        }
        if (mode == 0) {
            return; // black: left exactly as it was (an area resize leaves crumbs just above 0 in this bin)
        }
        float background = (float) (sum(mode) / modeCount);
        ArenaOps.offset(x, floats, -background); // x + (-b) is x - b, bit for bit
    }

    /**
     * {@code clamp(Math.round(v * 255), 0, 255)} for every float, NaN (0) and infinities included, without
     * {@code Math.round}'s bit surgery: below 256 the fraction {@code y - (int) y} is exact, and a half rounds up.
     */
    private static int bin(float v) {
        float y = Math.min(v * (BINS - 1), BINS);
        int whole = (int) y;
        return Math.clamp(whole + (y - whole >= 0.5f ? 1 : 0), 0, BINS - 1);
    }

    private int count(int bin) {
        int c = 0;
        for (int t = 0; t < TABLES; t++) {
            c += counts[t * BINS + bin];
        }
        return c;
    }

    /**
     * The sum of the samples in {@code bin}, the same double as one sum in the samples' order: a bin from 1 to 254
     * holds floats in [2^-9, 1), multiples of 2^-32, and at most 4,096 of them sum below 2^12, so every partial
     * sum is a multiple of 2^-32 below 2^12 (44 bits), which a double holds exactly: no addition rounds, and four
     * sums side by side (no chain of additions) give that double too. The last bin also holds everything above 1
     * (infinities too), where that fails: it is summed in the samples' order.
     */
    private double sum(int bin) {
        int n = samples.length;
        if (bin == BINS - 1) {
            double s = 0;
            for (int k = 0; k < n; k++) {
                s += sampleBins[k] == bin ? samples[k] : 0;
            }
            return s;
        }
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int k = 0;
        for (; k + 3 < n; k += 4) {
            s0 += sampleBins[k] == bin ? samples[k] : 0;
            s1 += sampleBins[k + 1] == bin ? samples[k + 1] : 0;
            s2 += sampleBins[k + 2] == bin ? samples[k + 2] : 0;
            s3 += sampleBins[k + 3] == bin ? samples[k + 3] : 0;
        }
        for (; k < n; k++) {
            s0 += sampleBins[k] == bin ? samples[k] : 0;
        }
        return (s0 + s1) + (s2 + s3);
    }
}
