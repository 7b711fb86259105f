package a3c.kernels;

import java.lang.foreign.MemorySegment;

/** Whole-block passes: zero and copy. The JDK's bulk operations are already vectorised. */
public final class ArenaOps {
    private ArenaOps() {
    }

    /** Sets every float of {@code segment} to +0. */
    public static void zero(MemorySegment segment) {
        segment.fill((byte) 0);
    }

    /** Copies all of {@code src} into {@code dst}, which must be at least as large. */
    public static void copy(MemorySegment src, MemorySegment dst) {
        MemorySegment.copy(src, 0, dst, 0, src.byteSize());
    }
}
