package a3c.engine;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import a3c.atari.StepResult;
import a3c.engine.config.TrainOptions;
import a3c.engine.train.Training;

/**
 * A stop that comes while a worker is deep in a slow rollout (early in a run, before the kernels are compiled, one can
 * take seconds) waits for it and says so in its own words, not Agrona's "failed to close due to timeout"; the run
 * still ends as planned, with its checkpoint.
 */
class SlowStopTest {
    /** The scripted game whose first step after its first second takes 3 s, whatever interrupts it. */
    static final class SlowEnvironment extends TwentyStepGame {
        private final long start = System.nanoTime();
        private boolean slowed;

        SlowEnvironment() {
            super("slow");
        }

        @Override
        public StepResult step(int action, MemorySegment observation) {
            if (!slowed && System.nanoTime() - start > 1_000_000_000L) {
                slowed = true;
                busy(3_000_000_000L);
            }
            return super.step(action, observation);
        }

        /** Sleeps {@code nanos} through interrupts (as native emulation would), keeping the interrupt for the caller. */
        private static void busy(long nanos) {
            long end = System.nanoTime() + nanos;
            boolean interrupted = false;
            for (long left = nanos; left > 0; left = end - System.nanoTime()) {
                try {
                    Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Test
    void aStopDuringASlowRolloutWaitsForItAndSaysSo(@TempDir Path dir) throws Exception {
        TrainOptions o = Runs.options(dir, "--env", "cartpole", "--threads", "1", "--seconds", "1.5", "--eval-every", "0",
                "--tensorboard", "false");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        PrintStream err = System.err;
        System.setErr(new PrintStream(errBytes, true, StandardCharsets.UTF_8));
        try {
            new Training(o, new PrintStream(bytes, true, StandardCharsets.UTF_8), (options, seed) -> new SlowEnvironment()).run(null);
        } finally {
            System.setErr(err);
        }
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("stopping: waiting for a3c-worker-0 to finish its work in progress (a rollout, an update) ..."), out);
        assertTrue(out.contains("done (time limit)"), out);
        assertFalse(errBytes.toString(StandardCharsets.UTF_8).contains("failed to close"), errBytes.toString(StandardCharsets.UTF_8));
        assertTrue(Files.exists(dir.resolve(Training.CHECKPOINT)));
    }
}
