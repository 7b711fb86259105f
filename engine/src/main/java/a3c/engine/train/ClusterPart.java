package a3c.engine.train;

import a3c.engine.log.RunSink;
import a3c.engine.net.NetSpec;

/**
 * A run's part in a cluster ({@code train --cluster}): the learner, whose model is the master that the worker
 * nodes' changes are added to and which trains nothing itself, or a worker node, which trains its own model
 * with its Hogwild threads and exchanges changes with the learner. A run without one trains on this machine alone.
 */
public interface ClusterPart extends AutoCloseable {
    /** Whether this machine's Hogwild workers train (a worker node) or not (the learner). */
    boolean trainsHere();

    /**
     * Called once the model holds its starting parameters (initialised or restored) and before anything
     * trains or is logged: the learner starts listening, a worker node takes the learner's parameters and counters.
     */
    void start(NetSpec spec, SharedModel shared, RunState state, EventBus bus);

    /** The learner's nodes and traffic since the last call, for the progress line and metrics.csv; null on a worker node. */
    Traffic traffic();

    /** Worker nodes training, and syncs and megabytes (changes in, parameters out) per second over an interval. */
    record Traffic(int nodes, double syncsPerSecond, double megabytesPerSecond) {
    }

    /**
     * Of the run's frames, those this machine's threads trained (a worker node's count is the run's, which the
     * learner's answers move on by the other nodes' frames); -1 on the learner, which trains nothing.
     */
    default long framesHere() {
        return -1;
    }

    /** A further sink for the run's numbers, or null. */
    RunSink sink();

    /** After this machine's workers stopped and before the final checkpoint: the cluster changes the model no more. */
    void stop();

    /** After the final checkpoint (or a failure before it): stops changing the model if it still did, and leaves the cluster. */
    @Override
    void close();
}
