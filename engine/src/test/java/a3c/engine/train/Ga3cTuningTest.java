package a3c.engine.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** GA3C's dynamic adjustment: a trial that does not beat the counts kept is undone; one that does is kept. */
class Ga3cTuningTest {
    /** How far apart two count vectors are: the sum of the absolute differences. */
    private static int distance(int[] a, int[] b) {
        int d = 0;
        for (int i = 0; i < a.length; i++) {
            d += Math.abs(a[i] - b[i]);
        }
        return d;
    }

    @Test
    void keepsBetterTrialsUndoesWorseOnesAndStaysInRange() {
        for (long seed = 0; seed < 20; seed++) {
            Ga3cTuning t = new Ga3cTuning(6, 2, 3, seed);
            int[] start = t.counts();
            int[] trial = t.next(1000); // the first interval is kept as measured
            assertEquals(1000, t.keptRate());
            assertTrue(distance(start, trial) <= 1, "one step from the configured counts");
            int[] kept = start;
            double keptRate = 1000;
            double[] rates = {900, 1100, 1100, 1200, 800, 1300, 1250, 1400};
            for (double rate : rates) {
                int[] next = t.next(rate);
                if (rate > keptRate) { // the trial did better: it is what the next move starts from
                    kept = trial;
                    keptRate = rate;
                }
                assertEquals(keptRate, t.keptRate(), "seed " + seed);
                assertTrue(distance(kept, next) <= 1, "seed " + seed + ": the next trial is one step from the counts kept");
                int[] max = {6, 2, 3};
                for (int i = 0; i < 3; i++) {
                    assertTrue(next[i] >= 1 && next[i] <= max[i], "seed " + seed + ": count " + i + " = " + next[i]);
                }
                trial = next;
            }
        }
    }

    @Test
    void aWorseTrialGoesBackExactly() {
        Ga3cTuning t = new Ga3cTuning(8, 1, 1, 5);
        t.next(500); // kept: 8, 1, 1; trying one step
        int[] afterWorse = t.next(100);
        assertEquals(500, t.keptRate());
        assertTrue(distance(new int[] {8, 1, 1}, afterWorse) <= 1, "back at 8, 1, 1, then one step");
    }
}
