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
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import a3c.atari.benchmark.EnvThroughput;
import a3c.engine.UserError;
import a3c.engine.config.TrainOptions;
import a3c.engine.env.EnvFactory;
import a3c.engine.log.RunLog;
import a3c.engine.train.Training;
import a3c.kernels.Simd;

/**
 * Training throughput against the environment's own, measured in one run so the ratio is fair on a noisy
 * machine:
 *
 * <pre>
 * env before:  the pipeline alone, same game, options and threads (EnvThroughput: raw and pipeline rounds; one
 *              emulator a thread, so with several games a worker this is still emulation per core)
 * training:    a real run (a throw-away run dir unless one is given), warm-up, then the measured window:
 *              frames/s between the first metrics row past the warm-up and the last row
 * env after:   the pipeline again; the ratio divides by the mean of before and after
 * </pre>
 *
 * Garbage collections are counted over the measured window (from a second into it to its planned end),
 * where the hot loop should allocate nothing.
 */
public final class TrainThroughput {
    /** Seconds between metrics rows while measuring: the window's edges are this precise. */
    private static final double ROW_SECONDS = 1.0;

    private TrainThroughput() {
    }

    /** What one measurement found. */
    public record Result(String game, String net, int threads, int envsPerWorker, double warmUp, double windowSeconds,
                         double envBefore, double envAfter, double rawBefore, double rawAfter, double training, long collections,
                         long collectionMillis) {
        public double envPipeline() {
            return (envBefore + envAfter) / 2;
        }

        /** The raw emulator's frames/s on as many threads (no preprocessing), mean of before and after. */
        public double raw() {
            return (rawBefore + rawAfter) / 2;
        }

        /** Training frames/s over pipeline frames/s. */
        public double ratio() {
            return training / envPipeline();
        }

        public String report() {
            return String.format(Locale.ROOT, """
                    training throughput: %s, %s, %d thread%s of %d game%s each, %d-bit vectors; %.0f s warm-up, then %.1f s measured
                      env pipeline, before:      %,10.0f frames/s  (raw ALE %,.0f)
                      training:                  %,10.0f frames/s  (%,.0f per thread)
                      env pipeline, after:       %,10.0f frames/s  (raw ALE %,.0f)
                      training / pipeline:       %9.1f%%
                      training / raw ALE:        %9.1f%%
                      garbage collections while measuring: %d (%d ms)""",
                    game, net, threads, threads == 1 ? "" : "s", envsPerWorker, envsPerWorker == 1 ? "" : "s", Simd.BITS, warmUp,
                    windowSeconds, envBefore, rawBefore, training, training / threads, envAfter, rawAfter, 100 * ratio(),
                    100 * training / raw(), collections, collectionMillis);
        }
    }

    /**
     * Measures the run {@code o} describes (an Atari game; without a run dir, in a throw-away one):
     * {@code envSeconds} of the pipeline, {@code warmUp} + {@code seconds} of training, the pipeline again.
     * {@code progress} gets one line per phase.
     */
    public static Result measure(TrainOptions o, double warmUp, double seconds, double envSeconds, PrintStream progress)
            throws IOException, InterruptedException {
        boolean throwAway = o.runDir == null;
        o.seconds = warmUp + seconds;
        o.progressEvery = ROW_SECONDS;
        if (o.evalEvery == null) {
            o.evalEvery = 0L; // the workers' speed is what is measured; evaluation's own cost is in eval.csv
        }
        o.resolve().validate();
        if (o.builtIn()) {
            throw new UserError("--env=" + o.env + " has no emulator pipeline to compare with: use --game, e.g. breakout");
        }
        Path runDir = throwAway ? Files.createTempDirectory("a3c-bench-train") : o.runDir;
        o.runDir = runDir;
        try {
            progress.printf(Locale.ROOT, "env pipeline, %.0f s ...%n", envSeconds);
            EnvThroughput.Result before = envPipeline(o, envSeconds);
            progress.printf(Locale.ROOT, "training %s, %.0f s warm-up + %.0f s ...%n", o.net, warmUp, seconds);
            GcWindow gc = GcWindow.start(warmUp + ROW_SECONDS, seconds - ROW_SECONDS);
            new Training(o, new PrintStream(OutputStream.nullOutputStream())).run(null);
            gc.close();
            double[] window = window(runDir.resolve(RunLog.METRICS), warmUp);
            progress.printf(Locale.ROOT, "env pipeline, %.0f s ...%n", envSeconds);
            EnvThroughput.Result after = envPipeline(o, envSeconds);
            return new Result(o.environmentName(), o.net, o.threads, o.envsPerWorker, warmUp, window[1], before.pipelineFramesPerSecond(),
                    after.pipelineFramesPerSecond(), before.rawFramesPerSecond(), after.rawFramesPerSecond(), window[0], gc.collections(),
                    gc.millis());
        } finally {
            if (throwAway) {
                deleteTree(runDir);
            }
        }
    }

    private static EnvThroughput.Result envPipeline(TrainOptions o, double seconds) {
        return EnvThroughput.measure(o.environmentName(), o.threads, seconds, EnvFactory.options(o));
    }

    /** {frames/s, seconds} from the first metrics row at or past {@code warmUp} seconds to the last row. */
    static double[] window(Path metrics, double warmUp) throws IOException {
        List<String> lines = Files.readAllLines(metrics);
        double[] first = null, last = null;
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",");
            double[] row = {Double.parseDouble(cells[0]), Double.parseDouble(cells[1])};
            if (row[1] >= warmUp && first == null) {
                first = row;
            }
            last = row;
        }
        if (first == null || last[1] - first[1] < ROW_SECONDS) {
            throw new IllegalStateException("the training run ended before its measured window (" + metrics
                    + " has no rows past " + warmUp + " s): give it more --frames");
        }
        return new double[] {(last[0] - first[0]) / (last[1] - first[1]), last[1] - first[1]};
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

    /** Collections of every collector between two moments, taken by a daemon thread on a timer. */
    private static final class GcWindow {
        private final Thread timer;
        private volatile long[] from, to;

        private GcWindow(double delay, double length) {
            timer = new Thread(() -> {
                try {
                    Thread.sleep((long) (delay * 1000));
                    from = totals();
                    Thread.sleep((long) (Math.max(0, length) * 1000));
                    to = totals();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt(); // the run ended early: the window stays open, reported below
                }
            }, "a3c-gc-window");
            timer.setDaemon(true);
        }

        static GcWindow start(double delay, double length) {
            GcWindow w = new GcWindow(delay, length);
            w.timer.start();
            return w;
        }

        /** Waits for the second snapshot. */
        void close() throws InterruptedException {
            timer.join(5_000);
            if (from == null || to == null) {
                throw new IllegalStateException("the training run ended before the garbage-collection window closed");
            }
        }

        long collections() {
            return to[0] - from[0];
        }

        long millis() {
            return to[1] - from[1];
        }

        private static long[] totals() {
            long count = 0, millis = 0;
            for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                count += Math.max(0, gc.getCollectionCount());
                millis += Math.max(0, gc.getCollectionTime());
            }
            return new long[] {count, millis};
        }
    }
}
