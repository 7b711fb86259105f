package a3c.engine.train;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import a3c.engine.log.Evaluation;
import a3c.engine.log.MetricsRow;
import a3c.engine.log.RunLog;
import a3c.engine.play.ActivationCensus;


/**
 * The one thread that reads what the workers report: it keeps the running statistics, prints a progress
 * line and logs a metrics row every interval, logs every finished game and every evaluation (see
 * {@link RunLog}), enforces the time limit, and asks for periodic checkpoints.
 */
public final class Monitor implements EventBus.Handler {
    /** Returns averaged for the progress line and metrics. */
    public static final int WINDOW = 100;
    /** The monitor's longest sleep between two looks at the run. */
    static final long NAP_NANOS = 100_000_000L;
    /** Its sleep where it counts games or updates: a limit or a checkpoint on them is met within this much. */
    static final long SHORT_NAP_NANOS = 10_000_000L;

    /**
     * Takes a checkpoint; called on the monitor thread with the run's training seconds so far and the games
     * the logs hold (all of them written and forced to the disk before the call).
     */
    public interface Checkpointer {
        void save(double seconds, long games) throws Exception;
    }

    private final RunState state;
    private final EventBus bus;
    private final Schedule schedule;
    private final Limits limits;
    private final long checkpointUpdates;
    private final LongSupplier updates;
    private final double progressSeconds;
    private final double checkpointSeconds;
    private final Checkpointer checkpointer;
    private final PrintStream out;
    private final RunLog log;
    /** Where evaluations come from; null when --eval-every is 0. */
    private Evaluator evaluator;
    private Evaluation lastSampled, lastGreedy;
    /** Whether the blind-network warning has been printed (once a run). */
    private boolean warnedBlind;
    private Supplier<ClusterPart.Traffic> traffic = () -> null;
    /** A worker node's own frames (its count is the run's); null elsewhere. */
    private LongSupplier framesHere;
    private long framesHereAtStart, lastFramesHere;
    private double lastRateHere = Double.NaN;

    private final double[] window = new double[WINDOW];
    private int windowCount;
    private int windowNext;

    // statistics of the current interval
    private double policyLoss;
    private double valueLoss;
    private double entropy;
    private double gradNorm;
    private double policyLag;
    private long steps;
    private long rollouts;
    /** Games written to the logs over all sessions: what a checkpoint counts (a game still on the bus is not). */
    private long gamesLogged;

    private final long startNanos;
    private final double secondsBefore;
    private final long framesAtStart;
    /** When and at what frame count the first progress line was printed (0: not yet): the ETA's origin. */
    private long firstReportNanos, firstReportFrames;
    private long lastFrames;
    private long lastNanos;
    private double lastRate = Double.NaN;
    /**
     * Frames of the last metrics row: a resumed run's last row before its checkpoint is at the checkpoint's
     * frames or earlier, so a new session logs nothing at that count again.
     */
    private long lastLoggedFrames;
    /** {@link RunState#backlogUpdates} at the last metrics row. */
    private long lastBacklog;

    /** A checkpoint every {@code checkpointMinutes}, and also every {@code checkpointUpdates} of the {@code updates} count (0: by time only). */
    public Monitor(RunState state, EventBus bus, Schedule schedule, Limits limits,
                   double progressSeconds, double checkpointMinutes, long checkpointUpdates, LongSupplier updates, RunLog log,
                   double secondsBefore, Checkpointer checkpointer, PrintStream out) {
        this.checkpointUpdates = checkpointUpdates;
        this.updates = updates;
        this.state = state;
        this.bus = bus;
        this.schedule = schedule;
        this.limits = limits;
        this.progressSeconds = progressSeconds;
        this.checkpointSeconds = checkpointMinutes * 60;
        this.checkpointer = checkpointer;
        this.out = out;
        this.log = log;
        this.secondsBefore = secondsBefore;
        this.startNanos = System.nanoTime();
        this.framesAtStart = state.frames.getVolatile();
        this.gamesLogged = state.episodes.getVolatile();
        this.lastLoggedFrames = framesAtStart > 0 ? framesAtStart : -1;
        this.lastFrames = framesAtStart;
        this.lastNanos = startNanos;
    }

    /** Logs the evaluations {@code evaluator} finishes, and shows the last one on the progress line. */
    void readEvaluations(Evaluator source) {
        this.evaluator = source;
    }

    /** A cluster learner's nodes and traffic, for every progress line and metrics row. */
    void readTraffic(Supplier<ClusterPart.Traffic> source) {
        this.traffic = source;
    }

    /** A worker node's own frames, for its progress line's and summary's frames/s (its frame count is the run's). */
    void readFramesHere(LongSupplier source) {
        this.framesHere = source;
        this.framesHereAtStart = this.lastFramesHere = source.getAsLong();
    }

    /** A worker node's own frames and frames/s over a session. */
    public record Here(long frames, double framesPerSecond) {
    }

    /** This node's frames and frames/s since the monitor started; null where the run's count is this machine's own. */
    public Here sessionHere() {
        if (framesHere == null) {
            return null;
        }
        double seconds = sessionSeconds();
        long frames = framesHere.getAsLong() - framesHereAtStart;
        return new Here(frames, seconds > 0 ? frames / seconds : Double.NaN);
    }

    /** Seeds the return window with the returns of earlier episodes (when a run resumes). */
    public void rememberReturn(double rawReturn) {
        window[windowNext] = rawReturn;
        windowNext = (windowNext + 1) % WINDOW;
        windowCount = Math.min(windowCount + 1, WINDOW);
    }

    /** Runs until the state asks to stop; then drains what is left and writes the last row. */
    public void run() {
        long nextProgress = startNanos + (long) (progressSeconds * 1e9);
        long nextCheckpoint = startNanos + (long) (checkpointSeconds * 1e9);
        long nextUpdates = updates.getAsLong() + checkpointUpdates;
        try {
            while (!state.stopRequested()) {
                bus.drain(this);
                drainEvaluations();
                long now = System.nanoTime();
                long frames = state.frames.getVolatile();
                String reached = limits.reached(frames, (now - startNanos) / 1e9, gamesLogged);
                if (reached != null) {
                    state.requestStop(reached);
                }
                if (now >= nextProgress) {
                    report(now);
                    nextProgress = now + (long) (progressSeconds * 1e9);
                }
                // stopping, or at the frame limit (where --deterministic runs' workers stop themselves): the final
                // checkpoint follows, and one here could hold its update count
                boolean ending = state.stopRequested() || frames >= limits.frames();
                if (!ending && (now >= nextCheckpoint || (checkpointUpdates > 0 && updates.getAsLong() >= nextUpdates))) {
                    checkpoint();
                    nextCheckpoint = System.nanoTime() + (long) (checkpointSeconds * 1e9);
                    nextUpdates = updates.getAsLong() + checkpointUpdates;
                }
                Thread.sleep(Math.max(1, nap(System.nanoTime(), nextProgress, nextCheckpoint) / 1_000_000));
            }
        } catch (Throwable t) {
            state.fail(t);
        }
    }

    /**
     * How long the monitor sleeps before its next look, in nanoseconds: until its next progress row or timed
     * checkpoint or the time limit, and at most {@link #NAP_NANOS}; {@link #SHORT_NAP_NANOS} where it counts games
     * or updates for a limit or a checkpoint. A wake-up costs this machine's cores tens of microseconds (more in a
     * cluster node beside Pekko's threads), so a look every 10 ms took half a percent of a core from training; the
     * frame limit needs no quick look, the training threads stop themselves at it.
     */
    long nap(long now, long nextProgress, long nextCheckpoint) {
        if (limits.games() > 0 || checkpointUpdates > 0) {
            return SHORT_NAP_NANOS;
        }
        long nap = Math.min(NAP_NANOS, Math.min(nextProgress, nextCheckpoint) - now);
        if (limits.seconds() > 0) {
            nap = Math.min(nap, startNanos + (long) (limits.seconds() * 1e9) - now);
        }
        return Math.max(nap, 0);
    }

    /**
     * Takes a checkpoint of what the logs hold: the games and evaluations waiting on the bus are logged first,
     * the logs are forced to the disk, and only then does the checkpoint count them. A kill at any moment
     * leaves logs that hold at least what the last checkpoint counts (a resume moves the rest aside).
     */
    private void checkpoint() throws Exception {
        bus.drain(this);
        drainEvaluations();
        log.sync();
        checkpointer.save(totalSeconds(), gamesLogged);
    }

    /** Games written to the logs (all sessions): the count the final checkpoint records once {@link #finish} returned. */
    public long gamesLogged() {
        return gamesLogged;
    }

    /** Takes in what the threads have posted so far (so that a worker node's last sync carries every game). */
    public void drainEvents() {
        bus.drain(this);
    }

    /** After the workers and the evaluator have stopped: the last messages, the last row, and the files closed. */
    public void finish() {
        bus.drain(this);
        bus.abandon();
        drainEvaluations();
        report(System.nanoTime());
        log.close();
    }

    private void drainEvaluations() {
        if (evaluator == null) {
            return;
        }
        for (Evaluation e = evaluator.poll(); e != null; e = evaluator.poll()) {
            log.evaluation(e);
            warnIfBlind(e);
            if (e.policy().equals(Evaluation.SAMPLED)) {
                lastSampled = e;
            } else {
                lastGreedy = e;
            }
        }
    }

    /** A ReLU layer none of whose units fired over a whole evaluation will not come back: say so once, with what to do. */
    private void warnIfBlind(Evaluation e) {
        String dead = e.health().deadLayer();
        if (dead != null && !warnedBlind) {
            warnedBlind = true;
            out.println(String.format(Locale.ROOT, "warning: no unit of %s fired in the %s evaluation at %s frames: the network answers every"
                    + " observation alike and a ReLU that never fires gets no gradient, so this run will not learn from here"
                    + " (docs/results/README.md, \"A dead first layer\"): stop it and %s",
                    dead, e.policy(), Format.count(e.frames()), ActivationCensus.START_AGAIN));
        }
    }

    @Override
    public void episode(int thread, long frames, double rawReturn, long length) {
        rememberReturn(rawReturn);
        log.game(frames, thread, rawReturn, length);
        gamesLogged++;
    }

    @Override
    public void rollout(int thread, int n, double policy, double value, double ent, double norm, double lag) {
        policyLag += lag;
        policyLoss += policy;
        valueLoss += value;
        entropy += ent;
        steps += n;
        gradNorm += norm;
        rollouts++;
    }

    /** Mean raw return of the last {@link #WINDOW} games, NaN before the first. */
    public double meanReturn() {
        if (windowCount == 0) {
            return Double.NaN;
        }
        double s = 0;
        for (int i = 0; i < windowCount; i++) {
            s += window[i];
        }
        return s / windowCount;
    }

    public int returnsSeen() {
        return windowCount;
    }

    /** Frames per second since the monitor started (this session), for the summary line. */
    public double sessionRate() {
        double seconds = sessionSeconds();
        return seconds > 0 ? (state.frames.getVolatile() - framesAtStart) / seconds : Double.NaN;
    }

    /** Seconds since the monitor started (this session). */
    private double sessionSeconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** Seconds of training over all sessions of this run (for checkpoints). */
    public double totalSeconds() {
        return secondsBefore + sessionSeconds();
    }

    private void report(long now) {
        long frames = state.frames.getVolatile();
        double dt = (now - lastNanos) / 1e9;
        if (dt > 0) {
            // a worker node that rejoined a learner resumed from an earlier checkpoint takes the learner's lower count
            lastRate = frames >= lastFrames ? (frames - lastFrames) / dt : Double.NaN;
        }
        lastFrames = frames;
        if (framesHere != null) {
            long here = framesHere.getAsLong();
            if (dt > 0) {
                lastRateHere = (here - lastFramesHere) / dt;
            }
            lastFramesHere = here;
        }
        lastNanos = now;
        double lr = schedule.learningRate(frames);
        double seconds = totalSeconds();
        double pl = steps > 0 ? policyLoss / steps : Double.NaN;
        double vl = steps > 0 ? valueLoss / steps : Double.NaN;
        double ent = steps > 0 ? entropy / steps : Double.NaN;
        double norm = rollouts > 0 ? gradNorm / rollouts : Double.NaN;
        double lag = rollouts > 0 ? policyLag / rollouts : Double.NaN;
        ClusterPart.Traffic t = traffic.get();
        if (frames != lastLoggedFrames) { // one row per frame count: an interval without a rollout (start-up) adds none
            log.metrics(new MetricsRow(frames, seconds, lastRate, gamesLogged, meanReturn(), pl, vl, ent, lr, norm, lag,
                    state.backlogUpdates.getVolatile() - lastBacklog, t == null ? -1 : t.nodes(), t == null ? Double.NaN : t.syncsPerSecond(),
                    t == null ? Double.NaN : t.megabytesPerSecond()));
            lastLoggedFrames = frames;
            lastBacklog = state.backlogUpdates.getVolatile();
        }
        log.flush();
        policyLoss = valueLoss = entropy = gradNorm = policyLag = 0;
        steps = rollouts = 0;
        double eta = etaSeconds(frames, now);
        out.println(String.format(Locale.ROOT, "[%s] frames %s (%.1f%%)  %s f/s  episodes %,d  return(100) %s%s  lr %.2e  entropy %s%s  ETA %s",
                clock(seconds), Format.count(frames), 100.0 * frames / limits.frames(), Format.rateOrDash(lastRate), gamesLogged,
                windowCount == 0 ? "-" : String.format(Locale.ROOT, "%.2f", meanReturn()), lastEvaluation(), lr,
                Format.orDash(ent, 3), // NaN: no rollout in the interval (start-up, a learner without nodes)
                (t == null ? "" : String.format(Locale.ROOT, "  nodes %d  syncs/s %.1f  MB/s %.1f", t.nodes(), t.syncsPerSecond(), t.megabytesPerSecond()))
                        + (framesHere == null ? "" : "  this node " + Format.rateOrDash(lastRateHere) + " f/s"),
                eta < 0 ? "-" : clock(eta)));
    }

    /** {@code "  eval@4.00M 12.4/17.0"}: sampled/greedy means of the last evaluation, or nothing before the first. */
    private String lastEvaluation() {
        if (lastSampled == null || lastGreedy == null) {
            return "";
        }
        return String.format(Locale.ROOT, "  eval@%s %.1f/%.1f", Format.count(lastSampled.frames()), lastSampled.mean(), lastGreedy.mean());
    }

    /**
     * Seconds left: by frames at the rate since the first progress line (the first interval holds the
     * start-up and the JIT's warm-up, at a few percent of the speed to come, and would put the first
     * ETAs hundreds of hours out), so "-" until a second line; by the time limit when one is set.
     */
    private double etaSeconds(long frames, long now) {
        if (firstReportNanos == 0) {
            firstReportNanos = now;
            firstReportFrames = frames;
        }
        double steady = (now - firstReportNanos) / 1e9;
        double rate = steady > 0 ? (frames - firstReportFrames) / steady : 0;
        double byFrames = rate > 0 ? (limits.frames() - frames) / rate : -1;
        if (limits.seconds() > 0) {
            double byTime = limits.seconds() - (now - startNanos) / 1e9;
            return byFrames < 0 ? byTime : Math.min(byFrames, byTime);
        }
        return byFrames;
    }

    static String clock(double seconds) {
        long s = (long) Math.max(0, seconds);
        return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
    }
}
