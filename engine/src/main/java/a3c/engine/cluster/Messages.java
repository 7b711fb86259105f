package a3c.engine.cluster;

import java.util.Map;

import org.apache.pekko.actor.typed.ActorRef;

/**
 * What the learner and the worker nodes say to each other. Parameters travel as raw little-endian floats (fp32
 * in a welcome; fp16 in an answer to a change, fp32 for a part beyond fp16's range) and their changes as
 * little-endian fp16 ({@link ParameterSync}), in a {@code byte[]} ({@link MessageSerializer}; never Java
 * serialization).
 */
public final class Messages {
    private Messages() {
    }

    /** Every message of the cluster: bound to {@link MessageSerializer} in the actor system's configuration. */
    public sealed interface Message permits ToLearner, ToWorker {
    }

    /** What the learner's actor receives from worker nodes. */
    public sealed interface ToLearner extends Message permits Hello, DeltaPart, Sync {
    }

    /** What a worker node's link actor receives from the learner. */
    public sealed interface ToWorker extends Message permits Welcome, Refused, ParametersPart, Synced, Stop {
    }

    /** A worker asks to join the run: its engine version (a different one is refused) and its Hogwild threads. */
    public record Hello(String version, int threads, ActorRef<ToWorker> replyTo) implements ToLearner {
    }

    /**
     * The run a worker joins: the learner's every resolved setting, the worker's node number and seed, the
     * network's signature (the worker checks that it builds the same), the counters and the current parameters.
     */
    public record Welcome(int node, long seed, String signature, Map<String, String> config, long frames, long updates,
                          byte[] parameters) implements ToWorker {
    }

    /** The learner will not take this worker: why, and what to do about it (one line). */
    public record Refused(String reason) implements ToWorker {
    }

    /** One finished game on a worker node, raw return and length in agent steps. */
    public record Game(double rawReturn, long length) {
    }

    /**
     * One part of a worker node's sync: the change of its parameters from {@code offset} on (at most
     * {@link ParameterSync#PART} of them, as fp16), and how many parameters its network has. The parts of a sync
     * come first, then its {@link Sync}.
     */
    public record DeltaPart(int node, long parameters, int offset, byte[] delta, ActorRef<ToWorker> replyTo) implements ToLearner {
    }

    /**
     * The end of a worker node's sync: frames and updates done since the last one, the games finished, and the
     * means of its last progress interval (NaN when none came since the last sync); {@code last}: the node's
     * threads have stopped and this sync carries the rest of what they did.
     */
    public record Sync(int node, long frames, long updates, Game[] games, double policyLoss, double valueLoss, double entropy,
                       double gradNorm, boolean last, ActorRef<ToWorker> replyTo) implements ToLearner {
    }

    /** The learner's answer to one {@link DeltaPart}: its parameters there, after adding that change (fp16, or fp32 where one is beyond fp16's range). */
    public record ParametersPart(int offset, byte[] parameters) implements ToWorker {
    }

    /** The learner's answer to one {@link Sync}, after the answers to its parts: the run's counters. */
    public record Synced(long frames, long updates) implements ToWorker {
    }

    /** Stop training, and why: the {@link Kind} says what the learner still takes from the node. */
    public record Stop(String reason, Kind kind) implements ToWorker {
        public enum Kind {
            /** The run is over: stop training and send the last sync, which the learner still counts. */
            FINISHED,
            /** The learner refuses this node (another network, a corrupted or non-finite change, a node it removed). */
            REFUSED,
            /** The run is over and the learner takes no more syncs: this answers one. */
            CLOSED
        }

        public boolean refused() {
            return kind == Kind.REFUSED;
        }
    }
}
