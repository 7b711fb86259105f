package a3c.engine.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/** The pause {@code bench train} puts a run's threads in between its emulator phases. */
class HoldTest {
    /** Threads that do duty cycles (a count each) and park between them while the hold is requested. */
    private static List<Thread> cycling(RunState state, AtomicLong cycles, int n) {
        List<Thread> threads = new ArrayList<>();
        state.hold.threads(n);
        for (int i = 0; i < n; i++) {
            Thread t = new Thread(() -> {
                while (!state.stopRequested()) {
                    if (state.hold.requested()) {
                        state.hold.park(state);
                    } else {
                        cycles.incrementAndGet();
                        Thread.onSpinWait();
                    }
                }
            }, "hold-test-" + i);
            t.start();
            threads.add(t);
        }
        return threads;
    }

    @Test
    void parkedThreadsDoNoCyclesUntilReleased() throws Exception {
        RunState state = new RunState();
        AtomicLong cycles = new AtomicLong();
        List<Thread> threads = cycling(state, cycles, 3);
        state.hold.request();
        state.hold.awaitParked(state, 10);
        long parked = cycles.get();
        Thread.sleep(100);
        assertEquals(parked, cycles.get(), "a parked thread went on cycling");
        state.hold.release();
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (cycles.get() == parked && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertTrue(cycles.get() > parked, "released threads did not go on");
        // and again: a second pause finds every thread
        state.hold.request();
        state.hold.awaitParked(state, 10);
        state.requestStop("test"); // a stop ends the parking without a release
        for (Thread t : threads) {
            t.join(5_000);
            assertTrue(!t.isAlive(), t.getName() + " stayed parked after the stop");
        }
    }

    @Test
    void waitingForAPauseEndsWithTheRunsFailureOrAfterTheTimeout() {
        RunState state = new RunState();
        state.hold.threads(2); // two threads that never come to park
        state.hold.request();
        IllegalStateException late = assertThrows(IllegalStateException.class, () -> state.hold.awaitParked(state, 0.05));
        assertTrue(late.getMessage().contains("0 of 2 threads paused"), late.getMessage());
        RuntimeException cause = new RuntimeException("a worker died");
        state.fail(cause);
        IllegalStateException stopped = assertThrows(IllegalStateException.class, () -> state.hold.awaitParked(state, 10));
        assertTrue(stopped.getMessage().contains("the run stopped (failure)"), stopped.getMessage());
        assertSame(cause, stopped.getCause());
        RunState done = new RunState();
        done.hold.threads(1);
        done.requestStop("frames done");
        IllegalStateException short_ = assertThrows(IllegalStateException.class, () -> done.hold.awaitParked(done, 10));
        assertTrue(short_.getMessage().endsWith("give it more --frames"), short_.getMessage());
    }
}
