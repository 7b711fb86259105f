package a3c.engine.cluster;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

import a3c.engine.cluster.Messages.Game;
import a3c.engine.cluster.Messages.Hello;
import a3c.engine.cluster.Messages.Refused;
import a3c.engine.cluster.Messages.Stop;
import a3c.engine.cluster.Messages.Sync;
import a3c.engine.cluster.Messages.Synced;
import a3c.engine.cluster.Messages.ToWorker;
import a3c.engine.cluster.Messages.Welcome;
import a3c.engine.log.RunSink;
import a3c.engine.net.NetSpec;
import a3c.engine.train.ClusterPart;
import a3c.engine.train.EventBus;
import a3c.engine.train.RunState;
import a3c.engine.train.SharedModel;

/**
 * The learner of {@code train --cluster learner}: it holds the master parameters (the run's model), trains
 * nothing itself, and applies each worker node's change as it arrives, answering that node alone with the
 * parameters after it (Ray's A3C driver). Its run directory gets the run's config, logs and checkpoints:
 * frames, updates and games are the nodes' summed, and the progress line adds the nodes and the traffic.
 * One actor does all of it, one message at a time, so the model never sees two changes at once.
 */
public final class Learner implements ClusterPart {
    private final ClusterSystem.Address bind;
    private final Map<String, String> config;
    private final long seed;
    private final PrintStream out;
    private ActorSystem<Void> system;
    private final CompletableFuture<ActorRef<Object>> actor = new CompletableFuture<>();
    private volatile boolean stopped;

    // read by the monitor thread for the progress line
    private volatile int nodes;
    private final AtomicLong syncs = new AtomicLong(), bytes = new AtomicLong();
    private long lastSyncs, lastBytes, lastNanos = System.nanoTime();

    /** {@code config}: the run's every resolved setting, which the workers train with. */
    public Learner(ClusterSystem.Address bind, Map<String, String> config, long seed, PrintStream out) {
        this.bind = bind;
        this.config = new LinkedHashMap<>(config);
        this.seed = seed;
        this.out = out;
    }

    @Override
    public boolean trainsHere() {
        return false;
    }

    @Override
    public void start(NetSpec spec, SharedModel shared, RunState state, EventBus bus) {
        system = ClusterSystem.start(Behaviors.setup(ctx -> {
            actor.complete(ctx.spawn(Behaviors.<Object>setup(c -> new Actor(c, spec, shared, state, bus)), ClusterSystem.LEARNER));
            return Behaviors.empty();
        }), bind, bind, "--bind");
        out.println("learner at " + bind + ": start worker nodes with train --cluster worker --join " + bind);
    }

    @Override
    public Traffic traffic() {
        long now = System.nanoTime();
        long s = syncs.get(), b = bytes.get();
        double dt = (now - lastNanos) / 1e9;
        Traffic t = new Traffic(nodes, dt > 0 ? (s - lastSyncs) / dt : 0.0, dt > 0 ? (b - lastBytes) / dt / 1e6 : 0.0);
        lastSyncs = s;
        lastBytes = b;
        lastNanos = now;
        return t;
    }

    @Override
    public RunSink sink() {
        return null;
    }

    /** Tells every node the run is over and waits until the actor changes the model no more. */
    @Override
    public void stop() {
        if (stopped || system == null) {
            return;
        }
        stopped = true;
        CompletableFuture<Void> done = new CompletableFuture<>();
        actor.thenAccept(a -> a.tell(new Close(done)));
        try {
            done.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the learner's actor did not stop within 10 s: " + e, e);
        }
    }

    @Override
    public void close() {
        if (system != null) {
            try {
                stop();
            } finally {
                ClusterSystem.stop(system);
                system = null;
            }
        }
    }

    /** The run is over: no more changes to the model; every node is told to stop. */
    private record Close(CompletableFuture<Void> done) {
    }

    /** A node's link actor is gone: the node left, or the cluster removed it. */
    private record NodeLeft(int node) {
    }

    private record Node(ActorRef<ToWorker> link, int threads, long[] frames) {
    }

    private final class Actor extends AbstractBehavior<Object> {
        private final NetSpec spec;
        private final SharedModel shared;
        private final RunState state;
        private final EventBus.Writer events;
        private final long floats;
        private final Map<Integer, Node> members = new LinkedHashMap<>();
        private int nextNode = 1;
        private boolean closed;

        Actor(ActorContext<Object> context, NetSpec spec, SharedModel shared, RunState state, EventBus bus) {
            super(context);
            this.spec = spec;
            this.shared = shared;
            this.state = state;
            this.events = bus.writer();
            this.floats = shared.parameters().floats();
        }

        @Override
        public Receive<Object> createReceive() {
            return newReceiveBuilder()
                    .onMessage(Hello.class, h -> failing(() -> hello(h)))
                    .onMessage(Sync.class, s -> failing(() -> sync(s)))
                    .onMessage(NodeLeft.class, this::left)
                    .onMessage(Close.class, this::close)
                    .build();
        }

        /** A failure here stops the run with its cause (an actor's exception would otherwise only be logged). */
        private Behavior<Object> failing(Supplier<Behavior<Object>> handler) {
            try {
                return handler.get();
            } catch (RuntimeException | Error e) {
                state.fail(e);
                return this;
            }
        }

        private Behavior<Object> hello(Hello h) {
            if (closed) {
                h.replyTo().tell(new Refused("the run at the learner " + bind + " is over: start a new learner"));
                return this;
            }
            if (!h.version().equals(EngineVersion.current())) {
                h.replyTo().tell(new Refused("this node runs engine " + h.version() + ", the learner " + EngineVersion.current()
                        + ": run the same engine.jar on every node"));
                return this;
            }
            int node = 0;
            for (Map.Entry<Integer, Node> m : members.entrySet()) {
                node = m.getValue().link().equals(h.replyTo()) ? m.getKey() : node;
            }
            if (node == 0) { // not a hello repeated while the welcome was on its way
                node = nextNode++;
                members.put(node, new Node(h.replyTo(), h.threads(), new long[1]));
                nodes = members.size();
                getContext().watchWith(h.replyTo(), new NodeLeft(node));
                out.println("node " + node + " joined from " + h.replyTo().path().address() + " with " + h.threads() + " threads; " + nodes + " training");
            }
            h.replyTo().tell(new Welcome(node, seed * 1_000_003L + 7_919L * node, spec.signature(), config, state.frames.getVolatile(),
                    shared.updates().getVolatile(), ParameterSync.copy(shared.parameters().segment(), floats)));
            return this;
        }

        private Behavior<Object> sync(Sync s) {
            Node node = members.get(s.node());
            if (closed || node == null) {
                s.replyTo().tell(closed ? new Stop("the learner finished the run (" + state.stopReason() + ")", false)
                        : new Stop("the learner does not know node " + s.node() + " (the cluster removed it): start the node again to rejoin", true));
                return this;
            }
            if (!ParameterSync.finite(s.delta())) { // the model stays as it was; the node stops with the reason
                s.replyTo().tell(new Stop("the learner refused this node's change: it holds NaN or infinite parameters (its training diverged;"
                        + " a lower --lr on the learner may help)", true));
                out.println("node " + s.node() + " sent NaN or infinite parameters (its training diverged): refused, the node is stopped");
                members.remove(s.node());
                nodes = members.size();
                return this;
            }
            ParameterSync.add(shared.parameters().segment(), floats, s.delta());
            long frames = state.frames.addAndGet(s.frames());
            shared.updates().addAndGet(s.updates());
            node.frames()[0] += s.frames();
            for (Game g : s.games()) {
                events.episode(s.node(), frames, g.rawReturn(), g.length());
            }
            if (!Double.isNaN(s.policyLoss())) { // the node's last progress interval, one "rollout" of its means
                events.rollout(s.node(), 1, s.policyLoss(), s.valueLoss(), s.entropy(), s.gradNorm(), 0);
            }
            byte[] parameters = ParameterSync.copy(shared.parameters().segment(), floats);
            s.replyTo().tell(new Synced(frames, shared.updates().getVolatile(), parameters));
            syncs.incrementAndGet();
            bytes.addAndGet(s.delta().length + parameters.length);
            return this;
        }

        private Behavior<Object> left(NodeLeft l) {
            Node gone = members.remove(l.node());
            nodes = members.size();
            if (gone != null && !closed) {
                out.println(String.format(Locale.ROOT, "node %d left (%,d frames from it); %d training", l.node(), gone.frames()[0], nodes));
            }
            return this;
        }

        private Behavior<Object> close(Close c) {
            closed = true;
            for (Node n : members.values()) {
                n.link().tell(new Stop("the learner finished the run (" + state.stopReason() + ")", false));
            }
            c.done().complete(null);
            return this;
        }
    }
}
