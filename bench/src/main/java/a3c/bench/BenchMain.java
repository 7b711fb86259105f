package a3c.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs the benchmarks and prints one table: benchmark, shape, batch, GFLOP/s (median of the measured
 * iterations), ratio to the peak-FMA benchmark of the same run, and bytes allocated per operation when
 * the GC profiler is on.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -jar bench/target/benchmarks.jar [--quick | --full | --smoke]
 *      [--include REGEX] [--gc] [--markdown FILE]
 * </pre>
 */
public final class BenchMain {
    /** How long a pass runs: forks, warm-up and measured iterations. */
    enum Pass {
        /** One short iteration in this JVM: proves every benchmark still runs (the test suite uses it). */
        SMOKE(0, 0, 1, 50),
        /** One fork, 2 x 0.5 s warm-up (C2 has compiled the loops by then), 3 x 0.5 s measured: all under 10 minutes. */
        QUICK(1, 2, 3, 500),
        /** Two forks, five 1-s warm-ups and measurements: for numbers worth recording in detail. */
        FULL(2, 5, 5, 1000);

        final int forks;
        final int warmups;
        final int measurements;
        final int millis;

        Pass(int forks, int warmups, int measurements, int millis) {
            this.forks = forks;
            this.warmups = warmups;
            this.measurements = measurements;
            this.millis = millis;
        }
    }

    /** One row of the table. */
    record Row(String benchmark, String shape, String batch, double gflops, double bytesPerOp) {
    }

    private BenchMain() {
    }

    public static void main(String[] args) throws RunnerException, IOException {
        Pass pass = Pass.QUICK;
        String include = "a3c\\.bench\\..*";
        boolean gc = false;
        Path markdown = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> pass = Pass.QUICK;
                case "--full" -> pass = Pass.FULL;
                case "--smoke" -> pass = Pass.SMOKE;
                case "--gc" -> gc = true;
                case "--include" -> include = value(args, ++i, "--include");
                case "--markdown" -> markdown = Path.of(value(args, ++i, "--markdown"));
                case "-h", "--help" -> {
                    System.out.println("usage: java --add-modules jdk.incubator.vector -jar benchmarks.jar"
                            + " [--quick | --full | --smoke] [--include REGEX] [--gc] [--markdown FILE]");
                    return;
                }
                default -> {
                    System.err.println("benchmarks: unknown option " + args[i] + " (see --help)");
                    System.exit(2);
                }
            }
        }
        List<Row> rows = run(pass, include, gc);
        String table = table(rows, gc);
        System.out.println();
        System.out.print(table);
        if (markdown != null) {
            Files.writeString(markdown, table);
        }
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length) {
            System.err.println("benchmarks: " + flag + " needs a value");
            System.exit(2);
        }
        return args[i];
    }

    /** Runs the peak benchmark and everything {@code include} matches; returns one row per result. */
    static List<Row> run(Pass pass, String include, boolean gc) throws RunnerException {
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include(PeakFmaBench.class.getName())
                .include(include)
                .forks(pass.forks)
                .warmupIterations(pass.warmups)
                .warmupTime(TimeValue.milliseconds(pass.millis))
                .measurementIterations(pass.measurements)
                .measurementTime(TimeValue.milliseconds(pass.millis))
                .timeUnit(TimeUnit.SECONDS)
                .jvmArgsPrepend(Jvm.FORK_ARGS)
                .shouldFailOnError(true)
                .verbosity(pass == Pass.SMOKE ? VerboseMode.SILENT : VerboseMode.NORMAL);
        if (gc) {
            options.addProfiler(GCProfiler.class);
        }
        Collection<RunResult> results = new Runner(options.build()).run();
        List<Row> rows = new ArrayList<>();
        for (RunResult r : results) {
            String name = r.getParams().getBenchmark();
            name = name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1);
            Result<?> flops = r.getSecondaryResults().get("flops");
            double gflops = flops == null ? Double.NaN : flops.getStatistics().getPercentile(50) / 1e9;
            Result<?> alloc = r.getSecondaryResults().get("gc.alloc.rate.norm");
            double bytes = alloc == null ? Double.NaN : alloc.getStatistics().getPercentile(50);
            rows.add(new Row(name, param(r, "shape"), param(r, "batch"), gflops, bytes));
        }
        rows.sort(Comparator.comparing((Row x) -> !x.benchmark.startsWith("PeakFma"))
                .thenComparing(Row::benchmark).thenComparing(Row::shape)
                .thenComparingInt(x -> x.batch.isEmpty() ? 0 : Integer.parseInt(x.batch)));
        return rows;
    }

    private static String param(RunResult r, String key) {
        String v = r.getParams().getParam(key);
        return v == null ? "" : v;
    }

    /** The peak row's GFLOP/s: the median of the peak-FMA benchmark in this run. */
    static double peak(List<Row> rows) {
        return rows.stream().filter(r -> r.benchmark.startsWith("PeakFma")).mapToDouble(Row::gflops)
                .findFirst().orElse(Double.NaN);
    }

    static String table(List<Row> rows, boolean gc) {
        double peak = peak(rows);
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "| %-32s | %-24s | %5s | %8s | %7s |%s%n", "benchmark", "shape", "batch",
                "GFLOP/s", "of peak", gc ? " B/op |" : ""));
        sb.append(String.format("|%s|%s|%s|%s|%s|%s%n", "-".repeat(34), "-".repeat(26), "-".repeat(7), "-".repeat(10),
                "-".repeat(9), gc ? "------|" : ""));
        for (Row r : rows) {
            sb.append(String.format(Locale.ROOT, "| %-32s | %-24s | %5s | %8.2f | %6.1f%% |%s%n", r.benchmark, r.shape,
                    r.batch, r.gflops, 100 * r.gflops / peak, gc ? String.format(Locale.ROOT, " %4.0f |", r.bytesPerOp) : ""));
        }
        return sb.toString();
    }

    /** Prints {@code table} to {@code out}; kept apart for the smoke test. */
    static void print(PrintStream out, String table) {
        out.print(table);
    }
}
