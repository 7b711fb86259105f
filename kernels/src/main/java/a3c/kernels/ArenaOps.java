package a3c.kernels;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Whole-block passes: zero, copy, and a constant added to every float. The JDK's bulk operations are already
 * vectorised, and check their ranges on every call whatever the Vector API's bounds-check setting: {@link #zero}
 * has no shape to check against (it fills exactly the segment it is given), {@link #copy} checks dst's size to
 * name it. {@link #offset} is ours: the JDK has no bulk add.
 */
public final class ArenaOps {
    private static final VectorSpecies<Float> S = Simd.SPECIES;
    private static final ByteOrder ORDER = Simd.ORDER;
    private static final ValueLayout.OfFloat F = Simd.FLOAT;

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

    /**
     * {@code x[i] += c} for the first {@code length} floats of {@code x}: one rounding a float, so the same floats
     * as a scalar loop, bit for bit (what the background subtraction of every observation needs).
     */
    public static void offset(MemorySegment x, int length, float c) {
        Bounds.require(x, length, "x");
        int i = 0;
        // vector body
        FloatVector cv = FloatVector.broadcast(S, c);
        for (int bound = Simd.loopBound(length); i < bound; i += Simd.LANES) {
            long at = 4L * i;
            FloatVector.fromMemorySegment(S, x, at, ORDER).add(cv).intoMemorySegment(x, at, ORDER);
        }
        // scalar tail
        for (; i < length; i++) {
            x.setAtIndex(F, i, x.getAtIndex(F, i) + c);
        }
    }
}
