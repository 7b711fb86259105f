package a3c.kernels;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * ReLU, elementwise over {@code length} floats.
 *
 * <p>Forward keeps nothing extra: backward reads the forward output {@code y}, whose sign is the gate. Both
 * check each tensor against {@code length} once ({@link Bounds}), before the loop.
 */
public final class Relu {
    private static final VectorSpecies<Float> S = Simd.SPECIES;
    private static final ByteOrder ORDER = Simd.ORDER;
    private static final ValueLayout.OfFloat F = Simd.FLOAT;

    private Relu() {
    }

    /** {@code y = max(x, 0)}. {@code x: length}, {@code y: length}; y may be x (in place). */
    public static void forward(MemorySegment x, MemorySegment y, int length) {
        Bounds.require(x, length, "x");
        Bounds.require(y, length, "y");
        int i = 0;
        // vector body
        FloatVector zero = FloatVector.zero(S);
        for (int bound = Simd.loopBound(length); i < bound; i += Simd.LANES) {
            long at = 4L * i;
            FloatVector.fromMemorySegment(S, x, at, ORDER).max(zero).intoMemorySegment(y, at, ORDER);
        }
        // scalar tail
        for (; i < length; i++) {
            y.setAtIndex(F, i, Math.max(x.getAtIndex(F, i), 0f));
        }
    }

    /** {@code dx += y > 0 ? dy : 0}. {@code y}: the forward output; dx must not alias dy. */
    public static void backward(MemorySegment y, MemorySegment dy, MemorySegment dx, int length) {
        Bounds.require(y, length, "y");
        Bounds.require(dy, length, "dy");
        Bounds.require(dx, length, "dx");
        int i = 0;
        // vector body
        FloatVector zero = FloatVector.zero(S);
        for (int bound = Simd.loopBound(length); i < bound; i += Simd.LANES) {
            long at = 4L * i;
            FloatVector g = FloatVector.fromMemorySegment(S, dy, at, ORDER);
            FloatVector passed = zero.blend(g, FloatVector.fromMemorySegment(S, y, at, ORDER).compare(VectorOperators.GT, 0f));
            FloatVector.fromMemorySegment(S, dx, at, ORDER).add(passed).intoMemorySegment(dx, at, ORDER);
        }
        // scalar tail
        for (; i < length; i++) {
            if (y.getAtIndex(F, i) > 0f) {
                dx.setAtIndex(F, i, dx.getAtIndex(F, i) + dy.getAtIndex(F, i));
            }
        }
    }
}
