package a3c.kernels.check;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

import a3c.kernels.Softmax;
import a3c.kernels.reference.SoftmaxRef;
import a3c.kernels.testing.TestMemory;

/** Gradient-check and SIMD cases for {@link Softmax}. Logits are uniform in [-3, 3]. */
public final class SoftmaxCases {
    private SoftmaxCases() {
    }

    static String shape(int n, int k) {
        return "softmax logits:" + n + "," + k;
    }

    /** Checked output: log-softmax (N,K), softmax (N,K) and entropy (N) of the logits, one after another. */
    public static GradCase grad(int n, int k, SplittableRandom rng) {
        double[] logits = TestMemory.uniform(rng, n * k, 3.0);
        return new GradCase() {
            @Override
            public String name() {
                return shape(n, k);
            }

            @Override
            public Map<String, double[]> inputs() {
                return Map.of("logits", logits);
            }

            @Override
            public double[] forward() {
                double[] probs = new double[n * k], logProbs = new double[n * k], entropy = new double[n];
                SoftmaxRef.forward(n, k, logits, probs, logProbs);
                SoftmaxRef.entropy(n, k, probs, logProbs, entropy);
                double[] all = Arrays.copyOf(logProbs, 2 * n * k + n);
                System.arraycopy(probs, 0, all, n * k, n * k);
                System.arraycopy(entropy, 0, all, 2 * n * k, n);
                return all;
            }

            @Override
            public Map<String, double[]> backward(double[] dOut) {
                double[] probs = new double[n * k], logProbs = new double[n * k], entropy = new double[n];
                SoftmaxRef.forward(n, k, logits, probs, logProbs);
                SoftmaxRef.entropy(n, k, probs, logProbs, entropy);
                double[] dLogits = new double[n * k];
                SoftmaxRef.backwardLogSoftmax(n, k, probs, Arrays.copyOfRange(dOut, 0, n * k), dLogits);
                SoftmaxRef.backwardSoftmax(n, k, probs, Arrays.copyOfRange(dOut, n * k, 2 * n * k), dLogits);
                SoftmaxRef.backwardEntropy(n, k, probs, logProbs, entropy, Arrays.copyOfRange(dOut, 2 * n * k, dOut.length),
                        dLogits);
                return Map.of("logits", dLogits);
            }
        };
    }

    /** probs, logProbs, entropy, and each backward into its own random starting dLogits. */
    public static SimdCase simd(int n, int k, SplittableRandom rng) {
        double[] logits = TestMemory.uniform(rng, n * k, 3.0);
        double[] dLogProbs = TestMemory.uniform(rng, n * k, 1.0), dProbs = TestMemory.uniform(rng, n * k, 1.0);
        double[] dEntropy = TestMemory.uniform(rng, n, 1.0);
        double[][] start = {TestMemory.uniform(rng, n * k, 1.0), TestMemory.uniform(rng, n * k, 1.0),
            TestMemory.uniform(rng, n * k, 1.0)};
        return new SimdCase() {
            @Override
            public String name() {
                return shape(n, k);
            }

            @Override
            public int reductionLength() {
                return k;
            }

            @Override
            public Map<String, double[]> reference() {
                double[] probs = new double[n * k], logProbs = new double[n * k], entropy = new double[n];
                SoftmaxRef.forward(n, k, logits, probs, logProbs);
                SoftmaxRef.entropy(n, k, probs, logProbs, entropy);
                double[] a = start[0].clone(), b = start[1].clone(), c = start[2].clone();
                SoftmaxRef.backwardLogSoftmax(n, k, probs, dLogProbs, a);
                SoftmaxRef.backwardSoftmax(n, k, probs, dProbs, b);
                SoftmaxRef.backwardEntropy(n, k, probs, logProbs, entropy, dEntropy, c);
                return outputs(probs, logProbs, entropy, a, b, c);
            }

            @Override
            public Map<String, double[]> simd(TestMemory m) {
                MemorySegment probs = m.zeros(n * k), logProbs = m.zeros(n * k), entropy = m.zeros(n);
                Softmax.forward(n, k, m.of(logits), probs, logProbs);
                Softmax.entropy(n, k, probs, logProbs, entropy);
                MemorySegment a = m.of(start[0]), b = m.of(start[1]), c = m.of(start[2]);
                Softmax.backwardLogSoftmax(n, k, probs, m.of(dLogProbs), a);
                Softmax.backwardSoftmax(n, k, probs, m.of(dProbs), b);
                Softmax.backwardEntropy(n, k, probs, logProbs, entropy, m.of(dEntropy), c);
                return outputs(TestMemory.toDouble(probs), TestMemory.toDouble(logProbs), TestMemory.toDouble(entropy),
                        TestMemory.toDouble(a), TestMemory.toDouble(b), TestMemory.toDouble(c));
            }
        };
    }

    private static Map<String, double[]> outputs(double[] probs, double[] logProbs, double[] entropy, double[] dLogSoftmax,
                                                 double[] dSoftmax, double[] dEntropy) {
        Map<String, double[]> out = new LinkedHashMap<>();
        out.put("probs", probs);
        out.put("logProbs", logProbs);
        out.put("entropy", entropy);
        out.put("dLogits via log-softmax", dLogSoftmax);
        out.put("dLogits via softmax", dSoftmax);
        out.put("dLogits via entropy", dEntropy);
        return out;
    }
}
