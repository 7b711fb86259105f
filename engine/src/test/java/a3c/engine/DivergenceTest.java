package a3c.engine;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import a3c.engine.config.TrainOptions;
import a3c.engine.io.Checkpoint;
import a3c.engine.train.Training;

/** A NaN in training stops the run with a one-line error naming the frame, and no checkpoint is written over the last good one. */
class DivergenceTest {
    /** The scripted game whose reward turns NaN at a given step. */
    static final class PoisonedEnvironment extends TwentyStepGame {
        private final long poisonAt;

        PoisonedEnvironment(long poisonAt) {
            super("poisoned");
            this.poisonAt = poisonAt;
        }

        @Override
        float reward(long step) {
            return step >= poisonAt ? Float.NaN : 1f;
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
            assertGood(Checkpoint.read(checkpoint));
        }
    }

    /**
     * A checkpoint at exactly the poisoned frame is legitimate: that step was counted but not yet trained on. What must
     * not happen is a checkpoint past it, or one holding a parameter or statistic the NaN reached.
     */
    private static void assertGood(Checkpoint c) {
        long frames = Long.parseLong(c.header().get("frames"));
        assertTrue(frames <= 200_000, "a checkpoint was written after the divergence: frames " + frames);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment parameters = arena.allocate((long) c.parameterCount() * Float.BYTES);
            c.copyParametersTo(parameters);
            MemorySegment statistics = arena.allocate(c.statisticsCount() * Float.BYTES);
            c.copyStatisticsTo(statistics);
            for (MemorySegment s : new MemorySegment[] {parameters, statistics}) {
                for (long i = 0; i < s.byteSize() / Float.BYTES; i++) {
                    float v = s.getAtIndex(ValueLayout.JAVA_FLOAT, i);
                    assertTrue(Float.isFinite(v), "the checkpoint at frame " + frames + " holds " + v + " at " + i);
                }
            }
        }
    }
}
