package a3c.kernels.check;

import java.lang.foreign.MemorySegment;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

import a3c.kernels.Elu;
import a3c.kernels.reference.EluRef;
import a3c.kernels.testing.TestMemory;

/** Gradient-check and SIMD cases for {@link Elu}: inputs over [-4, 4], kept away from the kink at 0. */
public final class EluCases {
    private EluCases() {
    }

    private static double[] inputs(SplittableRandom rng, int n) {
        double[] x = ReluCases.awayFromZero(rng, n);
        for (int i = 0; i < n; i++) {
            x[i] = (float) (4 * x[i]);
        }
        return x;
    }

    public static GradCase grad(int length, SplittableRandom rng) {
        double[] x = inputs(rng, length);
        return new GradCase() {
            @Override
            public String name() {
                return "elu x:" + length;
            }

            @Override
            public Map<String, double[]> inputs() {
                return Map.of("x", x);
            }

            @Override
            public double[] forward() {
                double[] y = new double[length];
                EluRef.forward(x, y);
                return y;
            }

            @Override
            public Map<String, double[]> backward(double[] dOut) {
                double[] dx = new double[length];
                EluRef.backward(x, dOut, dx);
                return Map.of("x", dx);
            }
        };
    }

    public static SimdCase simd(int length, SplittableRandom rng) {
        double[] x = inputs(rng, length);
        double[] dy = TestMemory.uniform(rng, length, 1.0);
        double[] dx0 = TestMemory.uniform(rng, length, 1.0); // backward adds into what is there
        return new SimdCase() {
            @Override
            public String name() {
                return "elu x:" + length;
            }

            @Override
            public int reductionLength() {
                return 1;
            }

            @Override
            public Map<String, double[]> reference() {
                double[] y = new double[length];
                double[] dx = dx0.clone();
                EluRef.forward(x, y);
                EluRef.backward(x, dy, dx);
                Map<String, double[]> out = new LinkedHashMap<>();
                out.put("y", y);
                out.put("dx", dx);
                return out;
            }

            @Override
            public Map<String, double[]> simd(TestMemory m) {
                MemorySegment xs = m.of(x), ys = m.zeros(length), dys = m.of(dy), dxs = m.of(dx0);
                Elu.forward(xs, ys, length);
                Elu.backward(ys, dys, dxs, length);
                Map<String, double[]> out = new LinkedHashMap<>();
                out.put("y", TestMemory.toDouble(ys));
                out.put("dx", TestMemory.toDouble(dxs));
                return out;
            }
        };
    }
}
