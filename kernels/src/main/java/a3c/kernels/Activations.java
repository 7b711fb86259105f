package a3c.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * Sigmoid and tanh for the LSTM gates, vector and scalar with the same formulas. The vector forms use the
 * Vector API's EXP and TANH (SVML on x86, within about an ulp); the scalar forms round the double
 * results of {@link Math#exp} and {@link Math#tanh}.
 */
final class Activations {
    private static final FloatVector ONE = Simd.broadcast(1f);

    private Activations() {
    }

    /** {@code 1 / (1 + exp(-z))}: 0 and 1 at the extremes (exp overflows to infinity, never to NaN). */
    static FloatVector sigmoid(FloatVector z) {
        return ONE.div(ONE.add(z.neg().lanewise(VectorOperators.EXP)));
    }

    static FloatVector tanh(FloatVector z) {
        return z.lanewise(VectorOperators.TANH);
    }

    static float sigmoid(float z) {
        return 1f / (1f + (float) Math.exp(-z));
    }

    static float tanh(float z) {
        return (float) Math.tanh(z);
    }
}
