package a3c.kernels;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Softmax, log-softmax and entropy over the rows of {@code logits: N,K} (the policy head: K actions).
 *
 * <p>Forward keeps {@code probs} and {@code logProbs} ({@code N,K}): every backward here reads only them
 * (and the entropy), never the logits. K is small (2 to 18 actions), so rows shorter than a vector run
 * scalar; longer rows run one vector at a time with a scalar tail (correct for any K; a row is too short
 * for several accumulators to pay), but for the exp of a row, always scalar ({@code Math.exp} gives the same
 * float interpreted and compiled), and the vector sums run in a fixed order ({@link Simd#HALVINGS}). Every backward ADDS into {@code dLogits}. Every entry checks each
 * tensor's size against N and K once ({@link Bounds}), before its loops.
 */
public final class Softmax {
    private static final VectorSpecies<Float> S = Simd.SPECIES;
    private static final ByteOrder ORDER = Simd.ORDER;
    private static final ValueLayout.OfFloat F = Simd.FLOAT;
    private static final int L = Simd.LANES;

    private Softmax() {
    }

    /** {@code logProbs = l - max - log(sum exp(l - max))}, {@code probs = exp(l - max) / sum}: stable for any logits. */
    public static void forward(int n, int k, MemorySegment logits, MemorySegment probs, MemorySegment logProbs) {
        // logits, probs, logProbs: N,K
        long nk = (long) n * k;
        Bounds.require(logits, nk, "logits");
        Bounds.require(probs, nk, "probs");
        Bounds.require(logProbs, nk, "logProbs");
        for (int r = 0; r < n; r++) {
            long at = (long) r * k;
            float max = RowOps.max(k, logits, at);
            float sum = RowOps.expShifted(k, logits, at, max, probs);
            float logSum = (float) Math.log(sum);
            float inv = 1f / sum;
            int j = 0;
            // vector body
            for (int bound = k < L ? 0 : Simd.loopBound(k); j < bound; j += L) {
                long o = 4L * (at + j);
                FloatVector.fromMemorySegment(S, logits, o, ORDER).sub(max).sub(logSum).intoMemorySegment(logProbs, o, ORDER);
                FloatVector.fromMemorySegment(S, probs, o, ORDER).mul(inv).intoMemorySegment(probs, o, ORDER);
            }
            // scalar tail
            for (; j < k; j++) {
                logProbs.setAtIndex(F, at + j, logits.getAtIndex(F, at + j) - max - logSum);
                probs.setAtIndex(F, at + j, probs.getAtIndex(F, at + j) * inv);
            }
        }
    }

    /** {@code entropy[r] = -sum_j p log p} (overwritten). */
    public static void entropy(int n, int k, MemorySegment probs, MemorySegment logProbs, MemorySegment entropy) {
        // probs, logProbs: N,K   entropy: N
        Bounds.require(probs, (long) n * k, "probs");
        Bounds.require(logProbs, (long) n * k, "logProbs");
        Bounds.require(entropy, n, "entropy");
        for (int r = 0; r < n; r++) {
            entropy.setAtIndex(F, r, -RowOps.dot(k, probs, logProbs, (long) r * k));
        }
    }

    /** {@code dl += dlogp - p * sum(dlogp)}. */
    public static void backwardLogSoftmax(int n, int k, MemorySegment probs, MemorySegment dLogProbs, MemorySegment dLogits) {
        // probs, dLogProbs, dLogits (+=): N,K
        long nk = (long) n * k;
        Bounds.require(probs, nk, "probs");
        Bounds.require(dLogProbs, nk, "dLogProbs");
        Bounds.require(dLogits, nk, "dLogits");
        for (int r = 0; r < n; r++) {
            long at = (long) r * k;
            float total = RowOps.sum(k, dLogProbs, at);
            RowOps.addMinusScaled(k, dLogProbs, probs, at, total, dLogits);
        }
    }

    /** {@code dl += p * (dp - sum(p * dp))}. */
    public static void backwardSoftmax(int n, int k, MemorySegment probs, MemorySegment dProbs, MemorySegment dLogits) {
        // probs, dProbs, dLogits (+=): N,K
        long nk = (long) n * k;
        Bounds.require(probs, nk, "probs");
        Bounds.require(dProbs, nk, "dProbs");
        Bounds.require(dLogits, nk, "dLogits");
        for (int r = 0; r < n; r++) {
            long at = (long) r * k;
            float mean = RowOps.dot(k, probs, dProbs, at);
            int j = 0;
            // vector body
            for (int bound = k < L ? 0 : Simd.loopBound(k); j < bound; j += L) {
                long o = 4L * (at + j);
                FloatVector p = FloatVector.fromMemorySegment(S, probs, o, ORDER);
                FloatVector dp = FloatVector.fromMemorySegment(S, dProbs, o, ORDER).sub(mean);
                p.fma(dp, FloatVector.fromMemorySegment(S, dLogits, o, ORDER)).intoMemorySegment(dLogits, o, ORDER);
            }
            // scalar tail
            for (; j < k; j++) {
                float p = probs.getAtIndex(F, at + j);
                float dp = dProbs.getAtIndex(F, at + j) - mean;
                dLogits.setAtIndex(F, at + j, Math.fma(p, dp, dLogits.getAtIndex(F, at + j)));
            }
        }
    }

    /** {@code dl_j += dH * -p_j * (log p_j + H)}: {@code entropy, dEntropy: N}. */
    public static void backwardEntropy(int n, int k, MemorySegment probs, MemorySegment logProbs, MemorySegment entropy,
                                       MemorySegment dEntropy, MemorySegment dLogits) {
        // probs, logProbs, dLogits (+=): N,K   entropy, dEntropy: N
        long nk = (long) n * k;
        Bounds.require(probs, nk, "probs");
        Bounds.require(logProbs, nk, "logProbs");
        Bounds.require(entropy, n, "entropy");
        Bounds.require(dEntropy, n, "dEntropy");
        Bounds.require(dLogits, nk, "dLogits");
        for (int r = 0; r < n; r++) {
            long at = (long) r * k;
            float h = entropy.getAtIndex(F, r);
            float scale = -dEntropy.getAtIndex(F, r);
            int j = 0;
            // vector body
            for (int bound = k < L ? 0 : Simd.loopBound(k); j < bound; j += L) {
                long o = 4L * (at + j);
                FloatVector lp = FloatVector.fromMemorySegment(S, logProbs, o, ORDER).add(h);
                FloatVector g = FloatVector.fromMemorySegment(S, probs, o, ORDER).mul(scale).mul(lp);
                FloatVector.fromMemorySegment(S, dLogits, o, ORDER).add(g).intoMemorySegment(dLogits, o, ORDER);
            }
            // scalar tail
            for (; j < k; j++) {
                float g = probs.getAtIndex(F, at + j) * scale * (logProbs.getAtIndex(F, at + j) + h);
                dLogits.setAtIndex(F, at + j, dLogits.getAtIndex(F, at + j) + g);
            }
        }
    }

    /** Floating-point operations of {@link #forward} per row of {@code k} logits (exp and log counted as one). */
    public static long forwardFlops(int n, int k) {
        return n * (6L * k + 2);
    }

    /** The row passes the softmax operations are made of. */
    static final class RowOps {
        private RowOps() {
        }

        static float max(int k, MemorySegment m, long at) {
            float max = Float.NEGATIVE_INFINITY;
            int j = 0;
            // vector body and reduction
            if (k >= L) {
                FloatVector a = FloatVector.fromMemorySegment(S, m, 4L * at, ORDER);
                for (j = L; j <= k - L; j += L) {
                    a = a.max(FloatVector.fromMemorySegment(S, m, 4L * (at + j), ORDER));
                }
                max = a.reduceLanes(VectorOperators.MAX);
            }
            // scalar tail
            for (; j < k; j++) {
                max = Math.max(max, m.getAtIndex(F, at + j));
            }
            return max;
        }

        /**
         * {@code e_j = exp(l_j - shift)} into {@code out}; returns their sum. Scalar: a row is one game's actions
         * (3 to 18), and {@code Math.exp} gives the same float interpreted and compiled where the Vector API's
         * EXP does not (about 1 % of lanes differ in the last bit).
         */
        static float expShifted(int k, MemorySegment logits, long at, float shift, MemorySegment out) {
            float sum = 0f;
            for (int j = 0; j < k; j++) {
                float e = (float) Math.exp(logits.getAtIndex(F, at + j) - shift);
                out.setAtIndex(F, at + j, e);
                sum += e;
            }
            return sum;
        }

        static float sum(int k, MemorySegment m, long at) {
            int j = 0;
            float sum = 0f;
            // vector body and reduction
            if (k >= L) {
                FloatVector a = FloatVector.zero(S);
                for (int bound = Simd.loopBound(k); j < bound; j += L) {
                    a = a.add(FloatVector.fromMemorySegment(S, m, 4L * (at + j), ORDER));
                }
                for (VectorShuffle<Float> h : Simd.HALVINGS) { // by a fixed tree (Simd.HALVINGS)
                    a = a.add(a.rearrange(h));
                }
                sum = a.lane(0);
            }
            // scalar tail
            for (; j < k; j++) {
                sum += m.getAtIndex(F, at + j);
            }
            return sum;
        }

        static float dot(int k, MemorySegment a, MemorySegment b, long at) {
            int j = 0;
            float sum = 0f;
            // vector body and reduction
            if (k >= L) {
                FloatVector acc = FloatVector.zero(S);
                for (int bound = Simd.loopBound(k); j < bound; j += L) {
                    long o = 4L * (at + j);
                    acc = FloatVector.fromMemorySegment(S, a, o, ORDER).fma(FloatVector.fromMemorySegment(S, b, o, ORDER), acc);
                }
                for (VectorShuffle<Float> h : Simd.HALVINGS) { // by a fixed tree (Simd.HALVINGS)
                    acc = acc.add(acc.rearrange(h));
                }
                sum = acc.lane(0);
            }
            // scalar tail
            for (; j < k; j++) {
                sum = Math.fma(a.getAtIndex(F, at + j), b.getAtIndex(F, at + j), sum);
            }
            return sum;
        }

        /** {@code out += d - p * total}. */
        static void addMinusScaled(int k, MemorySegment d, MemorySegment p, long at, float total, MemorySegment out) {
            int j = 0;
            // vector body
            for (int bound = k < L ? 0 : Simd.loopBound(k); j < bound; j += L) {
                long o = 4L * (at + j);
                FloatVector v = FloatVector.fromMemorySegment(S, out, o, ORDER)
                        .add(FloatVector.fromMemorySegment(S, d, o, ORDER));
                FloatVector scaled = FloatVector.fromMemorySegment(S, p, o, ORDER).fma(FloatVector.broadcast(S, -total), v);
                scaled.intoMemorySegment(out, o, ORDER);
            }
            // scalar tail
            for (; j < k; j++) {
                float v = out.getAtIndex(F, at + j) + d.getAtIndex(F, at + j);
                out.setAtIndex(F, at + j, Math.fma(p.getAtIndex(F, at + j), -total, v));
            }
        }
    }
}
