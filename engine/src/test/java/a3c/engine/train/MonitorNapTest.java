package a3c.engine.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** How long the monitor sleeps between two looks at the run (it looked every 10 ms until the naps). */
class MonitorNapTest {
    private static final long MS = 1_000_000L, FAR = 3_600_000 * MS;

    private static Monitor monitor(Limits limits, long checkpointUpdates) {
        return new Monitor(new RunState(), null, null, limits, 5, 10, checkpointUpdates, () -> 0, null, 0, null, null);
    }

    @Test
    void sleepsItsLongestNapWhenNothingIsDue() {
        Monitor m = monitor(new Limits(1_000_000, 0, 0, false), 0);
        long now = System.nanoTime();
        assertEquals(Monitor.NAP_NANOS, m.nap(now, now + FAR, now + FAR));
        assertTrue(Monitor.NAP_NANOS > Monitor.SHORT_NAP_NANOS);
    }

    @Test
    void wakesForTheNextProgressRowOrCheckpoint() {
        Monitor m = monitor(new Limits(1_000_000, 0, 0, false), 0);
        long now = System.nanoTime();
        assertEquals(30 * MS, m.nap(now, now + 30 * MS, now + FAR));
        assertEquals(7 * MS, m.nap(now, now + FAR, now + 7 * MS));
        assertEquals(0, m.nap(now, now - 5 * MS, now + FAR), "a row already due: no sleep");
    }

    @Test
    void wakesForTheTimeLimit() {
        Monitor m = monitor(new Limits(1_000_000, 0.040, 0, false), 0);
        long nap = m.nap(System.nanoTime(), Long.MAX_VALUE / 2, Long.MAX_VALUE / 2);
        assertTrue(nap <= 40 * MS, nap + " ns: past the 40 ms limit");
        assertEquals(0, m.nap(System.nanoTime() + 50 * MS, Long.MAX_VALUE / 2, Long.MAX_VALUE / 2), "the limit passed: no sleep");
    }

    @Test
    void looksOftenWhereItCountsGamesOrUpdates() {
        long now = System.nanoTime();
        assertEquals(Monitor.SHORT_NAP_NANOS, monitor(new Limits(1_000_000, 0, 20, false), 0).nap(now, now + FAR, now + FAR),
                "a limit on games");
        assertEquals(Monitor.SHORT_NAP_NANOS, monitor(new Limits(1_000_000, 0, 0, false), 100).nap(now, now + FAR, now + FAR),
                "a checkpoint every 100 updates");
    }
}
