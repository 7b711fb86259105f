package a3c.kernels;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Global L2 norm of a gradient arena and clipping by it ({@code g *= maxNorm / |g|} when {@code |g| > maxNorm}).
 *
 * <p>The sum of squares runs in blocks of {@link #BLOCK} floats: within a block, 4 float vector
 * accumulators (each lane sums at most BLOCK / (4 LANES) squares, so its rounding error stays near
 * 1e-6 relative); each block's sum is then added in double, so the error does not grow with the
 * arena's 1.2M floats. Each entry checks g against {@code floats} once ({@link Bounds}), before its loops.
 */
public final class GradientNorm {
    private static final VectorSpecies<Float> S = Simd.SPECIES;
    private static final ByteOrder ORDER = Simd.ORDER;
    private static final ValueLayout.OfFloat F = Simd.FLOAT;
    /** Floating-point operations per float of {@link #l2}: one multiply-add. */
    public static final int L2_FLOPS_PER_FLOAT = 2;
    /** Floats summed in float before the block's sum is added in double. */
    static final int BLOCK = 1024;

    private static final int L = Simd.LANES;
    /** Bytes per vector. */
    private static final long LB = 4L * L;

    private GradientNorm() {
    }

    /** {@code sqrt(sum of g^2)} over the first {@code floats} floats of g. */
    public static double l2(MemorySegment g, long floats) {
        Bounds.require(g, floats, "g");
        return normOf(g, floats);
    }

    /** {@link #l2} past its size check. */
    private static double normOf(MemorySegment g, long floats) {
        double total = 0;
        for (long base = 0; base < floats; base += BLOCK) {
            total += squares(g, base, (int) Math.min(BLOCK, floats - base));
        }
        return Math.sqrt(total);
    }

    /**
     * Scales g in place by {@code maxNorm / norm} when its norm exceeds maxNorm; returns the norm before
     * clipping. A NaN or infinite norm is returned as it is and g is left alone, for the caller to report.
     */
    public static double clipByNorm(MemorySegment g, long floats, double maxNorm) {
        Bounds.require(g, floats, "g");
        double norm = normOf(g, floats);
        float factor = clipFactor(norm, maxNorm);
        if (factor != 1f) {
            scaleBy(g, floats, factor);
        }
        return norm;
    }

    /**
     * The factor clipping applies to a gradient of norm {@code norm}: {@code maxNorm / norm} above maxNorm,
     * else 1 (also 1 for a NaN or infinite norm, which the caller reports instead).
     */
    public static float clipFactor(double norm, double maxNorm) {
        return norm > maxNorm && Double.isFinite(norm) ? (float) (maxNorm / norm) : 1f;
    }

    /** {@code g *= factor} over the first {@code floats} floats. */
    public static void scale(MemorySegment g, long floats, float factor) {
        Bounds.require(g, floats, "g");
        scaleBy(g, floats, factor);
    }

    /** {@link #scale} past its size check. */
    private static void scaleBy(MemorySegment g, long floats, float factor) {
        FloatVector f = FloatVector.broadcast(S, factor);
        for (long base = 0; base < floats; base += BLOCK) {
            int length = (int) Math.min(BLOCK, floats - base);
            int j = 0;
            // vector body
            for (int bound = Simd.loopBound(length); j < bound; j += L) {
                long at = 4L * (base + j);
                FloatVector.fromMemorySegment(S, g, at, ORDER).mul(f).intoMemorySegment(g, at, ORDER);
            }
            // scalar tail
            for (; j < length; j++) {
                g.setAtIndex(F, base + j, g.getAtIndex(F, base + j) * factor);
            }
        }
    }

    /** Sum of squares of {@code g[base, base + length)}, in float. */
    private static float squares(MemorySegment g, long base, int length) {
        int j = 0;
        float sum = 0f;
        // vector body: 4 independent accumulators
        if (length >= 4 * L) {
            FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0;
            for (int bound = length - length % (4 * L); j < bound; j += 4 * L) {
                long at = 4L * (base + j);
                FloatVector v0 = FloatVector.fromMemorySegment(S, g, at, ORDER);
                FloatVector v1 = FloatVector.fromMemorySegment(S, g, at + LB, ORDER);
                FloatVector v2 = FloatVector.fromMemorySegment(S, g, at + 2 * LB, ORDER);
                FloatVector v3 = FloatVector.fromMemorySegment(S, g, at + 3 * LB, ORDER);
                a0 = v0.fma(v0, a0);
                a1 = v1.fma(v1, a1);
                a2 = v2.fma(v2, a2);
                a3 = v3.fma(v3, a3);
            }
            // one-vector tail
            for (int bound = Simd.loopBound(length); j < bound; j += L) {
                FloatVector v = FloatVector.fromMemorySegment(S, g, 4L * (base + j), ORDER);
                a0 = v.fma(v, a0);
            }
            // reduction by a fixed tree (Simd.HALVINGS)
            FloatVector a = a0.add(a1).add(a2.add(a3));
            for (VectorShuffle<Float> h : Simd.HALVINGS) {
                a = a.add(a.rearrange(h));
            }
            sum = a.lane(0);
        }
        // scalar tail
        for (; j < length; j++) {
            float v = g.getAtIndex(F, base + j);
            sum = Math.fma(v, v, sum);
        }
        return sum;
    }
}
