package a3c.engine.train;

import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentTerminationException;

/**
 * A GA3C predictor or trainer: a duty cycle that stops with the run and idles while GA3C's dynamic adjustment
 * has paused it ({@code --dynamic}).
 */
abstract class Ga3cThread implements Agent {
    protected final RunState state;
    /** Cleared by the dynamic adjustment: the thread idles, keeping what it holds, until it is set again. */
    private volatile boolean active = true;

    Ga3cThread(RunState state) {
        this.state = state;
    }

    void setActive(boolean on) {
        active = on;
    }

    @Override
    public final int doWork() {
        if (state.stopRequested()) {
            throw new AgentTerminationException();
        }
        return active ? work() : 0;
    }

    /** One round of work; how much was done (0: nothing to do, the thread may idle). */
    abstract int work();
}
