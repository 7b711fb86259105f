package a3c.kernels.check;

import java.lang.foreign.MemorySegment;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

import a3c.kernels.RmsProp;
import a3c.kernels.reference.RmsPropRef;
import a3c.kernels.testing.TestMemory;

/** SIMD cases for {@link RmsProp} (an update has no gradient to check). */
public final class RmsPropCases {
    /** The A3C paper's decay and epsilon; a learning rate large enough that a wrong step shows. */
    static final double DECAY = 0.99, EPSILON = 0.1, LEARNING_RATE = 0.01;

    private RmsPropCases() {
    }

    /** One update of {@code floats} parameters: params and meanSquare compared. */
    public static SimdCase rmsProp(int floats, SplittableRandom rng) {
        double[] params = TestMemory.uniform(rng, floats, 1.0);
        double[] grads = TestMemory.uniform(rng, floats, 1.0);
        double[] meanSquare = new double[floats];
        for (int i = 0; i < floats; i++) {
            meanSquare[i] = (float) rng.nextDouble();
        }
        return new SimdCase() {
            @Override
            public String name() {
                return "rmsprop floats:" + floats;
            }

            @Override
            public int reductionLength() {
                return 1;
            }

            @Override
            public Map<String, double[]> reference() {
                double[] p = params.clone(), ms = meanSquare.clone();
                RmsPropRef.apply(p, ms, grads, (float) LEARNING_RATE, (float) DECAY, (float) EPSILON);
                return outputs("params", p, "meanSquare", ms);
            }

            @Override
            public Map<String, double[]> simd(TestMemory m) {
                MemorySegment p = m.of(params), ms = m.of(meanSquare);
                RmsProp.applyPlain(p, ms, m.of(grads), floats, (float) LEARNING_RATE, (float) DECAY, (float) EPSILON);
                return outputs("params", TestMemory.toDouble(p), "meanSquare", TestMemory.toDouble(ms));
            }
        };
    }

    static Map<String, double[]> outputs(String a, double[] av, String b, double[] bv) {
        Map<String, double[]> out = new LinkedHashMap<>();
        out.put(a, av);
        out.put(b, bv);
        return out;
    }
}
