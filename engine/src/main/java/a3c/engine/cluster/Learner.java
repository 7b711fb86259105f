package a3c.engine.cluster;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

import a3c.engine.cluster.Messages.DeltaPart;
import a3c.engine.cluster.Messages.Game;
import a3c.engine.cluster.Messages.Hello;
import a3c.engine.cluster.Messages.ParametersPart;
import a3c.engine.cluster.Messages.Refused;
import a3c.engine.cluster.Messages.Stop;
import a3c.engine.cluster.Messages.Sync;
import a3c.engine.cluster.Messages.Synced;
import a3c.engine.cluster.Messages.ToWorker;
import a3c.engine.cluster.Messages.Welcome;
import a3c.engine.io.CsvWriter;
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
    /** The learner's per-node log in its run directory. */
    public static final String NODES = "nodes.csv";

    /** Seconds the end of a run waits for the nodes' last syncs (a node's threads stop after their rollout, then it syncs). */
    static final long LAST_SYNC_SECONDS = 10;

    private final ClusterSystem.Address bind;
    private final Map<String, String> config;
    private final long seed;
    private final PrintStream out;
    private ActorSystem<Void> system;
    private final Path runDir;
    /** nodes.csv: each node's frames, syncs and megabytes per second, a row per node per progress interval. */
    private CsvWriter perNode;
    private RunState state;
    /** The nodes training now (the actor adds and removes; the monitor thread reads). */
    private final Set<Node> alive = ConcurrentHashMap.newKeySet();
    private final CompletableFuture<ActorRef<Object>> actor = new CompletableFuture<>();
    private volatile boolean stopped;

    // read by the monitor thread for the progress line
    private final AtomicLong syncs = new AtomicLong(), bytes = new AtomicLong();
    private long lastSyncs, lastBytes, lastNanos = System.nanoTime();

    /** {@code config}: the run's every resolved setting, which the workers train with. */
    public Learner(ClusterSystem.Address bind, Map<String, String> config, long seed, Path runDir, PrintStream out) {
        this.bind = bind;
        this.runDir = runDir;
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
        this.state = state;
        system = ClusterSystem.start(Behaviors.setup(ctx -> {
            actor.complete(ctx.spawn(Behaviors.<Object>setup(c -> new Actor(c, spec, shared, state, bus)), ClusterSystem.LEARNER));
            return Behaviors.empty();
        }), bind, bind, "--bind");
        try {
            Files.createDirectories(runDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + runDir + ": " + e.getMessage(), e);
        }
        perNode = new CsvWriter(runDir.resolve(NODES), "frames", "node", "frames_per_s", "syncs_per_s", "mb_per_s");
        out.println("learner at " + bind + ": start worker nodes with train --cluster worker --join " + bind);
    }

    @Override
    public Traffic traffic() {
        long now = System.nanoTime();
        long s = syncs.get(), b = bytes.get();
        double dt = (now - lastNanos) / 1e9;
        Traffic t = new Traffic(alive.size(), dt > 0 ? (s - lastSyncs) / dt : 0.0, dt > 0 ? (b - lastBytes) / dt / 1e6 : 0.0);
        lastSyncs = s;
        lastBytes = b;
        lastNanos = now;
        if (perNode != null && dt > 0) {
            long frames = state.frames.getVolatile();
            for (Node n : alive) {
                long[] was = lastPerNode.computeIfAbsent(n.number(), k -> new long[3]);
                long f = n.frames().get(), sy = n.syncs().get(), by = n.bytes().get();
                perNode.add(frames).add(n.number()).add((f - was[0]) / dt).add((sy - was[1]) / dt).add((by - was[2]) / dt / 1e6).endRow();
                was[0] = f;
                was[1] = sy;
                was[2] = by;
            }
            perNode.flush();
        }
        return t;
    }

    @Override
    public RunSink sink() {
        return null;
    }

    /**
     * Tells every node the run is over, waits (at most {@link #LAST_SYNC_SECONDS}) for each one's last sync,
     * which the run counts like any other (its frames, games and change), then until the actor changes the
     * model no more.
     */
    @Override
    public void stop() {
        if (stopped || system == null) {
            return;
        }
        stopped = true;
        CompletableFuture<Void> lastSyncs = new CompletableFuture<>(), done = new CompletableFuture<>();
        actor.thenAccept(a -> a.tell(new Finish(lastSyncs)));
        try {
            lastSyncs.get(LAST_SYNC_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            // the close says which nodes did not sync
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException("waiting for the nodes' last syncs failed: " + e, e);
        }
        actor.thenAccept(a -> a.tell(new Close(done)));
        try {
            done.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the learner's actor did not stop within 10 s: " + e, e);
        }
    }

    @Override
    public void close() {
        try {
            if (system != null) {
                try {
                    stop();
                } finally {
                    ClusterSystem.stop(system);
                    system = null;
                }
            }
        } finally {
            if (perNode != null) {
                perNode.close();
                perNode = null;
            }
        }
    }

    /** The run is over: every node is told to stop and send its last sync; {@code lastSyncs} completes once all have. */
    private record Finish(CompletableFuture<Void> lastSyncs) {
    }

    /** After the last syncs: no more changes to the model. */
    private record Close(CompletableFuture<Void> done) {
    }

    /** A node's link actor is gone: the node left, or the cluster removed it. */
    private record NodeLeft(int node) {
    }

    /** A node of the run and its counters (written by the actor, read by the monitor thread for nodes.csv). */
    private record Node(int number, ActorRef<ToWorker> link, int threads, AtomicLong frames, AtomicLong syncs, AtomicLong bytes) {
    }

    /** Each node's counters at the last nodes.csv row: frames, syncs, bytes. */
    private final Map<Integer, long[]> lastPerNode = new LinkedHashMap<>();

    private final class Actor extends AbstractBehavior<Object> {
        private final NetSpec spec;
        private final SharedModel shared;
        private final RunState state;
        private final EventBus.Writer events;
        private final long floats;
        private final Map<Integer, Node> members = new LinkedHashMap<>();
        private int nextNode = 1;
        /** The run is over: from {@link Finish} on no node joins; from {@link Close} on no sync is taken. */
        private boolean finishing, closed;
        /** Nodes that sent their last sync (their threads stopped), and those the finish still waits for. */
        private final Set<Integer> synced = new HashSet<>(), awaited = new HashSet<>();
        private CompletableFuture<Void> lastSyncs;

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
                    .onMessage(DeltaPart.class, p -> failing(() -> part(p)))
                    .onMessage(Sync.class, s -> failing(() -> sync(s)))
                    .onMessage(NodeLeft.class, this::left)
                    .onMessage(Finish.class, this::finish)
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
            if (finishing) {
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
                Node joined = new Node(node, h.replyTo(), h.threads(), new AtomicLong(), new AtomicLong(), new AtomicLong());
                members.put(node, joined);
                alive.add(joined);
                getContext().watchWith(h.replyTo(), new NodeLeft(node));
                out.println("node " + node + " joined from " + h.replyTo().path().address() + " with " + h.threads() + " threads; " + alive.size() + " training");
            }
            h.replyTo().tell(new Welcome(node, seed * 1_000_003L + 7_919L * node, spec.signature(), config, state.frames.getVolatile(),
                    shared.updates().getVolatile(), ParameterSync.copy(shared.parameters().segment(), floats)));
            return this;
        }

        /**
         * One part of a node's change: checked, added to the master parameters, answered with them. A part that
         * fails its check is not applied, and the node is stopped; the parts of its sync before it stay applied
         * (they were finite; a node's own training stops at its first non-finite loss before it sends any).
         */
        private Behavior<Object> part(DeltaPart p) {
            Node node = members.get(p.node());
            if (closed || node == null) {
                return this; // the sync's end answers why
            }
            if (p.parameters() != floats || !ParameterSync.fitsChange(p.delta(), p.offset(), floats)) { // another network, or a corrupted message
                refuse(p.node(), p.replyTo(), "the learner refused this node's change of " + p.delta().length / ParameterSync.CHANGE_BYTES + " parameters at "
                        + p.offset() + " of " + p.parameters() + " for a network of " + floats + ": run the same engine.jar and settings on every node");
                return this;
            }
            if (!ParameterSync.finite(p.delta())) {
                refuse(p.node(), p.replyTo(), "the learner refused this node's change: it holds NaN or infinite parameters (its training diverged;"
                        + " a lower --lr on the learner may help)");
                return this;
            }
            byte[] parameters = ParameterSync.add(shared.parameters().segment(), floats, p.offset(), p.delta());
            p.replyTo().tell(new ParametersPart(p.offset(), parameters));
            bytes.addAndGet(p.delta().length + parameters.length);
            node.bytes().addAndGet(p.delta().length + parameters.length);
            return this;
        }

        /** The end of a node's sync, after its parts: its frames, updates, games and losses join the run's. */
        private Behavior<Object> sync(Sync s) {
            Node node = members.get(s.node());
            if (closed || node == null) {
                s.replyTo().tell(closed ? new Stop(finishedRun(), Stop.Kind.CLOSED)
                        : new Stop("the learner does not know node " + s.node() + " (the cluster removed it): start the node again to rejoin", Stop.Kind.REFUSED));
                return this;
            }
            long frames = state.frames.addAndGet(s.frames());
            shared.updates().addAndGet(s.updates());
            node.frames().addAndGet(s.frames());
            for (Game g : s.games()) {
                events.episode(s.node(), frames, g.rawReturn(), g.length());
            }
            if (!Double.isNaN(s.policyLoss())) { // the node's last progress interval, one "rollout" of its means
                events.rollout(s.node(), 1, s.policyLoss(), s.valueLoss(), s.entropy(), s.gradNorm(), 0);
            }
            s.replyTo().tell(new Synced(frames, shared.updates().getVolatile()));
            syncs.incrementAndGet();
            node.syncs().incrementAndGet();
            if (s.last()) {
                synced.add(s.node());
                lastSynced(s.node());
            }
            return this;
        }

        /** Why a node stops at the run's end. */
        private String finishedRun() {
            return "the learner finished the run (" + state.stopReason() + ")";
        }

        /** A node the finish waits for sent its last sync, or left. */
        private void lastSynced(int node) {
            if (awaited.remove(node) && awaited.isEmpty() && lastSyncs != null) {
                lastSyncs.complete(null);
            }
        }

        /** Stops a node with the reason and forgets it; what it sends from now on is not applied. */
        private void refuse(int number, ActorRef<ToWorker> replyTo, String reason) {
            replyTo.tell(new Stop(reason, Stop.Kind.REFUSED));
            out.println("node " + number + " stopped: " + reason);
            Node gone = forget(number);
            if (gone != null) {
                getContext().unwatch(gone.link()); // it may say hello again as a new node
            }
        }

        /** Removes a node from the run; returns it, or null if it was not in it. */
        private Node forget(int number) {
            lastSynced(number); // the finish waits for it no more
            Node gone = members.remove(number);
            if (gone != null) {
                alive.remove(gone);
            }
            return gone;
        }

        private Behavior<Object> left(NodeLeft l) {
            Node gone = forget(l.node());
            if (gone != null && !closed) {
                out.println(String.format(Locale.ROOT, "node %d left (%,d frames from it); %d training", l.node(), gone.frames().get(), alive.size()));
            }
            return this;
        }

        private Behavior<Object> finish(Finish f) {
            finishing = true;
            lastSyncs = f.lastSyncs();
            for (Node n : members.values()) {
                if (!synced.contains(n.number())) { // a node that stopped on its own (the run's frames reached) has synced its last
                    awaited.add(n.number());
                    n.link().tell(new Stop(finishedRun(), Stop.Kind.FINISHED));
                }
            }
            if (awaited.isEmpty()) {
                lastSyncs.complete(null);
            }
            return this;
        }

        private Behavior<Object> close(Close c) {
            closed = true;
            for (int node : awaited) {
                out.println("node " + node + " sent no last sync within " + LAST_SYNC_SECONDS + " s of the run's end: what it did since its last sync is not in the run's count");
                members.get(node).link().tell(new Stop(finishedRun(), Stop.Kind.CLOSED));
            }
            c.done().complete(null);
            return this;
        }
    }
}
