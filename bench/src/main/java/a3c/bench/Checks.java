package a3c.bench;

import java.lang.foreign.MemorySegment;

import org.openjdk.jmh.infra.BenchmarkParams;

import a3c.kernels.check.Comparison;
import a3c.kernels.check.GradCheck;
import a3c.kernels.testing.TestMemory;

/**
 * What every benchmark's {@code @Setup} uses: shape parsing, the one check of its kernel's answer, and a
 * warm-up.
 *
 * <p>Why a warm-up in setup: the quick pass gives every benchmark 2 x 0.5 s of warm-up, and a Vector API
 * kernel runs a thousand times slower until C2 has compiled it (the interpreter and C1 box every vector).
 * On a 2-core machine shared with other builds, C2's compile threads took longer than that for the large
 * kernels (LSTM backward at batch 5: 4 calls/s in the first warm-up iteration, still rising in the
 * measured ones). Setup therefore runs the benchmark's own method for {@link #WARM_UP_MILLIS} first.
 */
final class Checks {
    /** How long setup runs the benchmarked method before JMH's own warm-up starts. */
    static final long WARM_UP_MILLIS = 400;

    private Checks() {
    }

    /** Runs {@code call} for {@link #WARM_UP_MILLIS} (at least once). */
    static void warmUp(Runnable call) {
        long end = System.nanoTime() + WARM_UP_MILLIS * 1_000_000;
        do {
            call.run();
        } while (System.nanoTime() < end);
    }

    /** The benchmarked method's simple name, from JMH's parameters. */
    static String method(BenchmarkParams params) {
        String name = params.getBenchmark();
        return name.substring(name.lastIndexOf('.') + 1);
    }

    /** {@code "2592>256"} as {@code {2592, 256}}. */
    static int[] shape(String shape) {
        String[] parts = shape.split(">");
        if (parts.length != 2) {
            throw new IllegalArgumentException("shape=" + shape + " is not IN>OUT, e.g. 2592>256");
        }
        return new int[] {Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim())};
    }

    /** Throws unless the kernel's {@code actual} matches the reference twin's {@code expected}. */
    static void same(String what, double[] expected, MemorySegment actual) {
        Comparison c = Comparison.simd(what, expected, TestMemory.toDouble(actual), GradCheck.SIMD_TOLERANCE);
        if (!c.passed()) {
            throw new IllegalStateException("benchmark kernel gives a wrong answer: " + c.line());
        }
    }
}
