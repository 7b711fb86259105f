package a3c.engine.benchmark;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.Stream;

import a3c.atari.benchmark.EnvThroughput;
import a3c.engine.UserError;
import a3c.engine.config.TrainOptions;
import a3c.engine.env.EnvFactory;
import a3c.engine.train.Hold;
import a3c.engine.train.RunState;
import a3c.engine.train.Training;
import a3c.kernels.Simd;

/**
 * Training throughput against the environment's own, measured in one run so the ratio is fair on a noisy
 * machine:
 *
 * <pre>
 * warm-up:   a real run (a throw-away run dir unless one is given) trains, not measured (compilation, first games)
 * rounds:    training for a phase, then the run paused between rollouts (every thread parked: {@link Hold}) while
 *            the same threads run the raw emulator, then the pipeline (EnvThroughput's workers, one emulator a
 *            thread, random actions), each for a phase; again, until the measured seconds of training are done
 * ratios:    training frames over the training phases' seconds, against the raw and pipeline phases' frames/s
 * </pre>
 *
 * The phases alternate every few seconds, so the host's drift (on these machines 15-30 % within minutes) hits
 * training and emulator alike; a training phase ends when its last rollout does. Garbage collections are counted
 * over the rounds, where the hot loop should allocate nothing.
 */
public final class TrainThroughput {
    /** About how many seconds of training a round holds. */
    private static final double TRAINING_PHASE = 5.0;
    /** Longest wait for every thread to pause (a rollout early in a run, its kernels not compiled yet, can take seconds). */
    private static final double PAUSE_TIMEOUT = 120;

    private TrainThroughput() {
    }

    /** What one measurement found. */
    public record Result(String game, String net, int threads, String workers, double warmUp, int rounds, double trainingSeconds,
                         double training, double envPipeline, double raw, double emulatorCpuShare, long collections,
                         long collectionMillis) {
        /** Training frames/s over pipeline frames/s. */
        public double ratio() {
            return training / envPipeline;
        }

        public String report() {
            return String.format(Locale.ROOT, """
                    training throughput: %s, %s, %s, %d-bit vectors; %.0f s warm-up, then %d round%s: \
                    %.1f s of training in all, the emulator phases between them
                      raw ALE:                   %,10.0f frames/s  (act + screen read, every frame)
                      env pipeline:              %,10.0f frames/s
                      training:                  %,10.0f frames/s  (%,.0f per thread)
                      training / pipeline:       %9.1f%%
                      training / raw ALE:        %9.1f%%
                      the emulator phases' threads were on a core %.1f%% of their wall time
                      garbage collections while measuring: %d (%d ms)""",
                    game, net, workers, Simd.BITS, warmUp,
                    rounds, rounds == 1 ? "" : "s", trainingSeconds, raw, envPipeline, training, training / threads, 100 * ratio(),
                    100 * training / raw, 100 * emulatorCpuShare, collections, collectionMillis);
        }
    }

    /**
     * Measures the run {@code o} describes (an Atari game; without a run dir, in a throw-away one): {@code warmUp}
     * seconds of training, then rounds of training and emulator phases until {@code seconds} of training are
     * measured, {@code envSeconds} of the raw emulator and as many of the pipeline spread over them.
     * {@code progress} gets one line per phase of the plan.
     */
    public static Result measure(TrainOptions o, double warmUp, double seconds, double envSeconds, PrintStream progress)
            throws IOException, InterruptedException {
        boolean throwAway = o.runDir == null;
        o.seconds = 0; // stopped below, once measured
        if (o.evalEvery == null) {
            o.evalEvery = 0L; // the workers' speed is what is measured; evaluation's own cost is in eval.csv
        }
        o.resolve().validate();
        if (o.builtIn()) {
            throw new UserError("--env=" + o.env + " has no emulator pipeline to compare with: use --game, e.g. breakout");
        }
        int rounds = Math.max(1, (int) Math.round(seconds / TRAINING_PHASE));
        double trainingPhase = seconds / rounds, envPhase = envSeconds / rounds;
        Path runDir = throwAway ? Files.createTempDirectory("a3c-bench-train") : o.runDir;
        o.runDir = runDir;
        RunState state = new RunState();
        Throwable[] failure = new Throwable[1];
        Thread run = new Thread(() -> {
            try {
                new Training(o, new PrintStream(OutputStream.nullOutputStream())).run(null, state);
            } catch (Throwable t) {
                failure[0] = t;
                state.requestStop("failed");
            }
        }, "a3c-bench-training");
        try (EnvThroughput.Session env = EnvThroughput.Session.open(o.environmentName(), o.threads, EnvFactory.options(o))) {
            progress.printf(Locale.ROOT, "training %s, %.0f s warm-up ...%n", o.net, warmUp);
            run.start();
            sleepWhileRunning(warmUp, state);
            state.hold.request();
            state.hold.awaitParked(state, PAUSE_TIMEOUT);
            env.warmUp(Math.min(2.0, Math.max(0.5, envSeconds / 5)));
            progress.printf(Locale.ROOT, "%d round%s of %.1f s training, %.1f s raw ALE, %.1f s pipeline ...%n", rounds,
                    rounds == 1 ? "" : "s", trainingPhase, envPhase, envPhase);
            long[] gcBefore = GcTotals.now();
            long frames = 0, nanos = 0;
            for (int r = 0; r < rounds; r++) {
                long f0 = state.frames.getVolatile(), t0 = System.nanoTime();
                state.hold.release();
                sleepWhileRunning(trainingPhase, state);
                state.hold.request();
                state.hold.awaitParked(state, PAUSE_TIMEOUT);
                nanos += System.nanoTime() - t0;
                frames += state.frames.getVolatile() - f0;
                env.raw(envPhase);
                env.pipeline(envPhase);
            }
            long[] gcAfter = GcTotals.now();
            EnvThroughput.Result e = env.result();
            return new Result(o.environmentName(), o.net, o.threads, Training.workers(o, o.recurrent(), false), warmUp, rounds, nanos / 1e9, frames / (nanos / 1e9),
                    e.pipelineFramesPerSecond(), e.rawFramesPerSecond(),
                    (e.rawCpuSeconds() + e.pipelineCpuSeconds()) / ((e.rawSeconds() + e.pipelineSeconds()) * o.threads),
                    gcAfter[0] - gcBefore[0], gcAfter[1] - gcBefore[1]);
        } finally {
            state.requestStop("measured");
            state.hold.release();
            run.join();
            if (throwAway) {
                deleteTree(runDir);
            }
            if (failure[0] != null) {
                throw failure[0] instanceof UserError u ? u : new IllegalStateException("the training run failed: " + failure[0], failure[0]);
            }
        }
    }

    /** Sleeps {@code seconds}; throws if the run stops meanwhile (its failure, or its frames done). */
    private static void sleepWhileRunning(double seconds, RunState state) throws InterruptedException {
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        for (long left; (left = deadline - System.nanoTime()) > 0; ) {
            if (state.stopRequested()) {
                throw state.stopped("before it was measured");
            }
            Thread.sleep(Math.min(left / 1_000_000 + 1, 20));
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the throw-away run dir " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Collections and their milliseconds, summed over every collector. */
    private static final class GcTotals {
        static long[] now() {
            long count = 0, millis = 0;
            for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                count += Math.max(0, gc.getCollectionCount());
                millis += Math.max(0, gc.getCollectionTime());
            }
            return new long[] {count, millis};
        }
    }
}
