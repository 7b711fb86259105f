package a3c.kernels;

import java.lang.foreign.MemorySegment;

/**
 * Size checks on kernel entry. Benchmarks and the engine run with vector bounds checks off, so a segment
 * smaller than its shape says would be read or written past its end: one comparison per tensor per call
 * turns that into an exception instead. Every public kernel entry checks every tensor it reads or writes
 * here, before its loops; the loops themselves check nothing.
 */
final class Bounds {
    private Bounds() {
    }

    /**
     * Throws unless {@code segment} holds at least {@code count} 4-byte elements (floats or ints). A negative
     * count (a negative dimension in the shape) is refused too: it would pass a plain size comparison.
     */
    static void require(MemorySegment segment, long count, String name) {
        if (count < 0 || count > segment.byteSize() / 4) {
            throw new IllegalArgumentException(name + " holds " + segment.byteSize() / 4 + " elements, needs " + count);
        }
    }

    /** Throws unless {@code segment} is off-heap: kernels that read it by address (no per-element check) need that. */
    static void requireNative(MemorySegment segment, String name) {
        if (!segment.isNative()) {
            throw new IllegalArgumentException(name + " is a heap segment; this kernel reads it by address and needs"
                    + " off-heap memory (an AlignedBlock or FloatArena)");
        }
    }

    /** Throws unless the batch holds at least one sample and its largest tensor fits int float offsets. */
    static void requireBatch(int n, long largestFloats) {
        if (n < 1) {
            throw new IllegalArgumentException("n=" + n + ": the batch needs at least one sample");
        }
        if (largestFloats > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("n=" + n + ": a tensor of " + largestFloats
                    + " floats is past int offsets; split the batch");
        }
    }
}
