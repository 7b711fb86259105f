package a3c.bench;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** One short iteration of every benchmark, in this JVM, so that benchmarks never rot. */
class BenchSmokeTest {
    @Test
    void everyBenchmarkRunsAndCountsItsFlops() throws Exception {
        List<BenchMain.Row> rows = BenchMain.run(BenchMain.Pass.SMOKE, "a3c\\.bench\\..*", false);
        System.out.print(BenchMain.table(rows, false));
        assertFalse(rows.isEmpty(), "no benchmark ran");
        assertTrue(BenchMain.peak(rows) > 0, "the peak-FMA benchmark gave no rate");
        for (BenchMain.Row r : rows) {
            assertTrue(r.gflops() > 0 && Double.isFinite(r.gflops()), r.benchmark() + " " + r.shape() + " " + r.batch()
                    + " reported no FLOP rate");
        }
    }
}
