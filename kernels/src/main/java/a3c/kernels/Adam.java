package a3c.kernels;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Adam (Kingma and Ba 2015) with moments shared by all workers, in the form TensorFlow's {@code AdamOptimizer}
 * uses (the paper's "efficient" version, epsilon added to the uncorrected root), which the reference set-ups
 * that use Adam (the Keras tutorial, universe-starter-agent, the A3C-CPU notebook) ran:
 * {@code m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g^2; theta -= stepSize * m / (sqrt(v) + epsilon)}, with
 * {@code stepSize = lr * sqrt(1 - b2^t) / (1 - b1^t)} from the shared update count t ({@link #stepSize}).
 *
 * <p>Fused like {@link RmsProp}: one elementwise pass over the arena scales the gradient (the clip), updates
 * the shared moments and parameters, writes each new parameter into the worker's local copy and clears the
 * gradient. {@code params}, {@code m}, {@code v}, {@code grads} and {@code local} share one layout.
 */
public final class Adam {
    private static final VectorSpecies<Float> S = Simd.SPECIES;
    private static final ByteOrder ORDER = Simd.ORDER;
    private static final ValueLayout.OfFloat F = Simd.FLOAT;
    /**
     * Floating-point operations per float, as benchmarks count them: the clip scale, the first moment (a
     * multiply and a fused multiply-add, 3), the second (g*g and a fused multiply-add, 3), sqrt, +epsilon,
     * stepSize*m, the divide and the subtract.
     */
    public static final int FLOPS_PER_FLOAT = 12;

    private static final int L = Simd.LANES;
    /** Floats per inner pass: int loops inside a long range. */
    private static final int CHUNK = 1 << 16;

    private Adam() {
    }

    /**
     * The bias-corrected step size of update {@code t} (counted from 1): {@code lr sqrt(1 - b2^t) / (1 - b1^t)}.
     * In double: at t = 1 the two corrections are 1e-3 and 0.1 of their limits, and the ratio must be exact.
     */
    public static float stepSize(double learningRate, double beta1, double beta2, long t) {
        if (t < 1) {
            throw new IllegalArgumentException("t=" + t + ": Adam's updates are counted from 1");
        }
        return (float) (learningRate * Math.sqrt(1 - Math.pow(beta2, t)) / (1 - Math.pow(beta1, t)));
    }

    /**
     * Applies one update with plain loads and stores, no locks and no atomics, then refreshes the worker's
     * local copy and clears its gradient: for every float,
     * {@code g = grads * gradScale; m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g^2;
     * p = params - stepSize m / (sqrt(v) + epsilon); params = local = p; grads = 0}.
     *
     * <p>Hogwild, the race {@link RmsProp#applyPlain} argues: workers run this at once on the same
     * {@code params}, {@code m} and {@code v}; every float is read and written whole, so the worst case is a
     * lost update of a few coordinates, never a torn or blended value. Each worker takes its own t from the
     * shared count before the pass ({@link #stepSize}); two workers' corrections differ by one step, which
     * after the first few hundred updates changes the step by less than a part in a thousand.
     *
     * @param grads     the worker's gradient: read, scaled by {@code gradScale}, then set to +0
     * @param gradScale the clip factor ({@link GradientNorm#clipFactor}), 1 for none
     * @param local     the worker's own parameters, overwritten with the updated shared ones
     * @param floats    floats to update from the start of the five segments (any length; each segment is
     *                  checked to hold them, once, before the pass)
     * @param stepSize  {@link #stepSize} of this update
     */
    public static void applyPlain(MemorySegment params, MemorySegment m, MemorySegment v, MemorySegment grads,
                                  float gradScale, MemorySegment local, long floats, float stepSize, float beta1,
                                  float beta2, float epsilon) {
        Bounds.require(params, floats, "params");
        Bounds.require(m, floats, "m");
        Bounds.require(v, floats, "v");
        Bounds.require(grads, floats, "grads");
        Bounds.require(local, floats, "local");
        for (long base = 0; base < floats; base += CHUNK) {
            int length = (int) Math.min(CHUNK, floats - base);
            applyChunk(params, m, v, grads, gradScale, local, base, length, stepSize, beta1, beta2, epsilon);
        }
    }

    private static void applyChunk(MemorySegment params, MemorySegment m, MemorySegment v, MemorySegment grads,
                                   float gradScale, MemorySegment local, long base, int length, float stepSize,
                                   float beta1, float beta2, float epsilon) {
        float keep1 = 1f - beta1, keep2 = 1f - beta2;
        FloatVector b1V = FloatVector.broadcast(S, beta1), k1V = FloatVector.broadcast(S, keep1);
        FloatVector b2V = FloatVector.broadcast(S, beta2), k2V = FloatVector.broadcast(S, keep2);
        FloatVector epsV = FloatVector.broadcast(S, epsilon), stepV = FloatVector.broadcast(S, stepSize);
        FloatVector scaleV = FloatVector.broadcast(S, gradScale), zero = FloatVector.zero(S);
        int j = 0;
        // vector body: elementwise, so no accumulators; five streams in, four out
        for (int bound = Simd.loopBound(length); j < bound; j += L) {
            long at = 4L * (base + j);
            FloatVector g = FloatVector.fromMemorySegment(S, grads, at, ORDER).mul(scaleV);
            zero.intoMemorySegment(grads, at, ORDER);
            FloatVector mNew = k1V.fma(g, b1V.mul(FloatVector.fromMemorySegment(S, m, at, ORDER)));
            mNew.intoMemorySegment(m, at, ORDER);
            FloatVector vNew = k2V.fma(g.mul(g), b2V.mul(FloatVector.fromMemorySegment(S, v, at, ORDER)));
            vNew.intoMemorySegment(v, at, ORDER);
            FloatVector step = stepV.mul(mNew).div(vNew.sqrt().add(epsV));
            FloatVector p = FloatVector.fromMemorySegment(S, params, at, ORDER).sub(step);
            p.intoMemorySegment(params, at, ORDER);
            p.intoMemorySegment(local, at, ORDER);
        }
        // scalar tail: the same arithmetic
        for (; j < length; j++) {
            long at = base + j;
            float g = grads.getAtIndex(F, at) * gradScale;
            grads.setAtIndex(F, at, 0f);
            float mNew = Math.fma(keep1, g, beta1 * m.getAtIndex(F, at));
            m.setAtIndex(F, at, mNew);
            float vNew = Math.fma(keep2, g * g, beta2 * v.getAtIndex(F, at));
            v.setAtIndex(F, at, vNew);
            float step = stepSize * mNew / ((float) Math.sqrt(vNew) + epsilon);
            float p = params.getAtIndex(F, at) - step;
            params.setAtIndex(F, at, p);
            local.setAtIndex(F, at, p);
        }
    }
}
