package a3c.kernels.check;

import java.lang.foreign.MemorySegment;
import java.util.Map;
import java.util.SplittableRandom;

import a3c.kernels.GradientNorm;
import a3c.kernels.reference.GradientNormRef;
import a3c.kernels.testing.TestMemory;

/** SIMD cases for {@link GradientNorm}: the norm and the clipped gradients. */
public final class GradientNormCases {
    private GradientNormCases() {
    }

    /**
     * The norm of {@code floats} gradients and the gradients after clipping at {@code clipAt} times that
     * norm (below 1: clipped; above: untouched).
     */
    public static SimdCase clip(int floats, double clipAt, SplittableRandom rng) {
        double[] g = TestMemory.uniform(rng, floats, 1.0);
        double maxNorm = clipAt * GradientNormRef.l2(g);
        return new SimdCase() {
            @Override
            public String name() {
                return "clip floats:" + floats + " at " + clipAt + " x norm";
            }

            @Override
            public int reductionLength() {
                return floats;
            }

            @Override
            public Map<String, double[]> reference() {
                double[] clipped = g.clone();
                double norm = GradientNormRef.clipByNorm(clipped, maxNorm);
                return RmsPropCases.outputs("norm", new double[] {norm}, "g", clipped);
            }

            @Override
            public Map<String, double[]> simd(TestMemory m) {
                MemorySegment s = m.of(g);
                double norm = GradientNorm.clipByNorm(s, floats, maxNorm);
                return RmsPropCases.outputs("norm", new double[] {norm}, "g", TestMemory.toDouble(s));
            }
        };
    }
}
