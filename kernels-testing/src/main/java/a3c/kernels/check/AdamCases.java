package a3c.kernels.check;

import java.lang.foreign.MemorySegment;
import java.util.Map;
import java.util.SplittableRandom;

import a3c.kernels.Adam;
import a3c.kernels.reference.AdamRef;
import a3c.kernels.testing.TestMemory;

/** SIMD cases for {@link Adam} (an update has no gradient to check). */
public final class AdamCases {
    /** TensorFlow's defaults; a learning rate large enough that a wrong step shows. */
    static final double BETA1 = 0.9, BETA2 = 0.999, EPSILON = 1e-8, LEARNING_RATE = 0.01;

    private AdamCases() {
    }

    /**
     * Update number {@code t} of {@code floats} parameters with the gradient scaled by {@code gradScale}, from
     * moments as an earlier run would have left them: params, m, v, the worker's local copy (stale values
     * before) and the cleared gradient compared.
     */
    public static SimdCase adam(int floats, double gradScale, long t, SplittableRandom rng) {
        double[] params = TestMemory.uniform(rng, floats, 1.0);
        double[] grads = TestMemory.uniform(rng, floats, 1.0);
        double[] local = TestMemory.uniform(rng, floats, 1.0);
        double[] m = t == 1 ? new double[floats] : TestMemory.uniform(rng, floats, 0.1);
        double[] v = new double[floats];
        for (int i = 0; i < floats && t > 1; i++) {
            v[i] = (float) (0.01 * rng.nextDouble());
        }
        return new SimdCase() {
            @Override
            public String name() {
                return "adam floats:" + floats + " scale:" + gradScale + " t:" + t;
            }

            @Override
            public int reductionLength() {
                return 1;
            }

            @Override
            public Map<String, double[]> reference() {
                double[] p = params.clone(), mm = m.clone(), vv = v.clone(), g = grads.clone(), l = local.clone();
                AdamRef.apply(p, mm, vv, g, (float) gradScale, l, LEARNING_RATE, (float) BETA1, (float) BETA2, (float) EPSILON, t);
                return RmsPropCases.outputs("params", p, "m", mm, "v", vv, "local", l, "grads", g);
            }

            @Override
            public Map<String, double[]> simd(TestMemory mem) {
                MemorySegment p = mem.of(params), mm = mem.of(m), vv = mem.of(v), g = mem.of(grads), l = mem.of(local);
                Adam.applyPlain(p, mm, vv, g, (float) gradScale, l, floats, Adam.stepSize(LEARNING_RATE, (float) BETA1, (float) BETA2, t),
                        (float) BETA1, (float) BETA2, (float) EPSILON);
                return RmsPropCases.outputs("params", TestMemory.toDouble(p), "m", TestMemory.toDouble(mm), "v", TestMemory.toDouble(vv),
                        "local", TestMemory.toDouble(l), "grads", TestMemory.toDouble(g));
            }
        };
    }
}
