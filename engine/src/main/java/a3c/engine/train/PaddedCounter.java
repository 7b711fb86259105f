package a3c.engine.train;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A counter that every worker adds to, alone on its cache line: the long in the middle of a 16-long array
 * has 64 bytes of unused array on each side, so no other hot field shares its line.
 */
public final class PaddedCounter {
    private static final int SLOT = 8;
    private final AtomicLongArray cells = new AtomicLongArray(2 * SLOT);

    /** Adds {@code delta} (a full fence, like {@code getAndAdd}); returns the new value. */
    public long addAndGet(long delta) {
        return cells.addAndGet(SLOT, delta);
    }

    /** A volatile read. */
    public long getVolatile() {
        return cells.get(SLOT);
    }

    /** Sets {@code update} if the counter holds {@code expected} (a cluster node moving its count onto the run's). */
    public boolean compareAndSet(long expected, long update) {
        return cells.compareAndSet(SLOT, expected, update);
    }

    /** A volatile write (setup and resume only). */
    public void setVolatile(long value) {
        cells.set(SLOT, value);
    }
}
