package a3c.engine.env;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Observations normalised by running statistics of their own mean and standard deviation, as pytorch-a3c's
 * {@code NormalizedEnv} (the universe-starter-agent line of A3C) does: per observation, the mean {@code m} and
 * standard deviation {@code s} of all its floats update exponential averages with {@code ALPHA = 0.9999},
 * which are bias-corrected by {@code 1 - ALPHA^n} after n observations, and the observation becomes
 * {@code (x - mean) / (std + 1e-8)}. A resumed run warms the statistics up again within a few thousand steps.
 *
 * <p>Centred only ({@link #centred}): the same running mean is subtracted and nothing is divided, so the scale
 * of the inputs, and with it the effective step of the first layer, stays as it was.
 */
public final class RunningNormalization implements ObservationFilter {
    static final double ALPHA = 0.9999;
    private static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT;

    private final int floats;
    private final boolean scale;
    private double mean, std, correction = 1;

    private RunningNormalization(int floats, boolean scale) {
        this.floats = floats;
        this.scale = scale;
    }

    /** Centred and scaled: pytorch-a3c's {@code NormalizedEnv}, over observations of {@code floats} floats. */
    public static RunningNormalization normalized(int floats) {
        return new RunningNormalization(floats, true);
    }

    /** Centred by the running mean only, not divided by the running standard deviation. */
    public static RunningNormalization centred(int floats) {
        return new RunningNormalization(floats, false);
    }

    /** Whether observations are also divided by the running standard deviation. */
    public boolean scales() {
        return scale;
    }

    /** Updates the running statistics with {@code x} and normalises it in place. */
    @Override
    public void apply(MemorySegment x) {
        double sum = 0, squares = 0;
        for (int i = 0; i < floats; i++) {
            double v = x.getAtIndex(F, i);
            sum += v;
            squares += v * v;
        }
        double m = sum / floats;
        double s = Math.sqrt(Math.max(0, squares / floats - m * m));
        mean = mean * ALPHA + m * (1 - ALPHA);
        std = std * ALPHA + s * (1 - ALPHA);
        correction *= ALPHA;
        double unbiasedMean = mean / (1 - correction), unbiasedStd = std / (1 - correction);
        float factor = scale ? (float) (1 / (unbiasedStd + 1e-8)) : 1f, shift = (float) unbiasedMean;
        for (int i = 0; i < floats; i++) {
            x.setAtIndex(F, i, (x.getAtIndex(F, i) - shift) * factor);
        }
    }
}
