package a3c.bench;

import java.lang.foreign.MemorySegment;

import a3c.kernels.check.Comparison;
import a3c.kernels.check.GradCheck;
import a3c.kernels.testing.TestMemory;

/** What every benchmark's {@code @Setup} uses: shape parsing and the one check of its kernel's answer. */
final class Checks {
    private Checks() {
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
