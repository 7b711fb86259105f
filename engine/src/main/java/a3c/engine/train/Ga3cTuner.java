package a3c.engine.train;

import java.io.PrintStream;
import java.util.Locale;

import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentTerminationException;

/**
 * {@code --dynamic}: every {@link #INTERVAL_NANOS}, measures the run's frames/s, asks {@link Ga3cTuning} for the
 * counts to run next, applies them to the GA3C threads and prints them. Its own thread, idle in between.
 */
final class Ga3cTuner implements Agent {
    static final long INTERVAL_NANOS = 5_000_000_000L;

    private final Ga3c ga3c;
    private final Ga3cTuning tuning;
    private final RunState state;
    private final PrintStream out;
    private long lastNanos;
    private long lastFrames;

    Ga3cTuner(Ga3c ga3c, Ga3cTuning tuning, RunState state, PrintStream out) {
        this.ga3c = ga3c;
        this.tuning = tuning;
        this.state = state;
        this.out = out;
    }

    @Override
    public String roleName() {
        return "ga3c-tuner";
    }

    @Override
    public void onStart() {
        lastNanos = System.nanoTime();
        lastFrames = state.frames.getVolatile();
    }

    @Override
    public int doWork() {
        if (state.stopRequested()) {
            throw new AgentTerminationException();
        }
        long now = System.nanoTime();
        if (now - lastNanos < INTERVAL_NANOS) {
            return 0;
        }
        long frames = state.frames.getVolatile();
        double rate = (frames - lastFrames) / ((now - lastNanos) / 1e9);
        lastNanos = now;
        lastFrames = frames;
        int[] before = tuning.counts();
        int[] next = tuning.next(rate);
        ga3c.activate(next[0], next[1], next[2]);
        out.println(String.format(Locale.ROOT, "GA3C dynamic: %,.0f frames/s with agents %d, predictors %d, trainers %d; now %d, %d, %d",
                rate, before[0], before[1], before[2], next[0], next[1], next[2]));
        return 1;
    }
}
