package a3c.kernels;

import java.lang.foreign.MemorySegment;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * ReLU, elementwise over {@code length} floats.
 *
 * <p>Forward keeps nothing extra: backward reads the forward output {@code y}, whose sign is the gate.
 */
public final class Relu {
    private Relu() {
    }

    /** {@code y = max(x, 0)}. {@code x: length}, {@code y: length}; y may be x (in place). */
    public static void forward(MemorySegment x, MemorySegment y, int length) {
        int i = 0;
        // vector body
        FloatVector zero = Simd.zero();
        for (int bound = Simd.loopBound(length); i < bound; i += Simd.LANES) {
            Simd.store(Simd.load(x, i).max(zero), y, i);
        }
        // scalar tail
        for (; i < length; i++) {
            Simd.set(y, i, Math.max(Simd.get(x, i), 0f));
        }
    }

    /** {@code dx += y > 0 ? dy : 0}. {@code y}: the forward output; dx must not alias dy. */
    public static void backward(MemorySegment y, MemorySegment dy, MemorySegment dx, int length) {
        int i = 0;
        // vector body
        FloatVector zero = Simd.zero();
        for (int bound = Simd.loopBound(length); i < bound; i += Simd.LANES) {
            FloatVector passed = zero.blend(Simd.load(dy, i), Simd.load(y, i).compare(VectorOperators.GT, 0f));
            Simd.store(Simd.load(dx, i).add(passed), dx, i);
        }
        // scalar tail
        for (; i < length; i++) {
            if (Simd.get(y, i) > 0f) {
                Simd.set(dx, i, Simd.get(dx, i) + Simd.get(dy, i));
            }
        }
    }
}
