package a3c.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import a3c.engine.io.Checkpoint;
import a3c.engine.train.Training;

/** {@code --threads 1 --seed S} runs are bit-for-bit reproducible: same parameters, same statistics, same games. */
class ReproducibilityTest {
    @Test
    void twoSingleThreadRunsWithOneSeedAreIdentical(@TempDir Path dir) throws Exception {
        String[] args = {"--env", "catch", "--threads", "1", "--seed", "11", "--frames", "3000"};
        Runs.train(Runs.options(dir.resolve("a"), args), new StringBuilder());
        Runs.train(Runs.options(dir.resolve("b"), args), new StringBuilder());
        byte[] a = Files.readAllBytes(dir.resolve("a").resolve(Training.CHECKPOINT));
        byte[] b = Files.readAllBytes(dir.resolve("b").resolve(Training.CHECKPOINT));
        Checkpoint ca = Checkpoint.read(dir.resolve("a").resolve(Training.CHECKPOINT));
        Checkpoint cb = Checkpoint.read(dir.resolve("b").resolve(Training.CHECKPOINT));
        assertEquals(ca.header().get("frames"), cb.header().get("frames"));
        // the headers differ only in the run dir and the elapsed seconds; the arenas must be identical
        int tail = (int) (2 * (8 + 4L * ca.parameterCount()) + 8);
        assertArrayEquals(java.util.Arrays.copyOfRange(a, a.length - tail, a.length - 8),
                java.util.Arrays.copyOfRange(b, b.length - tail, b.length - 8), "parameters or statistics differ");
        assertEquals(Files.readString(dir.resolve("a").resolve("episodes.csv")), Files.readString(dir.resolve("b").resolve("episodes.csv")));
        assertFalse(Files.readString(dir.resolve("a").resolve("episodes.csv")).lines().count() < 10, "too few games to compare");
    }

    @Test
    void anotherSeedGivesAnotherRun(@TempDir Path dir) throws Exception {
        Runs.train(Runs.options(dir.resolve("a"), "--env", "catch", "--threads", "1", "--seed", "11", "--frames", "1000"), new StringBuilder());
        Runs.train(Runs.options(dir.resolve("b"), "--env", "catch", "--threads", "1", "--seed", "12", "--frames", "1000"), new StringBuilder());
        assertFalse(Files.readString(dir.resolve("a").resolve("episodes.csv")).equals(Files.readString(dir.resolve("b").resolve("episodes.csv"))));
    }
}
