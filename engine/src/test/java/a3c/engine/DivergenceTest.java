package a3c.engine;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import a3c.atari.Environment;
import a3c.atari.ObservationShape;
import a3c.atari.StepResult;
import a3c.engine.config.TrainOptions;
import a3c.engine.train.Training;

/** A NaN in training stops the run with a one-line error naming the frame, and no checkpoint is written over the last good one. */
class DivergenceTest {
    /** Four numbers, two actions, reward 1 a step; the reward turns NaN at a given step. */
    static final class PoisonedEnvironment implements Environment {
        private final long poisonAt;
        private final StepResult result = new StepResult();
        private long steps;
        private int length;

        PoisonedEnvironment(long poisonAt) {
            this.poisonAt = poisonAt;
        }

        public String name() {
            return "poisoned";
        }

        public ObservationShape observationShape() {
            return ObservationShape.vector(4);
        }

        public int actionCount() {
            return 2;
        }

        public String actionName(int action) {
            return action == 0 ? "LEFT" : "RIGHT";
        }

        public int framesPerStep() {
            return 1;
        }

        public void reset(MemorySegment observation) {
            length = 0;
            observation.fill((byte) 0);
        }

        public StepResult step(int action, MemorySegment observation) {
            steps++;
            length++;
            observation.setAtIndex(ValueLayout.JAVA_FLOAT, 0, (float) Math.sin(steps));
            boolean over = length == 20;
            return result.record(steps >= poisonAt ? Float.NaN : 1f, 1, over, false, over, false);
        }

        public boolean gameOver() {
            return length == 20;
        }

        public int lives() {
            return 0;
        }

        public double episodeReturn() {
            return length;
        }

        public int episodeLength() {
            return length;
        }

        public void close() {
        }
    }

    @Test
    void aNanLossStopsTheRunNamingTheFrameAndKeepsTheLastCheckpoint(@TempDir Path dir) throws Exception {
        TrainOptions o = Runs.options(dir, "--env", "cartpole", "--threads", "1", "--frames", "1M", "--checkpoint-every", "0.002");
        Training t = new Training(o, new PrintStream(new ByteArrayOutputStream()), (options, seed) -> new PoisonedEnvironment(200_000));
        UserError e = assertThrows(UserError.class, () -> t.run(null));
        assertTrue(e.getMessage().startsWith("training diverged: the loss became NaN at frame 200,0"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        Path checkpoint = dir.resolve(Training.CHECKPOINT);
        if (Files.exists(checkpoint)) { // a periodic checkpoint from before the NaN may exist: it must be a good one
            long frames = Long.parseLong(a3c.engine.io.Checkpoint.read(checkpoint).header().get("frames"));
            assertTrue(frames < 200_000, "a checkpoint was written after the divergence: frames " + frames);
        }
    }
}
