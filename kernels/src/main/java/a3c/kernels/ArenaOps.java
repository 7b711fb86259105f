package a3c.kernels;

import java.lang.foreign.MemorySegment;

/**
 * Whole-block passes: zero and copy. The JDK's bulk operations are already vectorised, and check their
 * ranges on every call whatever the Vector API's bounds-check setting: {@link #zero} has no shape to check
 * against (it fills exactly the segment it is given), {@link #copy} checks dst's size to name it.
 */
public final class ArenaOps {
    private ArenaOps() {
    }

    /** Sets every float of {@code segment} to +0. */
    public static void zero(MemorySegment segment) {
        segment.fill((byte) 0);
    }

    /** Copies all of {@code src} into {@code dst}, which must be at least as large. */
    public static void copy(MemorySegment src, MemorySegment dst) {
        // the JDK's copy checks its range too; this names the tensor
        Bounds.require(dst, src.byteSize() / Float.BYTES, "dst");
        MemorySegment.copy(src, 0, dst, 0, src.byteSize());
    }
}
