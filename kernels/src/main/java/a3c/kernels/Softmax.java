package a3c.kernels;

import java.lang.foreign.MemorySegment;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * Softmax, log-softmax and entropy over the rows of {@code logits: N,K} (the policy head: K actions).
 *
 * <p>Forward keeps {@code probs} and {@code logProbs} ({@code N,K}): every backward here reads only them
 * (and the entropy), never the logits. K is small (2 to 18 actions), so rows shorter than a vector run
 * scalar; longer rows run one vector at a time with a scalar tail (correct for any K; a row is too short
 * for several accumulators to pay). Every backward ADDS into {@code dLogits}.
 */
public final class Softmax {
    private static final int L = Simd.LANES;

    private Softmax() {
    }

    /** {@code logProbs = l - max - log(sum exp(l - max))}, {@code probs = exp(l - max) / sum}: stable for any logits. */
    public static void forward(int n, int k, MemorySegment logits, MemorySegment probs, MemorySegment logProbs) {
        for (int r = 0; r < n; r++) {
            long at = (long) r * k;
            float max = RowOps.max(k, logits, at);
            float sum = RowOps.expShifted(k, logits, at, max, probs);
            float logSum = (float) Math.log(sum);
            float inv = 1f / sum;
            int j = 0;
            // vector body
            for (int bound = k < L ? 0 : Simd.loopBound(k); j < bound; j += L) {
                Simd.store(Simd.load(logits, at + j).sub(max).sub(logSum), logProbs, at + j);
                Simd.store(Simd.load(probs, at + j).mul(inv), probs, at + j);
            }
            // scalar tail
            for (; j < k; j++) {
                Simd.set(logProbs, at + j, Simd.get(logits, at + j) - max - logSum);
                Simd.set(probs, at + j, Simd.get(probs, at + j) * inv);
            }
        }
    }

    /** {@code entropy[r] = -sum_j p log p} (overwritten). */
    public static void entropy(int n, int k, MemorySegment probs, MemorySegment logProbs, MemorySegment entropy) {
        for (int r = 0; r < n; r++) {
            Simd.set(entropy, r, -RowOps.dot(k, probs, logProbs, (long) r * k));
        }
    }

    /** {@code dl += dlogp - p * sum(dlogp)}. */
    public static void backwardLogSoftmax(int n, int k, MemorySegment probs, MemorySegment dLogProbs, MemorySegment dLogits) {
        for (int r = 0; r < n; r++) {
            long at = (long) r * k;
            float total = RowOps.sum(k, dLogProbs, at);
            RowOps.addMinusScaled(k, dLogProbs, probs, at, total, dLogits);
        }
    }

    /** {@code dl += p * (dp - sum(p * dp))}. */
    public static void backwardSoftmax(int n, int k, MemorySegment probs, MemorySegment dProbs, MemorySegment dLogits) {
        for (int r = 0; r < n; r++) {
            long at = (long) r * k;
            float mean = RowOps.dot(k, probs, dProbs, at);
            int j = 0;
            // vector body
            for (int bound = k < L ? 0 : Simd.loopBound(k); j < bound; j += L) {
                FloatVector p = Simd.load(probs, at + j);
                Simd.store(Simd.fma(p, Simd.load(dProbs, at + j).sub(mean), Simd.load(dLogits, at + j)), dLogits, at + j);
            }
            // scalar tail
            for (; j < k; j++) {
                float p = Simd.get(probs, at + j);
                Simd.set(dLogits, at + j, Simd.fma(p, Simd.get(dProbs, at + j) - mean, Simd.get(dLogits, at + j)));
            }
        }
    }

    /** {@code dl_j += dH * -p_j * (log p_j + H)}: {@code entropy, dEntropy: N}. */
    public static void backwardEntropy(int n, int k, MemorySegment probs, MemorySegment logProbs, MemorySegment entropy,
                                       MemorySegment dEntropy, MemorySegment dLogits) {
        for (int r = 0; r < n; r++) {
            long at = (long) r * k;
            float h = Simd.get(entropy, r);
            float scale = -Simd.get(dEntropy, r);
            int j = 0;
            // vector body
            for (int bound = k < L ? 0 : Simd.loopBound(k); j < bound; j += L) {
                FloatVector g = Simd.load(probs, at + j).mul(scale).mul(Simd.load(logProbs, at + j).add(h));
                Simd.store(Simd.load(dLogits, at + j).add(g), dLogits, at + j);
            }
            // scalar tail
            for (; j < k; j++) {
                float g = Simd.get(probs, at + j) * scale * (Simd.get(logProbs, at + j) + h);
                Simd.set(dLogits, at + j, Simd.get(dLogits, at + j) + g);
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
                FloatVector a = Simd.load(m, at);
                for (j = L; j <= k - L; j += L) {
                    a = a.max(Simd.load(m, at + j));
                }
                max = a.reduceLanes(VectorOperators.MAX);
            }
            // scalar tail
            for (; j < k; j++) {
                max = Math.max(max, Simd.get(m, at + j));
            }
            return max;
        }

        /** {@code e_j = exp(l_j - shift)} into {@code out}; returns their sum. */
        static float expShifted(int k, MemorySegment logits, long at, float shift, MemorySegment out) {
            int j = 0;
            float sum = 0f;
            // vector body and reduction
            if (k >= L) {
                FloatVector a = Simd.zero();
                for (int bound = Simd.loopBound(k); j < bound; j += L) {
                    FloatVector e = Simd.load(logits, at + j).sub(shift).lanewise(VectorOperators.EXP);
                    Simd.store(e, out, at + j);
                    a = a.add(e);
                }
                sum = Simd.sum(a);
            }
            // scalar tail
            for (; j < k; j++) {
                float e = (float) Math.exp(Simd.get(logits, at + j) - shift);
                Simd.set(out, at + j, e);
                sum += e;
            }
            return sum;
        }

        static float sum(int k, MemorySegment m, long at) {
            int j = 0;
            float sum = 0f;
            // vector body and reduction
            if (k >= L) {
                FloatVector a = Simd.zero();
                for (int bound = Simd.loopBound(k); j < bound; j += L) {
                    a = a.add(Simd.load(m, at + j));
                }
                sum = Simd.sum(a);
            }
            // scalar tail
            for (; j < k; j++) {
                sum += Simd.get(m, at + j);
            }
            return sum;
        }

        static float dot(int k, MemorySegment a, MemorySegment b, long at) {
            int j = 0;
            float sum = 0f;
            // vector body and reduction
            if (k >= L) {
                FloatVector acc = Simd.zero();
                for (int bound = Simd.loopBound(k); j < bound; j += L) {
                    acc = Simd.fma(Simd.load(a, at + j), Simd.load(b, at + j), acc);
                }
                sum = Simd.sum(acc);
            }
            // scalar tail
            for (; j < k; j++) {
                sum = Simd.fma(Simd.get(a, at + j), Simd.get(b, at + j), sum);
            }
            return sum;
        }

        /** {@code out += d - p * total}. */
        static void addMinusScaled(int k, MemorySegment d, MemorySegment p, long at, float total, MemorySegment out) {
            int j = 0;
            // vector body
            for (int bound = k < L ? 0 : Simd.loopBound(k); j < bound; j += L) {
                FloatVector v = Simd.load(out, at + j).add(Simd.load(d, at + j));
                Simd.store(Simd.fma(Simd.load(p, at + j), Simd.broadcast(-total), v), out, at + j);
            }
            // scalar tail
            for (; j < k; j++) {
                float v = Simd.get(out, at + j) + Simd.get(d, at + j);
                Simd.set(out, at + j, Simd.fma(Simd.get(p, at + j), -total, v));
            }
        }
    }
}
