package a3c.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * A kernel loop whose body holds more vectors than C1's linear scan can allocate fails its tier-3 compile
 * ("out of virtual registers"); where that compile was an on-stack replacement, the method stayed in C1 code, in
 * which every vector operation is an allocating library call, for the rest of a run: `bench train --net lstm`
 * then counted 6-8 collections in its measured window, all of them from {@code LstmCell.gateGradients}. Here a
 * JVM limited to C1 runs that method's loop long enough to be replaced on the stack, and its compilation log must
 * show no compile of the kernels given up.
 */
class C1CompilesTheLstmGradientTest {
    @Test
    void theGateGradientLoopsCompileAtTierThree() throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(List.of(java.toString(), "--add-modules", "jdk.incubator.vector", "-XX:TieredStopAtLevel=3",
                "-XX:+PrintCompilation", "-cp", System.getProperty("java.class.path"), Probe.class.getName()))
                .redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the probe did not end");
        assertEquals(0, p.exitValue(), log);
        assertTrue(log.contains("probe done"), log);
        assertTrue(log.lines().anyMatch(l -> l.contains("a3c.kernels.LstmCell::") && l.contains(" % ")),
                "no on-stack replacement of the LSTM's gradient loops happened, so this test tested nothing");
        List<String> skipped = log.lines().filter(l -> l.contains("a3c.kernels.") && l.contains("COMPILE SKIPPED")).toList();
        assertTrue(skipped.isEmpty(), String.join("\n", skipped));
    }

    /** Runs {@code LstmCell.gateGradients} over a million hidden units, three times: its loops go far past the OSR threshold. */
    public static final class Probe {
        public static void main(String[] args) throws ReflectiveOperationException {
            int hidden = 1 << 20;
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment gates = arena.allocate(16L * hidden, 64), dGates = arena.allocate(16L * hidden, 64);
                MemorySegment[] rows = new MemorySegment[5]; // tanhC, cPrev, dh, dc, dcPrev
                for (int i = 0; i < rows.length; i++) {
                    rows[i] = arena.allocate(4L * hidden, 64);
                }
                Method m = LstmCell.class.getDeclaredMethod("gateGradients", int.class, long.class, long.class, MemorySegment.class,
                        MemorySegment.class, MemorySegment.class, MemorySegment.class, MemorySegment.class, MemorySegment.class,
                        MemorySegment.class);
                m.setAccessible(true);
                for (int call = 0; call < 3; call++) {
                    m.invoke(null, hidden, 0L, 0L, gates, rows[0], rows[1], rows[2], rows[3], rows[4], dGates);
                }
            }
            System.out.println("probe done");
        }
    }
}
