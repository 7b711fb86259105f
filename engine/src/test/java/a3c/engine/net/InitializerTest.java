package a3c.engine.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import a3c.engine.Runs;
import a3c.engine.UserError;
import a3c.kernels.memory.FloatArena;
import a3c.kernels.memory.Layout;

/** {@code --init truncated-normal}: the reference notebook's initialisation on every tensor of the seed net. */
class InitializerTest {
    @Test
    void truncatedNormalWeightsAndBiasesOfOneHundredth(@TempDir Path dir) {
        NetSpec seed = NetKind.SEED.spec(new NetKind.Sizes(256, 256, 2, false), new int[] {84, 84, 1}, 4);
        try (FloatArena p = new FloatArena(seed.layout())) {
            Initializer.initialize(seed, p, 5, Initializer.Scheme.TRUNCATED_NORMAL);
            double sum = 0, squares = 0;
            long weights = 0;
            for (Layout.Tensor t : seed.layout().tensors()) {
                MemorySegment m = p.tensor(t.name());
                for (int i = 0; i < t.size(); i++) {
                    float v = m.getAtIndex(ValueLayout.JAVA_FLOAT, i);
                    if (t.name().endsWith(".b")) {
                        boolean forget = t.name().equals("lstm.b") && i >= 256 && i < 512;
                        assertEquals(forget ? 1.01f : 0.01f, v, 1e-7, t.name() + "[" + i + "]");
                    } else {
                        assertTrue(Math.abs(v) <= 0.02f, t.name() + "[" + i + "] = " + v + " beyond two deviations");
                        sum += v;
                        squares += (double) v * v;
                        weights++;
                    }
                }
            }
            double mean = sum / weights, std = Math.sqrt(squares / weights - mean * mean);
            // a normal truncated at 2 deviations keeps 0.8796 of its deviation
            assertEquals(0.01 * 0.8796, std, 0.01 * 0.8796 * 0.01, "over " + weights + " weights");
            assertEquals(0, mean, 1e-4);
        }
    }

    @Test
    void theOptionNamesTheScheme(@TempDir Path dir) {
        assertEquals(Initializer.Scheme.ENGINE, Runs.options(dir, "--env", "catch").initScheme());
        assertEquals(Initializer.Scheme.TRUNCATED_NORMAL, Runs.options(dir, "--env", "catch", "--init", "truncated-normal").initScheme());
        UserError e = org.junit.jupiter.api.Assertions.assertThrows(UserError.class, () -> Runs.options(dir, "--env", "catch", "--init", "xavier"));
        assertEquals("--init=xavier is not an initialisation: use engine or truncated-normal", e.getMessage());
    }
}
