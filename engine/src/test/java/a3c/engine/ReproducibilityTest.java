package a3c.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import a3c.engine.io.Checkpoint;
import a3c.engine.train.Training;

/** {@code --threads 1 --seed S} runs are bit-for-bit reproducible: same parameters, same statistics, same games. */
class ReproducibilityTest {
    @Test
    void twoSingleThreadRunsWithOneSeedAreIdentical(@TempDir Path dir) throws Exception {
        assertIdenticalRuns(dir, "--env", "catch", "--threads", "1", "--seed", "11", "--frames", "3000");
    }

    /**
     * GA3C with {@code --deterministic}: its agents, predictor and trainer in turn on one thread. Feed-forward on
     * catch with a single agent (its prediction queue once asked Agrona for a capacity of 1 and failed), and an
     * LSTM (each of 3 agents' state through the predictor, whole experiences in the trainer) on cartpole.
     */
    @Test
    void twoDeterministicGa3cRunsWithOneSeedAreIdentical(@TempDir Path dir) throws Exception {
        assertIdenticalRuns(dir.resolve("ff"), "--env", "catch", "--algo", "ga3c", "--deterministic", "--threads", "1", "--agents", "1",
                "--min-batch", "8", "--seed", "11", "--frames", "6000");
        assertIdenticalRuns(dir.resolve("lstm"), "--env", "cartpole", "--net", "mlp", "--mlp-lstm", "--algo", "ga3c", "--deterministic",
                "--threads", "1", "--agents", "3", "--min-batch", "10", "--t-max", "5", "--seed", "11", "--frames", "6000");
    }

    /**
     * What a user sees: the same command in two fresh JVMs, whose JITs compile the kernels at other moments, trains
     * the same bytes. Before the kernels summed in a fixed order and built their exponentials of exact operations,
     * two such runs of this command parted after about 500 of its 1,000 games (2026-12-05).
     */
    @Test
    void twoFreshJvmsTrainTheSameBytes(@TempDir Path dir) throws Exception {
        for (String run : List.of("a", "b")) {
            List<String> cmd = Runs.engineJvm("train", "--env", "catch", "--threads", "1", "--seed", "11", "--frames", "6000",
                    "--tensorboard", "false", "--run-dir", dir.resolve(run).toString());
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve(run + ".log").toFile()).start();
            assertTrue(p.waitFor(180, TimeUnit.SECONDS), "run " + run + " did not finish");
            assertEquals(0, p.exitValue(), Files.readString(dir.resolve(run + ".log")));
        }
        assertSameRun(dir);
    }

    private static void assertIdenticalRuns(Path dir, String... args) throws Exception {
        Runs.train(Runs.options(dir.resolve("a"), args), new StringBuilder());
        Runs.train(Runs.options(dir.resolve("b"), args), new StringBuilder());
        assertSameRun(dir);
    }

    /** The runs in {@code dir/a} and {@code dir/b}: the same frames, updates, parameters, statistics and games. */
    private static void assertSameRun(Path dir) throws Exception {
        byte[] a = Files.readAllBytes(dir.resolve("a").resolve(Training.CHECKPOINT));
        byte[] b = Files.readAllBytes(dir.resolve("b").resolve(Training.CHECKPOINT));
        Checkpoint ca = Checkpoint.read(dir.resolve("a").resolve(Training.CHECKPOINT));
        Checkpoint cb = Checkpoint.read(dir.resolve("b").resolve(Training.CHECKPOINT));
        assertEquals(ca.header().get("frames"), cb.header().get("frames"));
        assertEquals(ca.header().get("updates"), cb.header().get("updates"));
        assertTrue(Long.parseLong(ca.header().get("updates")) > 10, "too few updates to compare: " + ca.header().get("updates"));
        // the headers differ only in the run dir and the elapsed seconds; the arenas must be identical
        int tail = (int) (2 * (8 + 4L * ca.parameterCount()) + 8);
        assertArrayEquals(java.util.Arrays.copyOfRange(a, a.length - tail, a.length - 8),
                java.util.Arrays.copyOfRange(b, b.length - tail, b.length - 8), "parameters or statistics differ");
        assertEquals(Files.readString(dir.resolve("a").resolve("episodes.csv")), Files.readString(dir.resolve("b").resolve("episodes.csv")));
        assertFalse(Files.readString(dir.resolve("a").resolve("episodes.csv")).lines().count() < 10, "too few games to compare");
    }

    @Test
    void deterministicIsRefusedWhereThreadsWouldRace(@TempDir Path dir) {
        assertEquals("--deterministic with --threads=2: threads that share the model race; use --threads 1",
                assertThrows(UserError.class, () -> Runs.options(dir, "--env", "catch", "--deterministic", "--threads", "2")).getMessage());
        assertEquals("--deterministic with --dynamic: the adjustment follows the clock; leave one of them out",
                assertThrows(UserError.class, () -> Runs.options(dir, "--env", "catch", "--algo", "ga3c", "--agents", "4", "--dynamic",
                        "--deterministic", "--threads", "1")).getMessage());
    }

    @Test
    void anotherSeedGivesAnotherRun(@TempDir Path dir) throws Exception {
        Runs.train(Runs.options(dir.resolve("a"), "--env", "catch", "--threads", "1", "--seed", "11", "--frames", "1000"), new StringBuilder());
        Runs.train(Runs.options(dir.resolve("b"), "--env", "catch", "--threads", "1", "--seed", "12", "--frames", "1000"), new StringBuilder());
        assertFalse(Files.readString(dir.resolve("a").resolve("episodes.csv")).equals(Files.readString(dir.resolve("b").resolve("episodes.csv"))));
    }
}
