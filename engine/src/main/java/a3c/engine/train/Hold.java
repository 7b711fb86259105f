package a3c.engine.train;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Parks every thread of a run between two of its duty cycles (a worker's rollout and update, a GA3C thread's round)
 * while requested, so that something else can have the cores: {@code bench train} measures the emulator on the
 * cores the run trains on, in phases between stretches of training, so that the host's drift hits both alike.
 * A parked thread does no work and holds nothing another thread waits for; a stop ends the parking.
 */
public final class Hold {
    /**
     * How often a parked thread looks whether the run has stopped; a release wakes it at once. Rarely: a thread that
     * woke every 100 us took a few per cent of a core from the measurement it parked for.
     */
    private static final long PARK_NANOS = 20_000_000;
    private volatile boolean requested;
    /** The run's threads that park here (0 until they start). */
    private volatile int threads;
    private final AtomicInteger parked = new AtomicInteger();
    private final Queue<Thread> sleepers = new ConcurrentLinkedQueue<>();

    /** From now on each thread parks at the end of its duty cycle in progress. */
    public void request() {
        requested = true;
    }

    /** The parked threads go on. */
    public void release() {
        requested = false;
        for (Thread t : sleepers) {
            LockSupport.unpark(t);
        }
    }

    boolean requested() {
        return requested;
    }

    /** Set by the run before it starts its threads. */
    void threads(int n) {
        threads = n;
    }

    /**
     * Waits until every thread of the run is parked.
     *
     * @throws IllegalStateException if the run stops first (its failure as the cause) or the time runs out
     */
    public void awaitParked(RunState state, double timeoutSeconds) throws InterruptedException {
        long deadline = System.nanoTime() + (long) (timeoutSeconds * 1e9);
        while (threads == 0 || parked.get() < threads) {
            if (state.stopRequested()) {
                throw state.stopped("while its threads were asked to pause");
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(parked.get() + " of " + threads + " threads paused after " + timeoutSeconds
                        + " s: a duty cycle (a rollout and update) takes longer than that");
            }
            Thread.sleep(1);
        }
    }

    /** Called by a run's thread between duty cycles: parks while the hold is requested and the run goes on. */
    void park(RunState state) {
        Thread me = Thread.currentThread();
        sleepers.add(me);
        parked.incrementAndGet();
        try {
            // a release after the test below still wakes the park: unpark before park makes it return at once
            while (requested && !state.stopRequested()) {
                LockSupport.parkNanos(this, PARK_NANOS);
            }
        } finally {
            parked.decrementAndGet();
            sleepers.remove(me);
        }
    }
}
