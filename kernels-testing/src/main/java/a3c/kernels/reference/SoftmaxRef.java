package a3c.kernels.reference;

/** Scalar twin of {@link a3c.kernels.Softmax}, in double, over rows of {@code k} logits. Backwards add. */
public final class SoftmaxRef {
    private SoftmaxRef() {
    }

    public static void forward(int n, int k, double[] logits, double[] probs, double[] logProbs) {
        for (int r = 0; r < n; r++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < k; j++) {
                max = Math.max(max, logits[r * k + j]);
            }
            double sum = 0;
            for (int j = 0; j < k; j++) {
                sum += Math.exp(logits[r * k + j] - max);
            }
            for (int j = 0; j < k; j++) {
                logProbs[r * k + j] = logits[r * k + j] - max - Math.log(sum);
                probs[r * k + j] = Math.exp(logProbs[r * k + j]);
            }
        }
    }

    public static void entropy(int n, int k, double[] probs, double[] logProbs, double[] entropy) {
        for (int r = 0; r < n; r++) {
            double h = 0;
            for (int j = 0; j < k; j++) {
                h -= probs[r * k + j] * logProbs[r * k + j];
            }
            entropy[r] = h;
        }
    }

    public static void backwardLogSoftmax(int n, int k, double[] probs, double[] dLogProbs, double[] dLogits) {
        for (int r = 0; r < n; r++) {
            double total = 0;
            for (int j = 0; j < k; j++) {
                total += dLogProbs[r * k + j];
            }
            for (int j = 0; j < k; j++) {
                dLogits[r * k + j] += dLogProbs[r * k + j] - probs[r * k + j] * total;
            }
        }
    }

    public static void backwardSoftmax(int n, int k, double[] probs, double[] dProbs, double[] dLogits) {
        for (int r = 0; r < n; r++) {
            double mean = 0;
            for (int j = 0; j < k; j++) {
                mean += probs[r * k + j] * dProbs[r * k + j];
            }
            for (int j = 0; j < k; j++) {
                dLogits[r * k + j] += probs[r * k + j] * (dProbs[r * k + j] - mean);
            }
        }
    }

    public static void backwardEntropy(int n, int k, double[] probs, double[] logProbs, double[] entropy,
                                       double[] dEntropy, double[] dLogits) {
        for (int r = 0; r < n; r++) {
            for (int j = 0; j < k; j++) {
                dLogits[r * k + j] -= dEntropy[r] * probs[r * k + j] * (logProbs[r * k + j] + entropy[r]);
            }
        }
    }
}
