package a3c.engine.cluster;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

import a3c.engine.UserError;
import a3c.engine.cluster.Messages.DeltaPart;
import a3c.engine.cluster.Messages.Game;
import a3c.engine.cluster.Messages.Hello;
import a3c.engine.cluster.Messages.ParametersPart;
import a3c.engine.cluster.Messages.Refused;
import a3c.engine.cluster.Messages.Stop;
import a3c.engine.cluster.Messages.Sync;
import a3c.engine.cluster.Messages.Synced;
import a3c.engine.cluster.Messages.ToLearner;
import a3c.engine.cluster.Messages.ToWorker;
import a3c.engine.cluster.Messages.Welcome;
import a3c.engine.log.Evaluation;
import a3c.engine.log.MetricsRow;
import a3c.engine.log.RunSink;
import a3c.engine.net.NetSpec;
import a3c.engine.train.ClusterPart;
import a3c.engine.train.EventBus;
import a3c.engine.train.PaddedCounter;
import a3c.engine.train.RunState;
import a3c.engine.train.SharedModel;

/**
 * A worker node of {@code train --cluster worker}: today's trainer (its Hogwild threads on its own arena and
 * its own optimiser statistics) plus a link to the learner that, every {@code --sync-ms}, sends the change of
 * the node's parameters with the frames, updates and games done since the last sync, and takes back the
 * learner's parameters ({@link ParameterSync}). The node's frame count follows the run's (all nodes'), so its
 * learning-rate schedule and its stop are the run's. One sync is in flight at a time.
 */
public final class WorkerNode implements ClusterPart {
    /** Seconds each attempt to rejoin a lost learner waits for its answer. */
    private static final double REJOIN_WAIT_SECONDS = 5;

    /** One membership of the learner's cluster: this node's actor system, its link actor, and the learner's welcome. */
    private record Connection(ActorSystem<Void> system, ActorRef<Object> link, Welcome welcome) {
    }

    private final ClusterSystem.Address learner;
    private final ClusterSystem.Address bind;
    private final int threads;
    private final Duration syncEvery;
    private final PrintStream out;
    private final Forwarder forwarder = new Forwarder();
    private final FramesHere framesHere = new FramesHere();
    private final AtomicBoolean rejoining = new AtomicBoolean();
    private volatile Connection connection;
    private volatile boolean closed;
    // set by start(): what a rejoin needs
    private String signature;
    private ParameterSync sync;
    private SharedModel shared;
    private RunState state;

    private WorkerNode(ClusterSystem.Address learner, ClusterSystem.Address bind, int threads, double syncMs, PrintStream out) {
        this.learner = learner;
        this.bind = bind;
        this.threads = threads;
        this.syncEvery = ClusterSystem.seconds(syncMs / 1000);
        this.out = out;
    }

    /**
     * Joins the learner at {@code join} and waits (at most {@code timeoutSeconds}) for its welcome: the run's
     * settings and parameters. {@code bind}: this node's address (port 0: any free port).
     */
    public static WorkerNode join(ClusterSystem.Address join, ClusterSystem.Address bind, int threads, double syncMs, double timeoutSeconds,
                                  PrintStream out) {
        WorkerNode node = new WorkerNode(join, bind, threads, syncMs, out);
        Connection c = node.connect(timeoutSeconds);
        if (c == null) {
            throw new UserError("no learner answered at " + join + " within " + (long) timeoutSeconds + " s: start train --cluster learner --bind "
                    + join + " first, or check the address, the port and the firewall (--join-timeout S waits longer)");
        }
        node.connection = c;
        out.println("joined the learner at " + join + " as node " + c.welcome().node() + " at " + String.format(Locale.ROOT, "%,d", c.welcome().frames())
                + " frames; syncing every " + (long) syncMs + " ms");
        return node;
    }

    /**
     * Starts an actor system for this node, joins the learner's cluster and waits for the learner's welcome;
     * null (the system stopped again) when none came within {@code seconds}; a refusal is a {@link UserError}.
     */
    private Connection connect(double seconds) {
        CompletableFuture<Object> answer = new CompletableFuture<>();
        CompletableFuture<ActorRef<Object>> linkRef = new CompletableFuture<>();
        Runnable[] lost = new Runnable[1];
        ActorSystem<Void> system = ClusterSystem.start(Behaviors.setup(ctx -> {
            linkRef.complete(ctx.spawn(Behaviors.<Object>setup(c -> Behaviors.withTimers(t -> new Link(c, t, learner, threads, answer,
                    () -> lost[0].run()))), ClusterSystem.LINK));
            return Behaviors.empty();
        }), bind, learner, "--bind");
        try {
            Object reply = answer.get((long) (seconds * 1000), TimeUnit.MILLISECONDS);
            if (reply instanceof Refused r) {
                throw new UserError("the learner at " + learner + " refused this node: " + r.reason());
            }
            Connection c = new Connection(system, linkRef.get(), (Welcome) reply);
            lost[0] = () -> lost(c);
            // a node cut off from the learner is downed by the split-brain resolver, which stops its actor system
            system.getWhenTerminated().thenRun(() -> lost(c));
            return c;
        } catch (TimeoutException e) {
            ClusterSystem.stop(system);
            return null;
        } catch (InterruptedException | ExecutionException e) {
            ClusterSystem.stop(system);
            throw new IllegalStateException("joining the learner at " + learner + " failed: " + e, e);
        } catch (RuntimeException e) {
            ClusterSystem.stop(system);
            throw e;
        }
    }

    /** What the learner sent on joining: the run's settings, this node's number and seed. */
    public Welcome welcome() {
        return connection.welcome();
    }

    @Override
    public boolean trainsHere() {
        return true;
    }

    @Override
    public void start(NetSpec spec, SharedModel model, RunState run, EventBus bus) {
        Welcome welcome = connection.welcome();
        if (!spec.signature().equals(welcome.signature())) {
            throw new UserError("this node builds the network " + spec.signature() + " but the learner at " + learner + " trains "
                    + welcome.signature() + ": run the same engine.jar on every node");
        }
        signature = spec.signature();
        shared = model;
        state = run;
        sync = new ParameterSync(model.parameters().segment(), model.parameters().floats());
        begin(connection);
    }

    /** Takes the learner's parameters and counters from its welcome and starts syncing. */
    private void begin(Connection c) {
        Welcome w = c.welcome();
        sync.start(w.parameters());
        framesHere.takeRun(state.frames, w.frames());
        shared.updates().setVolatile(w.updates());
        forwarder.takeGames(); // games played while no learner counted their frames
        c.link().tell(new Begin(w.node(), sync, shared, state, forwarder, framesHere, syncEvery, out));
    }

    /**
     * The learner is gone (its node left or was cut off, or this node was downed): this node trains on alone
     * and tries to rejoin the learner at the same address every few seconds (a learner restarted with
     * {@code train --resume}); on rejoining it takes the learner's parameters and counters.
     */
    private void lost(Connection c) {
        if (closed || connection != c || state == null || state.stopRequested() || !rejoining.compareAndSet(false, true)) {
            return;
        }
        Thread t = new Thread(() -> rejoin(c), "a3c-rejoin");
        t.setDaemon(true);
        t.start();
    }

    private void rejoin(Connection old) {
        try {
            out.println("lost the learner at " + learner + ": training on alone, trying to rejoin it every " + (long) REJOIN_WAIT_SECONDS + " s");
            ClusterSystem.stop(old.system());
            while (!closed && !state.stopRequested()) {
                Connection next = connect(REJOIN_WAIT_SECONDS);
                if (next == null) {
                    continue;
                }
                if (closed || state.stopRequested()) {
                    ClusterSystem.stop(next.system());
                    return;
                }
                if (!next.welcome().signature().equals(signature)) {
                    ClusterSystem.stop(next.system());
                    throw new UserError("the learner at " + learner + " now trains " + next.welcome().signature() + ", not this node's " + signature
                            + ": start this node again to join that run");
                }
                connection = next;
                begin(next);
                out.println("rejoined the learner at " + learner + " as node " + next.welcome().node() + " at "
                        + String.format(Locale.ROOT, "%,d", next.welcome().frames()) + " frames (its parameters replace this node's)");
                return;
            }
        } catch (Throwable e) {
            state.fail(e);
        } finally {
            rejoining.set(false);
        }
    }

    @Override
    public Traffic traffic() {
        return null;
    }

    @Override
    public long framesHere() {
        return state == null ? 0 : framesHere.here(state.frames);
    }

    /**
     * The run's frame count on this node split in two: the frames its own threads trained and the rest, which
     * the learner's answers (and a welcome) move the count on by. Both moves and a read of the split hold the
     * lock, so a read never sees the count moved and the rest not yet (the threads' own additions need no lock).
     */
    static final class FramesHere {
        private long elsewhere;

        /** A welcome: the count becomes the run's. */
        synchronized void takeRun(PaddedCounter frames, long run) {
            elsewhere += run - frames.getVolatile();
            frames.setVolatile(run);
        }

        /** A sync's answer: the run's count {@code run} at the learner, after it added the {@code sent} frames, plus what this node did since. */
        synchronized void moveOnto(PaddedCounter frames, long sent, long run) {
            Link.moveOnto(frames, sent, run);
            elsewhere += run - sent;
        }

        synchronized long here(PaddedCounter frames) {
            return frames.getVolatile() - elsewhere;
        }
    }

    @Override
    public RunSink sink() {
        return forwarder;
    }

    /**
     * The node's threads have stopped: one last sync takes what they did since the previous one to the learner
     * (so the run counts every frame), then no more (waits at most 10 s for the learner's answer).
     */
    @Override
    public void stop() {
        if (closed) {
            return;
        }
        closed = true;
        Connection c = connection;
        if (c == null || rejoining.get() || c.system().getWhenTerminated().toCompletableFuture().isDone()) {
            return; // no learner to tell
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        c.link().tell(new Quiet(done));
        try {
            done.get(10, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            out.println("the learner at " + learner + " did not answer this node's last sync within 10 s: its last frames are not in the run's count");
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException("the link to the learner failed while stopping: " + e, e);
        }
    }

    @Override
    public void close() {
        try {
            stop();
        } finally {
            Connection c = connection;
            if (c != null) {
                ClusterSystem.stop(c.system());
            }
        }
    }

    /** The node's games and the means of its progress intervals, collected on its monitor thread for the next sync. */
    static final class Forwarder implements RunSink {
        private final ConcurrentLinkedQueue<Game> games = new ConcurrentLinkedQueue<>();
        private volatile MetricsRow last;

        @Override
        public void metrics(MetricsRow row) {
            last = row;
        }

        @Override
        public void game(long frames, int thread, double rawReturn, long length) {
            games.add(new Game(rawReturn, length));
        }

        @Override
        public void evaluation(Evaluation e) {
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }

        Game[] takeGames() {
            List<Game> taken = new ArrayList<>();
            for (Game g = games.poll(); g != null; g = games.poll()) {
                taken.add(g);
            }
            return taken.toArray(Game[]::new);
        }

        /** The last progress interval's row, once (null when none came since the last call). */
        MetricsRow takeRow() {
            MetricsRow r = last;
            last = null;
            return r;
        }
    }

    /** The run starts training here: sync from now on. */
    private record Begin(int node, ParameterSync sync, SharedModel shared, RunState state, Forwarder forwarder, FramesHere framesHere,
                         Duration every, PrintStream out) {
    }

    /** Time for the next sync. */
    private enum Tick { INSTANCE }

    /** Resend the hello until the learner answers (the cluster may not have joined yet). */
    private enum Knock { INSTANCE }

    /** The learner's node is gone from the cluster. */
    private enum LearnerLost { INSTANCE }

    /** Stop syncing; {@code done} completes when no sync will touch the model any more. */
    private record Quiet(CompletableFuture<Void> done) {
    }

    private static final class Link extends AbstractBehavior<Object> {
        private final TimerScheduler<Object> timers;
        private final ActorRef<ToLearner> learner;
        private final ClusterSystem.Address learnerAddress;
        private final int threads;
        private final CompletableFuture<Object> answer;
        private final Runnable onLost;
        private Begin run;
        private boolean inFlight, quiet, lastSent;
        /** Set once the node stopped: completes when its last sync is answered (or cannot be). */
        private CompletableFuture<Void> finishing;
        private long framesSent, updatesSent, framesBase, updatesBase, sentAt;
        /** A sync unanswered this long is taken as lost. */
        private static final long ANSWER_NANOS = 30_000_000_000L;

        Link(ActorContext<Object> context, TimerScheduler<Object> timers, ClusterSystem.Address learnerAddress, int threads,
             CompletableFuture<Object> answer, Runnable onLost) {
            super(context);
            this.onLost = onLost;
            this.timers = timers;
            this.learnerAddress = learnerAddress;
            this.threads = threads;
            this.answer = answer;
            this.learner = ActorRefResolver.get(context.getSystem()).resolveActorRef(learnerAddress.uri() + "/user/" + ClusterSystem.LEARNER);
            knock(Knock.INSTANCE);
            timers.startTimerWithFixedDelay(Knock.INSTANCE, Duration.ofSeconds(1));
        }

        @Override
        public Receive<Object> createReceive() {
            return newReceiveBuilder()
                    .onMessageEquals(Knock.INSTANCE, () -> knock(Knock.INSTANCE))
                    .onMessage(Welcome.class, this::welcome)
                    .onMessage(Refused.class, r -> {
                        timers.cancel(Knock.INSTANCE);
                        answer.complete(r);
                        return this;
                    })
                    .onMessage(Begin.class, this::begin)
                    .onMessageEquals(Tick.INSTANCE, () -> failing(this::tick))
                    .onMessage(ParametersPart.class, p -> failing(() -> answered(p)))
                    .onMessage(Synced.class, s -> failing(() -> synced(s)))
                    .onMessage(Stop.class, this::stop)
                    .onMessageEquals(LearnerLost.INSTANCE, this::lost)
                    .onMessage(Quiet.class, this::quiet)
                    .build();
        }

        /** A failure while training stops the node's run with its cause (an actor's exception would otherwise only be logged). */
        private Behavior<Object> failing(Supplier<Behavior<Object>> handler) {
            try {
                return handler.get();
            } catch (RuntimeException | Error e) {
                if (run == null) {
                    throw e;
                }
                run.state().fail(e);
                finish();
                return this;
            }
        }

        private Behavior<Object> knock(Knock k) {
            learner.tell(new Hello(EngineVersion.current(), threads, getContext().getSelf().narrow()));
            return this;
        }

        private Behavior<Object> welcome(Welcome w) {
            if (!answer.isDone()) {
                timers.cancel(Knock.INSTANCE);
                getContext().watchWith(learner, LearnerLost.INSTANCE);
                answer.complete(w);
            }
            return this;
        }

        private Behavior<Object> begin(Begin b) {
            run = b;
            framesBase = b.state().frames.getVolatile();
            updatesBase = b.shared().updates().getVolatile();
            // at a fixed rate: the scheduler's ticks of 33 ms would stretch each fixed delay to the next tick
            timers.startTimerAtFixedRate(Tick.INSTANCE, b.every());
            return this;
        }

        private Behavior<Object> tick() {
            if (inFlight && System.nanoTime() - sentAt > ANSWER_NANOS) {
                // delivery is at most once: a sync lost on its way is sent again with the next change (its base did
                // not move); an answer lost on its way back means that change reaches the learner twice
                inFlight = false;
            }
            if (!inFlight && !quiet && run != null && finishing == null) {
                send(false);
            }
            return this;
        }

        /** Sends the node's work since the last sync: the parts of its change, then its counts ({@code last}: its threads have stopped). */
        private void send(boolean last) {
            framesSent = run.state().frames.getVolatile();
            updatesSent = run.shared().updates().getVolatile();
            ActorRef<ToWorker> self = getContext().getSelf().narrow();
            long floats = run.shared().parameters().floats();
            for (int part = 0; part < ParameterSync.parts(floats); part++) {
                learner.tell(new DeltaPart(run.node(), floats, ParameterSync.offset(part), run.sync().delta(part), self));
            }
            MetricsRow row = run.forwarder().takeRow();
            double nan = Double.NaN;
            learner.tell(new Sync(run.node(), framesSent - framesBase, updatesSent - updatesBase, run.forwarder().takeGames(),
                    row == null ? nan : row.policyLoss(), row == null ? nan : row.valueLoss(), row == null ? nan : row.entropy(),
                    row == null ? nan : row.gradNorm(), last, self));
            inFlight = true;
            sentAt = System.nanoTime();
        }

        /** The node stopped training: its last sync, then quiet. */
        private Behavior<Object> quiet(Quiet q) {
            timers.cancelAll();
            finishing = q.done();
            if (run == null || quiet) {
                finish();
            } else if (!inFlight) {
                send(true);
                lastSent = true;
            }
            return this;
        }

        private void finish() {
            quiet = true;
            if (finishing != null) {
                finishing.complete(null);
            }
        }

        /** The learner's parameters where one part of this node's change went. */
        private Behavior<Object> answered(ParametersPart p) {
            if (!quiet && run != null) {
                run.sync().apply(p.offset(), p.parameters());
            }
            return this;
        }

        /** The learner's answer to the sync's end (after those to its parts). */
        private Behavior<Object> synced(Synced s) {
            inFlight = false;
            if (quiet || run == null) {
                return this;
            }
            // the run's counts, plus what this node did while the sync was away (which goes with the next one)
            framesBase = s.frames();
            updatesBase = s.updates();
            run.framesHere().moveOnto(run.state().frames, framesSent, s.frames());
            moveOnto(run.shared().updates(), updatesSent, s.updates());
            if (finishing != null) { // stopping: the answer to the last sync, or to the one before it
                if (lastSent) {
                    finish();
                } else {
                    send(true);
                    lastSent = true;
                }
            }
            return this;
        }

        static void moveOnto(PaddedCounter counter, long sent, long runs) {
            long now;
            do {
                now = counter.getVolatile();
            } while (!counter.compareAndSet(now, runs + (now - sent)));
        }

        private Behavior<Object> stop(Stop s) {
            if (s.kind() == Stop.Kind.FINISHED) { // the learner still answers syncs, the last one included
                if (run != null && finishing == null && !quiet) {
                    run.state().requestStop(s.reason()); // the threads stop, then quiet() sends the last sync
                } else if (run == null && !answer.isDone()) {
                    answer.complete(new Refused(s.reason()));
                }
                return this;
            }
            inFlight = false; // REFUSED or CLOSED: no answer will come
            if (finishing != null) {
                finish();
            } else if (run != null && s.refused()) {
                run.state().fail(new UserError(s.reason()));
                quiet = true;
            } else if (run != null) {
                run.state().requestStop(s.reason());
            } else if (!answer.isDone()) {
                answer.complete(new Refused(s.reason()));
            }
            return this;
        }

        private Behavior<Object> lost() {
            if (finishing != null) {
                finish();
            } else if (run != null && !quiet) {
                quiet = true;
                timers.cancelAll();
                onLost.run();
            }
            return this;
        }
    }
}
