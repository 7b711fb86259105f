package a3c.kernels;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The A3C paper's shared RMSProp (Mnih et al. 2016), epsilon inside the root:
 * {@code ms = decay * ms + (1 - decay) * g^2; theta -= lr * g / sqrt(ms + epsilon)}.
 *
 * <p>One elementwise pass over a whole arena ({@code params}, {@code meanSquare}, {@code grads} and
 * {@code local} share one layout, padding included: padding gradients are zero, so padding parameters stay
 * zero). The pass is a worker's whole optimiser step, fused because every piece streams the same
 * megabytes: the gradient is scaled (the global-norm clip), the shared statistics and parameters are
 * updated, each new parameter is also written into the worker's local copy (so its next rollout starts
 * from the shared model without a copy pass), and the gradient is cleared for the next backward to add
 * into. Apart, those were four passes over the arena and a third of an update (bench/RESULTS.md).
 */
public final class RmsProp {
    private static final VectorSpecies<Float> S = Simd.SPECIES;
    private static final ByteOrder ORDER = Simd.ORDER;
    private static final ValueLayout.OfFloat F = Simd.FLOAT;
    /**
     * Floating-point operations per float, as benchmarks count them: the clip scale, g*g, decay*ms, the
     * fused multiply-add (2), +epsilon, sqrt, lr*g, the divide and the subtract.
     */
    public static final int FLOPS_PER_FLOAT = 10;

    private static final int L = Simd.LANES;
    /** Floats per inner pass: int loops inside a long range. */
    private static final int CHUNK = 1 << 16;

    private RmsProp() {
    }

    /**
     * Applies one update with plain loads and stores, no locks and no atomics, then refreshes the worker's
     * local copy and clears its gradient: for every float,
     * {@code g = grads * gradScale; ms = decay ms + (1 - decay) g^2; p = params - lr g / sqrt(ms + eps);
     * params = local = p; grads = 0}.
     *
     * <p>Hogwild: many worker threads run this at once on the same shared {@code params} and
     * {@code meanSquare}, a deliberate race. It is benign: every float is read and written whole (aligned
     * 4-byte accesses do not tear, and vector stores of aligned floats never split a float), so a thread
     * sees each coordinate either before or after another's update; the worst case is a lost update of a
     * few coordinates, which is the same as dropping a sliver of one gradient, and updates are sparse in
     * time relative to the work between them (Recht et al. 2011; Mnih et al. 2016 share the statistics the
     * same way). No value read can be a blend of two writes, so no NaN or wild value comes out of the race.
     * {@code local} gets what this pass wrote to {@code params}, which includes every other worker's update
     * that landed before it: the same snapshot a copy of the shared arena at the next rollout's start would
     * take, a few microseconds earlier.
     *
     * @param grads     the worker's gradient: read, scaled by {@code gradScale}, then set to +0
     * @param gradScale the clip factor ({@link GradientNorm#clipFactor}), 1 for none
     * @param local     the worker's own parameters, overwritten with the updated shared ones
     * @param floats    floats to update from the start of the four segments (any length; each segment is
     *                  checked to hold them, once, before the pass)
     */
    public static void applyPlain(MemorySegment params, MemorySegment meanSquare, MemorySegment grads, float gradScale,
                                  MemorySegment local, long floats, float learningRate, float decay, float epsilon) {
        Bounds.require(params, floats, "params");
        Bounds.require(meanSquare, floats, "meanSquare");
        Bounds.require(grads, floats, "grads");
        Bounds.require(local, floats, "local");
        for (long base = 0; base < floats; base += CHUNK) {
            int length = (int) Math.min(CHUNK, floats - base);
            applyChunk(params, meanSquare, grads, gradScale, local, base, length, learningRate, decay, epsilon);
        }
    }

    private static void applyChunk(MemorySegment params, MemorySegment meanSquare, MemorySegment grads, float gradScale,
                                   MemorySegment local, long base, int length, float learningRate, float decay,
                                   float epsilon) {
        float keep = 1f - decay;
        FloatVector decayV = FloatVector.broadcast(S, decay), keepV = FloatVector.broadcast(S, keep);
        FloatVector epsV = FloatVector.broadcast(S, epsilon), lrV = FloatVector.broadcast(S, learningRate);
        FloatVector scaleV = FloatVector.broadcast(S, gradScale), zero = FloatVector.zero(S);
        int j = 0;
        // vector body: elementwise, so no accumulators; the loads and stores of the streams dominate
        for (int bound = Simd.loopBound(length); j < bound; j += L) {
            long at = 4L * (base + j);
            FloatVector g = FloatVector.fromMemorySegment(S, grads, at, ORDER).mul(scaleV);
            zero.intoMemorySegment(grads, at, ORDER);
            FloatVector ms = keepV.fma(g.mul(g), decayV.mul(FloatVector.fromMemorySegment(S, meanSquare, at, ORDER)));
            ms.intoMemorySegment(meanSquare, at, ORDER);
            FloatVector step = lrV.mul(g).div(ms.add(epsV).sqrt());
            FloatVector p = FloatVector.fromMemorySegment(S, params, at, ORDER).sub(step);
            p.intoMemorySegment(params, at, ORDER);
            p.intoMemorySegment(local, at, ORDER);
        }
        // scalar tail: the same arithmetic
        for (; j < length; j++) {
            long at = base + j;
            float g = grads.getAtIndex(F, at) * gradScale;
            grads.setAtIndex(F, at, 0f);
            float ms = Math.fma(keep, g * g, decay * meanSquare.getAtIndex(F, at));
            meanSquare.setAtIndex(F, at, ms);
            float step = learningRate * g / (float) Math.sqrt(ms + epsilon);
            float p = params.getAtIndex(F, at) - step;
            params.setAtIndex(F, at, p);
            local.setAtIndex(F, at, p);
        }
    }
}
