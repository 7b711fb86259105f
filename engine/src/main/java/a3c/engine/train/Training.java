package a3c.engine.train;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.AgentTerminationException;
import org.agrona.concurrent.NoOpIdleStrategy;
import org.agrona.concurrent.SleepingMillisIdleStrategy;

import a3c.atari.Environment;
import a3c.engine.UserError;
import a3c.engine.Words;
import a3c.engine.config.ConfigFile;
import a3c.engine.config.TrainOptions;
import a3c.engine.env.EnvFactory;
import a3c.engine.io.Checkpoint;
import a3c.engine.io.CsvRewind;
import a3c.engine.io.Restore;
import a3c.engine.log.Evaluation;
import a3c.engine.log.RunLog;
import a3c.engine.net.Initializer;
import a3c.engine.net.NetSpec;
import a3c.engine.net.Network;
import a3c.kernels.Simd;

/**
 * A training run: the shared model, one worker thread per {@code --threads}, the monitor on the calling
 * thread, checkpoints every few minutes and at the end (also on Ctrl-C), and a summary line.
 */
public final class Training {
    public static final String CHECKPOINT = "checkpoint.a3c";
    /** The snapshot of the evaluation with the best sampled mean so far. */
    public static final String BEST = "best.a3c";
    /** How long a stop waits for a worker thread before it says that it waits (and again each time as long). */
    static final int CLOSE_NOTICE_MS = 2_000;

    /**
     * The files of a run that {@code dir} holds (config, logs, checkpoints, event files), by name; empty for a
     * new or empty folder. A run killed before its first checkpoint holds some of them too.
     */
    public static List<String> runFilesIn(Path dir) throws IOException {
        List<String> found = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return found;
        }
        for (String name : List.of("config", CHECKPOINT, BEST, RunLog.METRICS, RunLog.EPISODES, RunLog.EVALUATIONS)) {
            if (Files.exists(dir.resolve(name))) {
                found.add(name);
            }
        }
        try (var files = Files.list(dir)) {
            if (files.anyMatch(f -> f.getFileName().toString().startsWith("events.out.tfevents."))) {
                found.add("TensorBoard event files");
            }
        }
        return found;
    }

    /** Makes a worker's environment from the run's options and a seed. */
    public interface EnvironmentSource {
        Environment create(TrainOptions options, long seed);
    }

    private final TrainOptions o;
    private final PrintStream out;
    private final Path checkpointFile;
    private final EnvironmentSource environments;
    /** The run's part in a cluster, or null for a run on this machine alone. */
    private final ClusterPart cluster;

    public Training(TrainOptions options, PrintStream out) {
        this(options, out, EnvFactory::create);
    }

    /** With another source of environments (tests use scripted ones). */
    public Training(TrainOptions options, PrintStream out, EnvironmentSource environments) {
        this(options, out, environments, null);
    }

    /** As the learner or a worker node of a cluster ({@code cluster} null: alone). */
    public Training(TrainOptions options, PrintStream out, EnvironmentSource environments, ClusterPart cluster) {
        this.o = options;
        this.out = out;
        this.checkpointFile = options.runDir.resolve(CHECKPOINT);
        this.environments = environments;
        this.cluster = cluster;
    }

    /** What the run ended with, for the command's exit status and for tests. */
    public record Result(long frames, long episodes, double meanReturn, double framesPerSecond, String stopReason) {
    }

    public Result run(Checkpoint resumeFrom) throws IOException, InterruptedException {
        return run(resumeFrom, new RunState());
    }

    /**
     * The run, on {@code state}, which another thread may watch, pause ({@link RunState#hold}) and stop: {@code bench
     * train}'s measurement.
     */
    public Result run(Checkpoint resumeFrom, RunState state) throws IOException, InterruptedException {
        NetSpec spec;
        try (Environment probe = environments.create(o, o.seed)) {
            spec = EnvFactory.netSpec(o, probe);
        }
        Schedule schedule = new Schedule(o.learningRate, o.lrWarmup, o.annealFrames(), o.epsilonStart, o.epsilonEnd, o.epsilonFrames,
                o.epsilonUpdates);
        double secondsBefore = 0;
        // closed in reverse: the cluster (which stopped touching the model in stop()) first, the model last
        try (SharedModel shared = new SharedModel(spec, o.optimizer()); EventBus bus = new EventBus(); ClusterPart part = cluster) {
            if (resumeFrom != null) {
                secondsBefore = restore(resumeFrom, spec, shared, state);
            } else {
                Initializer.initialize(spec, shared.parameters(), o.seed, o.initScheme());
            }
            boolean learner = part != null && !part.trainsHere(); // its worker nodes train; it logs what they send
            if (part != null) {
                part.start(spec, shared, state, bus);
            }
            Files.createDirectories(o.runDir);
            ConfigFile.write(o.runDir.resolve("config"), o);
            out.println("run dir " + o.runDir + ": " + spec.describe() + ", " + workers(o, spec.recurrent(), learner) + ", " + Simd.BITS + "-bit vectors, "
                    + (resumeFrom != null ? "resuming at " + Format.count(state.frames.getVolatile()) + " of " : "")
                    + Format.count(o.frames) + " frames");
            if (resumeFrom != null) {
                rewindLogs(state.frames.getVolatile(), state.episodes.getVolatile());
            }

            RunLog log = new RunLog(o.runDir, o.tensorboard, ConfigFile.entries(o), resumeFrom != null ? state.frames.getVolatile() : -1,
                    learner);
            if (part != null && part.sink() != null) {
                log.add(part.sink());
            }

            Monitor monitor = new Monitor(state, bus, schedule, new Limits(o.frames, o.seconds, o.episodes, o.deterministic), o.progressEvery, o.checkpointEvery,
                    o.checkpointEveryUpdates, shared.updates()::getVolatile, log, secondsBefore, (seconds, games) -> saveCheckpoint(spec, shared, state, seconds, games), out);
            if (resumeFrom != null) {
                replayReturns(monitor);
            }
            if (part != null) {
                monitor.readTraffic(part::traffic);
            }
            if (part != null && part.trainsHere()) {
                monitor.readFramesHere(part::framesHere);
            }
            Evaluator evaluator = o.evalEvery > 0 ? new Evaluator(o, spec, shared, state, monitor::totalSeconds,
                    (frames, games, seconds, parameters, statistics, sampled, greedy) -> saveBest(spec, frames, games, seconds, shared.updates().getVolatile(), parameters, statistics, sampled, greedy),
                    bestSoFar()) : null;
            if (evaluator != null) {
                monitor.readEvaluations(evaluator);
            }

            List<AgentRunner> runners = new ArrayList<>();
            Ga3c ga3c = null;
            CountDownLatch finished = new CountDownLatch(1);
            Thread hook = new Thread(() -> {
                state.interrupt();
                try {
                    finished.await(60, TimeUnit.SECONDS); // let the run write its final checkpoint
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "a3c-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            boolean monitored = false; // the monitor returned: the run stopped as planned, and gets its summary
            Result result = null;
            try {
                if (learner) {
                    // no threads of its own
                } else if (o.ga3c()) {
                    ga3c = new Ga3c(o, spec, shared, state, schedule, bus, environments, out);
                    for (Agent thread : ga3c.threads()) { // agents wait for predictions, trainers for steps: back off when idle
                        runners.add(runner(thread, new BackoffIdleStrategy(100, 10, 1_000, 100_000), state));
                    }
                    if (ga3c.tuner() != null) {
                        runners.add(runner(ga3c.tuner(), new SleepingMillisIdleStrategy(50), state));
                    }
                } else {
                    for (int i = 0; i < o.threads; i++) {
                        Environment[] games = new Environment[o.envsPerWorker];
                        for (int k = 0; k < games.length; k++) { // every game of the run its own seed; with one a worker, as before
                            games[k] = environments.create(o, o.seed * 1_000_003L + i + (long) k * o.threads);
                        }
                        Network net = new Network(spec, o.tMax, games.length);
                        Worker w = new Worker(i, games, net, shared, state, schedule, Hyper.of(o), bus.writer(), o.seed * 7_919L + i);
                        runners.add(runner(w, NoOpIdleStrategy.INSTANCE, state));
                    }
                }
                state.hold.threads(runners.size());
                for (AgentRunner r : runners) {
                    AgentRunner.startOnThread(r);
                }
                if (evaluator != null) {
                    evaluator.start();
                }
                monitor.run();
                monitored = true;
            } finally {
                state.requestStop("stopping");
                for (AgentRunner r : runners) {
                    // a thread stops after its rollout, which early in a run (the kernels not yet compiled, a big
                    // net) can take seconds: say so rather than Agrona's "failed to close due to timeout"
                    r.close(CLOSE_NOTICE_MS, thread -> out.println("stopping: waiting for " + thread.getName() + " to finish its work in progress (a rollout, an update) ..."));
                }
                if (part != null) {
                    try {
                        monitor.drainEvents(); // a worker node's last sync carries its last games
                    } catch (RuntimeException e) {
                        state.fail(e);
                    }
                    part.stop(); // nothing changes the model from here on: the final checkpoint is the run's last state
                }
                if (ga3c != null) {
                    ga3c.close(); // every thread that could touch its experiences has stopped
                }
                if (evaluator != null) {
                    try (evaluator) {
                        stopEvaluator(evaluator, state, monitored);
                    }
                }
                try {
                    monitor.finish();
                } catch (RuntimeException e) {
                    state.fail(e); // the logs could not be written: no final checkpoint counts what they lack
                }
                Throwable failure = state.failure();
                try {
                    if (failure == null) {
                        saveCheckpoint(spec, shared, state, monitor.totalSeconds(), monitor.gamesLogged());
                        if (monitored) {
                            result = summary(state, monitor);
                        }
                    }
                } finally {
                    // after the summary line, so that Ctrl-C (whose hook waits for this) still prints it
                    finished.countDown();
                    try {
                        Runtime.getRuntime().removeShutdownHook(hook);
                    } catch (IllegalStateException shuttingDown) {
                        // the JVM is already exiting because of Ctrl-C: the hook is running and waits for us
                    }
                }
                if (failure != null) {
                    throw failure instanceof UserError u ? u : runDirFailure(failure) instanceof UserError u ? u
                            : new IllegalStateException("a worker failed: " + failure, failure);
                }
            }
            return result;
        }
    }

    /**
     * A thread for {@code agent}; its failure (not its normal stop, which Agrona reports too) stops the run. It parks
     * between duty cycles while the run's {@link Hold} is requested.
     */
    private static AgentRunner runner(Agent agent, IdleStrategy idle, RunState state) {
        return new AgentRunner(idle, error -> {
            if (!(error instanceof AgentTerminationException)) {
                state.fail(error);
            }
        }, null, new Holding(agent, state));
    }

    /** An agent whose thread parks between its duty cycles while the run's hold is requested. */
    private record Holding(Agent agent, RunState state) implements Agent {
        @Override
        public int doWork() throws Exception {
            if (state.hold.requested()) {
                state.hold.park(state);
                return 0;
            }
            return agent.doWork();
        }

        @Override
        public void onStart() {
            agent.onStart();
        }

        @Override
        public void onClose() {
            agent.onClose();
        }

        @Override
        public String roleName() {
            return agent.roleName();
        }
    }

    /**
     * A run that ended as planned (frames done, time limit) plays the evaluation it has reached; Ctrl-C or a
     * failure drops the one in progress. Either way the evaluator's thread is gone when this returns.
     */
    private void stopEvaluator(Evaluator evaluator, RunState state, boolean monitored) {
        boolean planned = monitored && state.failure() == null && !state.interrupted();
        if (planned && evaluator.dueBy(state.frames.getVolatile())) {
            out.println("evaluating the parameters at " + Format.count(state.frames.getVolatile()) + " frames (" + o.evalEpisodes
                    + " games sampled, " + o.evalEpisodes + " greedy) ...");
        }
        try {
            evaluator.stop(planned);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * A run directory that cannot be written (disk full, read-only, removed) as one line that says what the
     * run kept; other failures (bugs) as null.
     */
    private UserError runDirFailure(Throwable failure) {
        IOException io = null;
        for (Throwable c = failure; c != null && io == null; c = c.getCause()) {
            io = c instanceof IOException e ? e : null;
        }
        if (io == null) {
            return null;
        }
        String kept;
        try {
            kept = Files.exists(checkpointFile) ? "the last good checkpoint (" + Format.count(Long.parseLong(
                    Checkpoint.read(checkpointFile).get("frames", checkpointFile))) + " frames) is kept: continue with train --resume --run-dir "
                    + o.runDir : "no checkpoint was written yet";
        } catch (RuntimeException unreadable) {
            kept = "its checkpoint " + checkpointFile + " cannot be read back (" + unreadable.getMessage() + ")";
        }
        String cause = failure.getMessage() != null ? failure.getMessage() : io.toString();
        return new UserError("training stopped: " + cause + " (free space or make " + o.runDir + " writable); " + kept, failure);
    }

    /** Prints the run's summary line and returns it as a result. */
    private Result summary(RunState state, Monitor monitor) {
        long frames = state.frames.getVolatile();
        Result result = new Result(frames, monitor.gamesLogged(), monitor.meanReturn(), monitor.sessionRate(), state.stopReason());
        Monitor.Here here = monitor.sessionHere();
        out.println(String.format(Locale.ROOT, "done (%s): %s frames in %s, %,.0f frames/s%s, %,d games, mean return of the last %d %s; checkpoint %s",
                result.stopReason(), Format.count(frames), Monitor.clock(monitor.totalSeconds()), result.framesPerSecond(),
                here == null ? "" : String.format(Locale.ROOT, " (this node: %s frames, %,.0f frames/s)", Format.count(here.frames()), here.framesPerSecond()),
                result.episodes(), monitor.returnsSeen(), Format.orDash(result.meanReturn(), 2),
                checkpointFile));
        return result;
    }

    private double restore(Checkpoint c, NetSpec spec, SharedModel shared, RunState state) {
        Restore.Counters counters = Restore.resume(c, checkpointFile, spec, shared.parameters().segment(), shared.statistics());
        shared.updates().setVolatile(counters.updates());
        state.frames.setVolatile(counters.frames());
        state.episodes.setVolatile(counters.episodes());
        return counters.seconds();
    }

    /**
     * Rows logged after the checkpoint (a run killed before it could save) are moved aside, so no stretch
     * repeats: metrics and evaluations past its frames, games past the count it holds (the logs held them all,
     * forced to the disk, before it was written).
     */
    private void rewindLogs(long frames, long games) throws IOException {
        int metrics = CsvRewind.to(o.runDir.resolve(RunLog.METRICS), frames);
        Path episodes = o.runDir.resolve(RunLog.EPISODES);
        int gamesMoved = CsvRewind.to(episodes, frames) + CsvRewind.toRows(episodes, games); // by frames too: older checkpoints
        int evaluations = CsvRewind.to(o.runDir.resolve(RunLog.EVALUATIONS), frames);
        List<String> moved = new ArrayList<>(), files = new ArrayList<>();
        for (Object[] log : new Object[][] {{metrics, " metrics rows", RunLog.METRICS}, {gamesMoved, " games", RunLog.EPISODES},
                {evaluations, " evaluation rows", RunLog.EVALUATIONS}}) {
            if ((int) log[0] > 0) {
                moved.add(log[0] + (String) log[1]);
                files.add(log[2] + CsvRewind.ASIDE);
            }
        }
        if (!moved.isEmpty()) {
            out.println("the last run stopped without a checkpoint of its final stretch: " + Words.list(moved, "and") + " past "
                    + Format.count(frames) + " frames moved to " + Words.list(files, "and"));
        }
    }

    /** The sampled mean best.a3c was saved for (a resumed run keeps the bar), or −∞. */
    private double bestSoFar() {
        Path best = o.runDir.resolve(BEST);
        if (!Files.exists(best)) {
            return Double.NEGATIVE_INFINITY;
        }
        return Double.parseDouble(Checkpoint.read(best).get("eval.sampled.mean", best));
    }

    /** best.a3c: a checkpoint like the latest one, of the evaluated snapshot, with the evaluation in its header. */
    private void saveBest(NetSpec spec, long frames, long games, double seconds, long updates, MemorySegment parameters, MemorySegment statistics,
                          Evaluation sampled, Evaluation greedy) throws IOException {
        Map<String, String> header = header(spec, frames, games, seconds, updates);
        header.put("eval.sampled.mean", Double.toString(sampled.mean()));
        header.put("eval.greedy.mean", Double.toString(greedy.mean()));
        header.put("eval.games", Integer.toString(sampled.games()));
        Checkpoint.write(o.runDir.resolve(BEST), header, parameters, statistics);
    }

    /** The return window continues from the run's earlier games. */
    private void replayReturns(Monitor monitor) throws IOException {
        Path episodes = o.runDir.resolve(RunLog.EPISODES);
        if (!Files.exists(episodes)) {
            return;
        }
        List<String> lines = Files.readAllLines(episodes);
        for (int i = Math.max(1, lines.size() - Monitor.WINDOW); i < lines.size(); i++) {
            String[] cells = lines.get(i).split(",");
            if (cells.length >= 3) {
                monitor.rememberReturn(Double.parseDouble(cells[2]));
            }
        }
    }

    /** What every checkpoint's header holds: the network, the counters and the run's settings. */
    private Map<String, String> header(NetSpec spec, long frames, long episodes, double seconds, long updates) {
        Map<String, String> header = new LinkedHashMap<>();
        header.put(Restore.SIGNATURE, spec.signature());
        header.put("env.name", o.environmentName());
        header.put("frames", Long.toString(frames));
        header.put("episodes", Long.toString(episodes));
        header.put("seconds", Double.toString(seconds));
        header.put("updates", Long.toString(updates));
        ConfigFile.entries(o).forEach((k, v) -> header.put("config." + k, v));
        return header;
    }

    /** {@code games}: the games the logs hold, forced to the disk (see {@link Monitor}), not the workers' counter. */
    private void saveCheckpoint(NetSpec spec, SharedModel shared, RunState state, double seconds, long games) {
        Map<String, String> header = header(spec, state.frames.getVolatile(), games, seconds, shared.updates().getVolatile());
        try {
            // Workers may be updating the shared arenas meanwhile: like every Hogwild read, the snapshot can mix
            // floats from consecutive updates, which is harmless. The final checkpoint is taken after they stop.
            Checkpoint.write(checkpointFile, header, shared.parameters().segment(), shared.statistics());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint " + checkpointFile + ": " + e.getMessage(), e);
        }
    }

    /**
     * Who trains, for a run's first line and {@code bench train}'s report: GA3C's agents, predictors and
     * trainers; a learner's worker nodes; or the Hogwild threads and their games.
     */
    public static String workers(TrainOptions o, boolean recurrent, boolean learner) {
        if (learner) {
            return "trained by its worker nodes, each with the threads its --threads gives" + (o.ga3c()
                    ? ", GA3C: " + (o.agents != null ? o.agents + " agents a node" : "4 agents a thread")
                    : o.envsPerWorker > 1 ? ", " + o.envsPerWorker + " games a thread" : "");
        }
        if (o.ga3c()) {
            return "GA3C: " + o.agents() + " agents on " + o.threads + " thread" + (o.threads > 1 ? "s" : "") + ", " + o.predictors + " predictor"
                    + (o.predictors > 1 ? "s" : "") + ", " + o.trainers + " trainer" + (o.trainers > 1 ? "s" : "") + " of "
                    + (recurrent ? Ga3c.sequencesPerUpdate(o.minBatch, o.tMax) + " experiences of up to " + o.tMax + " steps" : o.minBatch + " steps")
                    + (o.deterministic ? ", all in turn on one thread (deterministic)" : "");
        }
        return o.threads + (o.threads == 1 ? " thread" : " threads") + (o.envsPerWorker > 1 ? " of " + o.envsPerWorker + " games each" : "");
    }
}
