package a3c.kernels;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * ELU (Clevert et al. 2016, alpha 1: universe-starter-agent's convolutions), elementwise over {@code length}
 * floats: {@code y = x > 0 ? x : exp(x) - 1}.
 *
 * <p>Forward keeps nothing extra: backward reads the forward output {@code y}, since the derivative is 1
 * where {@code y > 0} and {@code exp(x) = y + 1} elsewhere, so backward evaluates no exponential. Both check
 * each tensor against {@code length} once ({@link Bounds}), before the loop.
 */
public final class Elu {
    private static final VectorSpecies<Float> S = Simd.SPECIES;
    private static final ByteOrder ORDER = Simd.ORDER;
    private static final ValueLayout.OfFloat F = Simd.FLOAT;

    private Elu() {
    }

    /** {@code y = x > 0 ? x : exp(x) - 1}. {@code x: length}, {@code y: length}; y may be x (in place). */
    public static void forward(MemorySegment x, MemorySegment y, int length) {
        Bounds.require(x, length, "x");
        Bounds.require(y, length, "y");
        Exponential.elu(x, y, length); // an exp of exact operations: the same floats interpreted and compiled
    }

    /** {@code dx += dy * (y > 0 ? 1 : y + 1)}. {@code y}: the forward output; dx must not alias dy. */
    public static void backward(MemorySegment y, MemorySegment dy, MemorySegment dx, int length) {
        Bounds.require(y, length, "y");
        Bounds.require(dy, length, "dy");
        Bounds.require(dx, length, "dx");
        int i = 0;
        FloatVector one = FloatVector.broadcast(S, 1f);
        // vector body
        for (int bound = Simd.loopBound(length); i < bound; i += Simd.LANES) {
            long at = 4L * i;
            FloatVector out = FloatVector.fromMemorySegment(S, y, at, ORDER);
            FloatVector slope = out.add(one).blend(one, out.compare(VectorOperators.GT, 0f));
            FloatVector g = FloatVector.fromMemorySegment(S, dy, at, ORDER);
            g.fma(slope, FloatVector.fromMemorySegment(S, dx, at, ORDER)).intoMemorySegment(dx, at, ORDER);
        }
        // scalar tail
        for (; i < length; i++) {
            float out = y.getAtIndex(F, i);
            float slope = out > 0f ? 1f : out + 1f;
            dx.setAtIndex(F, i, Math.fma(dy.getAtIndex(F, i), slope, dx.getAtIndex(F, i)));
        }
    }
}
