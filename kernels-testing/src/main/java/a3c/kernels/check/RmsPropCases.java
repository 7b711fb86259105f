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

    /**
     * One update of {@code floats} parameters with the gradient scaled by {@code gradScale}: params,
     * meanSquare, the worker's local copy (stale values before) and the cleared gradient compared.
     */
    public static SimdCase rmsProp(int floats, double gradScale, SplittableRandom rng) {
        double[] params = TestMemory.uniform(rng, floats, 1.0);
        double[] grads = TestMemory.uniform(rng, floats, 1.0);
        double[] local = TestMemory.uniform(rng, floats, 1.0);
        double[] meanSquare = new double[floats];
        for (int i = 0; i < floats; i++) {
            meanSquare[i] = (float) rng.nextDouble();
        }
        return new SimdCase() {
            @Override
            public String name() {
                return "rmsprop floats:" + floats + " scale:" + gradScale;
            }

            @Override
            public int reductionLength() {
                return 1;
            }

            @Override
            public Map<String, double[]> reference() {
                double[] p = params.clone(), ms = meanSquare.clone(), g = grads.clone(), l = local.clone();
                RmsPropRef.apply(p, ms, g, (float) gradScale, l, (float) LEARNING_RATE, (float) DECAY, (float) EPSILON);
                return outputs("params", p, "meanSquare", ms, "local", l, "grads", g);
            }

            @Override
            public Map<String, double[]> simd(TestMemory m) {
                MemorySegment p = m.of(params), ms = m.of(meanSquare), g = m.of(grads), l = m.of(local);
                RmsProp.applyPlain(p, ms, g, (float) gradScale, l, floats, (float) LEARNING_RATE, (float) DECAY, (float) EPSILON);
                return outputs("params", TestMemory.toDouble(p), "meanSquare", TestMemory.toDouble(ms),
                        "local", TestMemory.toDouble(l), "grads", TestMemory.toDouble(g));
            }
        };
    }

    /** Name, tensor, name, tensor, ... in report order. */
    static Map<String, double[]> outputs(Object... namesAndTensors) {
        Map<String, double[]> out = new LinkedHashMap<>();
        for (int i = 0; i < namesAndTensors.length; i += 2) {
            out.put((String) namesAndTensors[i], (double[]) namesAndTensors[i + 1]);
        }
        return out;
    }
}
