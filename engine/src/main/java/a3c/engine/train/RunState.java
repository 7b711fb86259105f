package a3c.engine.train;

import java.util.concurrent.atomic.AtomicReference;

/**
 * What all threads of a run share besides the model: the global counters, the stop flag, and the first
 * error. A worker that throws records its cause here and the whole run stops with it.
 */
public final class RunState {
    /** Environment frames done by all workers (drives the learning-rate schedule and the stop). */
    public final PaddedCounter frames = new PaddedCounter();
    /** Finished games (raw episodes) of all workers. */
    public final PaddedCounter episodes = new PaddedCounter();
    /**
     * GA3C: updates that found more than {@link #BACKLOG_BATCHES} x {@code --min-batch} steps waiting for the
     * trainers (the A3C/GA3C notebook's "Optimizer alert": the trainers do not keep up with the agents).
     */
    public final PaddedCounter backlogUpdates = new PaddedCounter();
    public static final int BACKLOG_BATCHES = 5;
    /** Pauses every thread of the run between duty cycles while requested ({@code bench train}'s emulator phases). */
    public final Hold hold = new Hold();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile boolean stopRequested;
    private volatile String stopReason = "";
    private volatile boolean interrupted;

    public boolean stopRequested() {
        return stopRequested;
    }

    /** Asks every thread to finish its current rollout and stop. The first reason given is kept. */
    public void requestStop(String reason) {
        if (!stopRequested) {
            stopReason = reason;
            stopRequested = true;
        }
    }

    /** Ctrl-C or SIGTERM: stop, and drop work that is not needed for the final checkpoint (an evaluation in progress). */
    public void interrupt() {
        interrupted = true;
        requestStop("interrupted");
    }

    public boolean interrupted() {
        return interrupted;
    }

    public String stopReason() {
        return stopReason;
    }

    /** Records the first failure of any thread and stops the run. */
    public void fail(Throwable cause) {
        failure.compareAndSet(null, cause);
        requestStop("failure");
    }

    /** The first failure, or null. */
    public Throwable failure() {
        return failure.get();
    }

    /**
     * What a thread that needed the run to go on says once it has stopped ({@code when}: what it was waiting for):
     * the stop's reason, the hint to give a run whose frames ran out more of them, its failure as the cause.
     */
    public IllegalStateException stopped(String when) {
        return new IllegalStateException("the run stopped (" + stopReason + ") " + when
                + ("frames done".equals(stopReason) ? ": give it more --frames" : ""), failure());
    }
}
