package a3c.engine.env;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import a3c.atari.EnvOptions;
import a3c.atari.Environment;
import a3c.atari.Environments;
import a3c.engine.Runs;

/** pytorch-a3c's running normalisation, by hand on two observations of four floats. */
class NormalizedEnvironmentTest {
    private static MemorySegment of(Arena arena, float... values) {
        MemorySegment s = arena.allocate(4L * values.length, 64);
        for (int i = 0; i < values.length; i++) {
            s.setAtIndex(ValueLayout.JAVA_FLOAT, i, values[i]);
        }
        return s;
    }

    /**
     * <pre>
     * [1 2 3 4]: mean 2.5, std sqrt(1.25) = 1.1180; after one step the corrected averages are exactly those,
     *            so the observation becomes (x - 2.5) / 1.1180 = -1.3416 -0.4472 0.4472 1.3416
     * [2 2 2 2]: mean 2, std 0; corrected: (2.5 a + 2) / (1 + a) = 2.2499875, 1.1180 a / (1 + a) = 0.5589890
     *            (a = 0.9999), so each float becomes (2 - 2.2499875) / 0.5589890 = -0.4472136
     * </pre>
     */
    @Test
    void twoObservationsByHand() {
        try (Environment cartpole = Environments.make("cartpole", EnvOptions.defaults(), 1); Arena arena = Arena.ofConfined()) {
            NormalizedEnvironment env = new NormalizedEnvironment(cartpole);
            MemorySegment first = of(arena, 1, 2, 3, 4);
            env.normalize(first);
            float[] expected = {-1.3416408f, -0.4472136f, 0.4472136f, 1.3416408f};
            for (int i = 0; i < 4; i++) {
                assertEquals(expected[i], first.getAtIndex(ValueLayout.JAVA_FLOAT, i), 1e-6);
            }
            MemorySegment second = of(arena, 2, 2, 2, 2);
            env.normalize(second);
            for (int i = 0; i < 4; i++) {
                assertEquals(-0.4472136f, second.getAtIndex(ValueLayout.JAVA_FLOAT, i), 1e-6);
            }
        }
    }

    /** Centred only: the same running means, nothing divided: {@code x - 2.5}, then {@code 2 - 2.2499875}. */
    @Test
    void centredOnlySubtractsTheRunningMean() {
        try (Environment cartpole = Environments.make("cartpole", EnvOptions.defaults(), 1); Arena arena = Arena.ofConfined()) {
            NormalizedEnvironment env = NormalizedEnvironment.centred(cartpole);
            MemorySegment first = of(arena, 1, 2, 3, 4);
            env.normalize(first);
            float[] expected = {-1.5f, -0.5f, 0.5f, 1.5f};
            for (int i = 0; i < 4; i++) {
                assertEquals(expected[i], first.getAtIndex(ValueLayout.JAVA_FLOAT, i), 1e-6);
            }
            MemorySegment second = of(arena, 2, 2, 2, 2);
            env.normalize(second);
            for (int i = 0; i < 4; i++) {
                assertEquals(-0.2499875f, second.getAtIndex(ValueLayout.JAVA_FLOAT, i), 1e-6);
            }
        }
    }

    @Test
    void theFactoryWrapsOnlyWhenAsked(@TempDir Path dir) {
        try (Environment plain = EnvFactory.create(Runs.options(dir, "--env", "catch"), 1);
             Environment normalized = EnvFactory.create(Runs.options(dir, "--env", "catch", "--normalize-observations"), 1);
             Environment evaluated = EnvFactory.createForEvaluation(Runs.options(dir, "--env", "catch", "--normalize-observations"), 1)) {
            assertEquals(false, plain instanceof NormalizedEnvironment);
            assertEquals(true, normalized instanceof NormalizedEnvironment);
            assertEquals(true, evaluated instanceof NormalizedEnvironment, "evaluation sees what training saw");
            assertEquals(true, ((NormalizedEnvironment) normalized).scales());
        }
        try (Environment centred = EnvFactory.create(Runs.options(dir, "--env", "catch", "--center-observations"), 1);
             Environment evaluated = EnvFactory.createForEvaluation(Runs.options(dir, "--env", "catch", "--center-observations"), 1);
             Environment both = EnvFactory.create(Runs.options(dir, "--env", "catch", "--center-observations", "--normalize-observations"), 1)) {
            assertEquals(false, ((NormalizedEnvironment) centred).scales());
            assertEquals(false, ((NormalizedEnvironment) evaluated).scales(), "evaluation sees what training saw");
            assertEquals(true, ((NormalizedEnvironment) both).scales(), "normalising includes centring");
        }
    }
}
