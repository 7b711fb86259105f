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
import a3c.engine.cluster.Messages.Game;
import a3c.engine.cluster.Messages.Hello;
import a3c.engine.cluster.Messages.Refused;
import a3c.engine.cluster.Messages.Stop;
import a3c.engine.cluster.Messages.Sync;
import a3c.engine.cluster.Messages.Synced;
import a3c.engine.cluster.Messages.ToLearner;
import a3c.engine.cluster.Messages.Welcome;
import a3c.engine.log.Evaluation;
import a3c.engine.log.MetricsRow;
import a3c.engine.log.RunSink;
import a3c.engine.net.NetSpec;
import a3c.engine.train.ClusterPart;
import a3c.engine.train.EventBus;
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
    private final ActorSystem<Void> system;
    private final ActorRef<Object> link;
    private final Welcome welcome;
    private final ClusterSystem.Address learner;
    private final Duration syncEvery;
    private final PrintStream out;
    private final Forwarder forwarder = new Forwarder();
    private volatile boolean closed;

    private WorkerNode(ActorSystem<Void> system, ActorRef<Object> link, Welcome welcome, ClusterSystem.Address learner, Duration syncEvery,
                       PrintStream out) {
        this.system = system;
        this.link = link;
        this.welcome = welcome;
        this.learner = learner;
        this.syncEvery = syncEvery;
        this.out = out;
    }

    /**
     * Joins the learner at {@code join} and waits (at most {@code timeoutSeconds}) for its welcome: the run's
     * settings and parameters. {@code bind}: this node's address (port 0: any free port).
     */
    public static WorkerNode join(ClusterSystem.Address join, ClusterSystem.Address bind, int threads, double syncMs, double timeoutSeconds,
                                  PrintStream out) {
        CompletableFuture<Object> answer = new CompletableFuture<>();
        CompletableFuture<ActorRef<Object>> linkRef = new CompletableFuture<>();
        ActorSystem<Void> system = ClusterSystem.start(Behaviors.setup(ctx -> {
            linkRef.complete(ctx.spawn(Behaviors.<Object>setup(c -> Behaviors.withTimers(t -> new Link(c, t, join, threads, answer))),
                    ClusterSystem.LINK));
            return Behaviors.empty();
        }), bind, join, "--bind");
        try {
            Object reply = answer.get((long) (timeoutSeconds * 1000), TimeUnit.MILLISECONDS);
            if (reply instanceof Refused r) {
                throw new UserError("the learner at " + join + " refused this node: " + r.reason());
            }
            Welcome w = (Welcome) reply;
            out.println("joined the learner at " + join + " as node " + w.node() + " at " + String.format(Locale.ROOT, "%,d", w.frames())
                    + " frames; syncing every " + (long) syncMs + " ms");
            return new WorkerNode(system, linkRef.get(), w, join, ClusterSystem.seconds(syncMs / 1000), out);
        } catch (TimeoutException e) {
            ClusterSystem.stop(system);
            throw new UserError("no learner answered at " + join + " within " + (long) timeoutSeconds + " s: start train --cluster learner --bind "
                    + join + " first, or check the address, the port and the firewall (--join-timeout S waits longer)");
        } catch (InterruptedException | ExecutionException e) {
            ClusterSystem.stop(system);
            throw new IllegalStateException("joining the learner at " + join + " failed: " + e, e);
        } catch (RuntimeException e) {
            ClusterSystem.stop(system);
            throw e;
        }
    }

    /** What the learner sent on joining: the run's settings, this node's number and seed. */
    public Welcome welcome() {
        return welcome;
    }

    @Override
    public boolean trainsHere() {
        return true;
    }

    @Override
    public void start(NetSpec spec, SharedModel shared, RunState state, EventBus bus) {
        if (!spec.signature().equals(welcome.signature())) {
            throw new UserError("this node builds the network " + spec.signature() + " but the learner at " + learner + " trains "
                    + welcome.signature() + ": run the same engine.jar on every node");
        }
        ParameterSync sync = new ParameterSync(shared.parameters().segment(), shared.parameters().floats());
        sync.start(welcome.parameters());
        state.frames.setVolatile(welcome.frames());
        shared.updates().setVolatile(welcome.updates());
        link.tell(new Begin(welcome.node(), sync, shared, state, forwarder, syncEvery, out));
    }

    @Override
    public Traffic traffic() {
        return null;
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
        CompletableFuture<Void> done = new CompletableFuture<>();
        link.tell(new Quiet(done));
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
            ClusterSystem.stop(system);
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
    private record Begin(int node, ParameterSync sync, SharedModel shared, RunState state, Forwarder forwarder, Duration every,
                         PrintStream out) {
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
        private Begin run;
        private boolean inFlight, quiet, lastSent;
        /** Set once the node stopped: completes when its last sync is answered (or cannot be). */
        private CompletableFuture<Void> finishing;
        private long framesSent, updatesSent, framesBase, updatesBase;

        Link(ActorContext<Object> context, TimerScheduler<Object> timers, ClusterSystem.Address learnerAddress, int threads,
             CompletableFuture<Object> answer) {
            super(context);
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
            timers.startTimerWithFixedDelay(Tick.INSTANCE, b.every());
            return this;
        }

        private Behavior<Object> tick() {
            if (!inFlight && !quiet && run != null && finishing == null) {
                send();
            }
            return this;
        }

        /** Sends the node's work since the last sync. */
        private void send() {
            framesSent = run.state().frames.getVolatile();
            updatesSent = run.shared().updates().getVolatile();
            MetricsRow row = run.forwarder().takeRow();
            double nan = Double.NaN;
            learner.tell(new Sync(run.node(), framesSent - framesBase, updatesSent - updatesBase, run.forwarder().takeGames(),
                    row == null ? nan : row.policyLoss(), row == null ? nan : row.valueLoss(), row == null ? nan : row.entropy(),
                    row == null ? nan : row.gradNorm(), run.sync().delta(), getContext().getSelf().narrow()));
            inFlight = true;
        }

        /** The node stopped training: its last sync, then quiet. */
        private Behavior<Object> quiet(Quiet q) {
            timers.cancelAll();
            finishing = q.done();
            if (run == null || quiet) {
                finish();
            } else if (!inFlight) {
                send();
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

        private Behavior<Object> synced(Synced s) {
            inFlight = false;
            if (quiet || run == null) {
                return this;
            }
            run.sync().apply(s.parameters());
            // the run's counts, plus what this node did while the sync was away (which goes with the next one)
            framesBase = s.frames();
            updatesBase = s.updates();
            moveOnto(run.state().frames, framesSent, s.frames());
            moveOnto(run.shared().updates(), updatesSent, s.updates());
            if (finishing != null) { // stopping: the answer to the last sync, or to the one before it
                if (lastSent) {
                    finish();
                } else {
                    send();
                    lastSent = true;
                }
            }
            return this;
        }

        private static void moveOnto(a3c.engine.train.PaddedCounter counter, long sent, long runs) {
            long now;
            do {
                now = counter.getVolatile();
            } while (!counter.compareAndSet(now, runs + (now - sent)));
        }

        private Behavior<Object> stop(Stop s) {
            inFlight = false;
            if (finishing != null) {
                finish();
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
                run.out().println("lost the learner at " + learnerAddress + ": this node stops (its run dir keeps its checkpoint)");
                run.state().requestStop("learner lost");
                quiet = true;
            }
            return this;
        }
    }
}
