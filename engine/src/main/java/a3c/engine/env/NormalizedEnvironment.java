package a3c.engine.env;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import a3c.atari.Environment;
import a3c.atari.ObservationShape;
import a3c.atari.StepResult;

/**
 * Observations normalised by running statistics of their own mean and standard deviation, as pytorch-a3c's
 * {@code NormalizedEnv} (the universe-starter-agent line of A3C) does: per observation, the mean {@code m} and
 * standard deviation {@code s} of all its floats update exponential averages with {@code ALPHA = 0.9999},
 * which are bias-corrected by {@code 1 - ALPHA^n} after n observations, and the observation becomes
 * {@code (x - mean) / (std + 1e-8)}, in place. Each environment keeps its own statistics (one per worker,
 * as there one per process); they start afresh with the environment, so a resumed run warms them up again
 * within a few thousand steps.
 *
 * <p>Centred only ({@link #centred}): the same running mean is subtracted and nothing is divided, so the scale
 * of the inputs, and with it the effective step of the first layer, stays as it was. It exists for games whose
 * screen is mostly one non-zero colour (Pong): there a first-layer channel sees nearly the same input at every
 * pixel, and one push below zero silences it everywhere (docs/results).
 */
public final class NormalizedEnvironment implements Environment {
    static final double ALPHA = 0.9999;
    private static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT;

    private final Environment env;
    private final int floats;
    private final boolean scale;
    private double mean, std, correction = 1;

    /** Centred and scaled: pytorch-a3c's {@code NormalizedEnv}. */
    public NormalizedEnvironment(Environment env) {
        this(env, true);
    }

    private NormalizedEnvironment(Environment env, boolean scale) {
        this.env = env;
        this.floats = env.observationShape().floats();
        this.scale = scale;
    }

    /** Centred by the running mean only, not divided by the running standard deviation. */
    public static NormalizedEnvironment centred(Environment env) {
        return new NormalizedEnvironment(env, false);
    }

    /** Whether observations are also divided by the running standard deviation. */
    public boolean scales() {
        return scale;
    }

    @Override
    public void reset(MemorySegment observation) {
        env.reset(observation);
        normalize(observation);
    }

    @Override
    public StepResult step(int action, MemorySegment observation) {
        StepResult r = env.step(action, observation);
        normalize(observation);
        return r;
    }

    /** Updates the running statistics with {@code x} and normalises it in place. */
    void normalize(MemorySegment x) {
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

    @Override
    public String name() {
        return env.name();
    }

    @Override
    public ObservationShape observationShape() {
        return env.observationShape();
    }

    @Override
    public int actionCount() {
        return env.actionCount();
    }

    @Override
    public String actionName(int action) {
        return env.actionName(action);
    }

    @Override
    public int framesPerStep() {
        return env.framesPerStep();
    }

    @Override
    public boolean gameOver() {
        return env.gameOver();
    }

    @Override
    public void endGame() {
        env.endGame();
    }

    @Override
    public int lives() {
        return env.lives();
    }

    @Override
    public double episodeReturn() {
        return env.episodeReturn();
    }

    @Override
    public int episodeLength() {
        return env.episodeLength();
    }

    @Override
    public void close() {
        env.close();
    }
}
