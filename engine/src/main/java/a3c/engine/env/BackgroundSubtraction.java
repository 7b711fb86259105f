package a3c.engine.env;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

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

    /** The histogram reads every {@code stride}-th float: about 4,096 of them, plenty to find a background. */
    private final int floats, stride;
    private final int[] counts = new int[BINS];
    private final double[] sums = new double[BINS];

    public BackgroundSubtraction(int floats) {
        this.floats = floats;
        this.stride = 1 + floats / 4096;
    }

    @Override
    public void apply(MemorySegment x) {
        Arrays.fill(counts, 0);
        Arrays.fill(sums, 0);
        for (int i = 0; i < floats; i += stride) {
            float v = x.getAtIndex(F, i);
            int bin = Math.clamp(Math.round(v * (BINS - 1)), 0, BINS - 1);
            counts[bin]++;
            sums[bin] += v;
        }
        int mode = 0;
        for (int b = 1; b < BINS; b++) {
            if (counts[b] > counts[mode]) {
                mode = b;
            }
        }
        if (mode == 0) {
            return; // black: left exactly as it was (an area resize leaves crumbs just above 0 in this bin)
        }
        float background = (float) (sums[mode] / counts[mode]);
        for (int i = 0; i < floats; i++) {
            x.setAtIndex(F, i, x.getAtIndex(F, i) - background);
        }
    }
}
