package a3c.engine.train;

import java.lang.foreign.MemorySegment;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.DoubleSupplier;

import a3c.engine.config.TrainOptions;
import a3c.engine.log.Evaluation;
import a3c.engine.net.NetSpec;
import a3c.engine.play.ActivationCensus;
import a3c.engine.play.TrainedAgent;
import a3c.kernels.ArenaOps;
import a3c.kernels.memory.AlignedBlock;

/**
 * Evaluation while training (the habit of the A3C paper and of Stable-Baselines3's EvalCallback): every
 * {@code --eval-every} frames, counted from 0, this thread copies the shared parameters (the workers go on:
 * like every Hogwild read the copy may mix floats of consecutive updates) and plays {@code --eval-episodes}
 * whole games with them, sampled and then greedy, on an environment of its own (its own seed, a lost life
 * does not end the game, raw rewards, the run's no-op starts; a game in which nothing happens for
 * {@code --eval-stall-frames} ends there, counted as stalled). Results go to the monitor through a queue;
 * when the sampled mean beats every earlier one, the snapshot is saved as {@code best.a3c}.
 *
 * <p>An evaluation is due at the first multiple of the interval the frame count reaches; one that is still
 * playing when the next multiple passes makes the next one wait for the multiple after its snapshot, so a
 * slow evaluation never queues up work. The thread is the run's third on two cores: it takes its share of
 * CPU from the workers while it plays, which is its cost (eval.csv's wall_seconds).
 */
final class Evaluator implements AutoCloseable {
    /** Saves a snapshot as the best checkpoint (on the evaluator's thread). */
    interface BestSaver {
        void save(long frames, long games, double seconds, MemorySegment parameters, MemorySegment statistics,
                  Evaluation sampled, Evaluation greedy) throws Exception;
    }

    /** Thrown inside a game when the run is interrupted: the evaluation in progress is dropped. */
    private static final class Aborted extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Aborted() {
            super("evaluation aborted", null, false, false);
        }
    }

    private final SharedModel shared;
    private final RunState state;
    private final DoubleSupplier trainingSeconds;
    private final BestSaver saver;
    private final long every;
    private final int episodes;
    private final TrainedAgent agent;
    private final AlignedBlock statistics;
    private final Queue<Evaluation> results = new ConcurrentLinkedQueue<>();
    private final Thread thread;
    private volatile boolean stopping;
    private volatile boolean finishDue;
    private double best;
    /** The frame count of the next evaluation (written by the evaluator's thread). */
    private volatile long due;

    /**
     * @param bestSoFar the sampled mean of the run's best evaluation so far (−∞ for a new run): only a better one replaces best.a3c
     */
    Evaluator(TrainOptions o, NetSpec spec, SharedModel shared, RunState state, DoubleSupplier trainingSeconds,
              BestSaver saver, double bestSoFar) {
        this.shared = shared;
        this.state = state;
        this.trainingSeconds = trainingSeconds;
        this.saver = saver;
        this.every = o.evalEvery;
        this.episodes = o.evalEpisodes;
        this.best = bestSoFar;
        this.due = nextDue(state.frames.getVolatile(), every);
        this.agent = new TrainedAgent(o, spec, o.seed * 1_000_003L + 999_983L);
        this.statistics = AlignedBlock.ofFloats(shared.statistics().byteSize() / Float.BYTES);
        this.thread = new Thread(this::loop, "a3c-evaluator");
    }

    /** The first multiple of {@code every} above {@code frames}. */
    static long nextDue(long frames, long every) {
        return (frames / every + 1) * every;
    }

    void start() {
        thread.start();
    }

    /** Whether an evaluation is due at {@code frames} (or one is being played). */
    boolean dueBy(long frames) {
        return frames >= due;
    }

    /** The next finished evaluation, or null. */
    Evaluation poll() {
        return results.poll();
    }

    /**
     * Stops the thread and waits for it. With {@code finishDue} (the run ended as planned) an evaluation in
     * progress completes, and one whose frame count the run reached is played now: a 20M-frame run evaluated
     * every 2M gets its evaluation at 20M. Without it (Ctrl-C, a failure) the one in progress is dropped.
     */
    void stop(boolean finishDue) throws InterruptedException {
        this.finishDue = finishDue;
        this.stopping = true;
        thread.join();
    }

    private void loop() {
        try {
            while (true) {
                while (!stopping && state.frames.getVolatile() < due) {
                    Thread.sleep(20);
                }
                if (stopping && !(finishDue && state.frames.getVolatile() >= due)) {
                    return;
                }
                evaluate();
            }
        } catch (Aborted | InterruptedException dropped) {
            // the run was interrupted: nothing half-played is reported
        } catch (Throwable t) {
            state.fail(t);
        }
    }

    private void evaluate() throws Exception {
        long frames = state.frames.getVolatile(), games = state.episodes.getVolatile();
        double seconds = trainingSeconds.getAsDouble();
        ArenaOps.copy(shared.parameters().segment(), agent.parameters());
        ArenaOps.copy(shared.statistics(), statistics.segment());
        Evaluation sampled = play(frames, seconds, Evaluation.SAMPLED, false);
        Evaluation greedy = play(frames, seconds, Evaluation.GREEDY, true);
        results.add(sampled);
        results.add(greedy);
        if (sampled.mean() > best) {
            best = sampled.mean();
            saver.save(frames, games, seconds, agent.parameters(), statistics.segment(), sampled, greedy);
        }
        due = nextDue(frames, every);
    }

    private Evaluation play(long frames, double seconds, String policy, boolean greedy) {
        long start = System.nanoTime();
        double[] returns = new double[episodes];
        long[] lengths = new long[episodes];
        int stalled = 0;
        ActivationCensus census = new ActivationCensus(agent.network());
        for (int g = 0; g < episodes; g++) {
            agent.reset();
            int action;
            do {
                if ((stopping && !finishDue) || state.interrupted()) {
                    throw new Aborted();
                }
                action = agent.act(greedy);
                census.record(0);
            } while (!agent.step(action)); // to the game's end, the --max-episode-frames cap or a stall
            returns[g] = agent.environment().episodeReturn();
            lengths[g] = agent.environment().episodeLength();
            stalled += agent.stalled() ? 1 : 0;
        }
        return Evaluation.of(frames, seconds, policy, returns, lengths, (System.nanoTime() - start) / 1e9, stalled,
                census.health());
    }

    @Override
    public void close() {
        agent.close();
        statistics.close();
    }
}
