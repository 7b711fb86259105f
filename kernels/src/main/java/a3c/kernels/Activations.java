package a3c.kernels;

/**
 * Sigmoid and tanh for the LSTM gates, in scalar form: {@code 1 / (1 + exp(-z))} (0 and 1 at the extremes:
 * exp overflows to infinity, never to NaN) and tanh, rounding the double results of {@link Math#exp} and
 * {@link Math#tanh}. {@link LstmCell}'s vector loop writes the same formulas out with the Vector API's EXP
 * and TANH (SVML on x86, within about an ulp): no method here takes a vector (see {@link Simd}).
 */
final class Activations {
    private Activations() {
    }

    static float sigmoid(float z) {
        return 1f / (1f + (float) Math.exp(-z));
    }

    static float tanh(float z) {
        return (float) Math.tanh(z);
    }
}
