package a3c.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import a3c.engine.io.Checkpoint;
import a3c.kernels.memory.FloatArena;

/**
 * A process killed (SIGKILL) while it writes checkpoints leaves a loadable checkpoint: a child JVM writes
 * checkpoints of a few megabytes back to back, and is killed at a different moment each round.
 */
class CheckpointKillTest {
    /** The child: writes checkpoints forever, numbering them. */
    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        try (FloatArena big = new FloatArena(a3c.kernels.memory.Layout.builder().add("w", 1_000_000).build())) {
            for (long n = 1; ; n++) {
                Checkpoint.write(file, Map.of("n", Long.toString(n)), big.segment(), big.segment());
                if (n == 1) {
                    System.out.println("first");
                    System.out.flush();
                }
            }
        }
    }

    @Test
    void killDuringWritesLeavesALoadableCheckpoint(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("checkpoint.a3c");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        for (int round = 0; round < 5; round++) {
            List<String> cmd = new ArrayList<>(List.of(java, "--add-modules", "jdk.incubator.vector",
                    "--add-opens", "java.base/jdk.internal.misc=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                    CheckpointKillTest.class.getName(), file.toString()));
            Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            // wait for the first complete checkpoint, then kill at a moment that varies per round
            String first = new String(p.getInputStream().readNBytes(5));
            assertEquals("first", first, "the child did not start writing");
            Thread.sleep(37L * round + 5);
            p.destroyForcibly();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            Checkpoint c = Checkpoint.read(file); // must not throw
            assertTrue(Long.parseLong(c.header().get("n")) >= 1);
            assertEquals(1_000_000, c.parameterCount());
        }
        assertTrue(Files.exists(file));
    }
}
