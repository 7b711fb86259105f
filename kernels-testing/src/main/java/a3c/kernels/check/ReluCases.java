package a3c.kernels.check;

import java.lang.foreign.MemorySegment;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

import a3c.kernels.Relu;
import a3c.kernels.reference.ReluRef;
import a3c.kernels.testing.TestMemory;

/** Gradient-check and SIMD cases for {@link Relu}. */
public final class ReluCases {
    private ReluCases() {
    }

    /** Inputs kept at least 1e-3 away from the kink at 0. */
    static double[] awayFromZero(SplittableRandom rng, int n) {
        double[] x = TestMemory.uniform(rng, n, 1.0);
        for (int i = 0; i < n; i++) {
            while (Math.abs(x[i]) < 1e-3) {
                x[i] = (float) (2 * rng.nextDouble() - 1);
            }
        }
        return x;
    }

    public static GradCase grad(int length, SplittableRandom rng) {
        double[] x = awayFromZero(rng, length);
        return new GradCase() {
            @Override
            public String name() {
                return "relu x:" + length;
            }

            @Override
            public Map<String, double[]> inputs() {
                return Map.of("x", x);
            }

            @Override
            public double[] forward() {
                double[] y = new double[length];
                ReluRef.forward(x, y);
                return y;
            }

            @Override
            public Map<String, double[]> backward(double[] dOut) {
                double[] dx = new double[length];
                ReluRef.backward(forward(), dOut, dx);
                return Map.of("x", dx);
            }
        };
    }

    public static SimdCase simd(int length, SplittableRandom rng) {
        double[] x = awayFromZero(rng, length);
        double[] dy = TestMemory.uniform(rng, length, 1.0);
        double[] dx0 = TestMemory.uniform(rng, length, 1.0); // backward adds into what is there
        return new SimdCase() {
            @Override
            public String name() {
                return "relu x:" + length;
            }

            @Override
            public int reductionLength() {
                return 1;
            }

            @Override
            public Map<String, double[]> reference() {
                double[] y = new double[length];
                double[] dx = dx0.clone();
                ReluRef.forward(x, y);
                ReluRef.backward(y, dy, dx);
                Map<String, double[]> out = new LinkedHashMap<>();
                out.put("y", y);
                out.put("dx", dx);
                return out;
            }

            @Override
            public Map<String, double[]> simd(TestMemory m) {
                MemorySegment xs = m.of(x);
                MemorySegment ys = m.zeros(length);
                MemorySegment dys = m.of(dy);
                MemorySegment dxs = m.of(dx0);
                Relu.forward(xs, ys, length);
                Relu.backward(ys, dys, dxs, length);
                Map<String, double[]> out = new LinkedHashMap<>();
                out.put("y", TestMemory.toDouble(ys));
                out.put("dx", TestMemory.toDouble(dxs));
                return out;
            }
        };
    }
}
