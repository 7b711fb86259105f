package a3c.kernels.check;

import java.lang.foreign.MemorySegment;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

import a3c.kernels.testing.TestMemory;

/**
 * Gradient-check and SIMD cases for an elementwise activation (ReLU, ELU): its double twin's forward and
 * backward (from the input, by definition), and its kernel's forward and backward (which add into dx).
 */
final class ActivationCases {
    /** The double twin: {@code y = f(x)}; {@code dx += f'(x) dy}. */
    interface Reference {
        void forward(double[] x, double[] y);

        void backward(double[] x, double[] y, double[] dy, double[] dx);
    }

    /** The kernel over {@code length} floats: {@code y = f(x)}; {@code dx += f'(.) dy} from its output {@code y}. */
    interface Kernel {
        void forward(MemorySegment x, MemorySegment y, int length);

        void backward(MemorySegment y, MemorySegment dy, MemorySegment dx, int length);
    }

    private ActivationCases() {
    }

    static GradCase grad(String name, double[] x, Reference ref) {
        int length = x.length;
        return new GradCase() {
            @Override
            public String name() {
                return name + " x:" + length;
            }

            @Override
            public Map<String, double[]> inputs() {
                return Map.of("x", x);
            }

            @Override
            public double[] forward() {
                double[] y = new double[length];
                ref.forward(x, y);
                return y;
            }

            @Override
            public Map<String, double[]> backward(double[] dOut) {
                double[] dx = new double[length];
                ref.backward(x, forward(), dOut, dx);
                return Map.of("x", dx);
            }
        };
    }

    static SimdCase simd(String name, double[] x, SplittableRandom rng, Reference ref, Kernel kernel) {
        int length = x.length;
        double[] dy = TestMemory.uniform(rng, length, 1.0);
        double[] dx0 = TestMemory.uniform(rng, length, 1.0); // backward adds into what is there
        return new SimdCase() {
            @Override
            public String name() {
                return name + " x:" + length;
            }

            @Override
            public int reductionLength() {
                return 1;
            }

            @Override
            public Map<String, double[]> reference() {
                double[] y = new double[length];
                double[] dx = dx0.clone();
                ref.forward(x, y);
                ref.backward(x, y, dy, dx);
                return outputs(y, dx);
            }

            @Override
            public Map<String, double[]> simd(TestMemory m) {
                MemorySegment xs = m.of(x), ys = m.zeros(length), dys = m.of(dy), dxs = m.of(dx0);
                kernel.forward(xs, ys, length);
                kernel.backward(ys, dys, dxs, length);
                return outputs(TestMemory.toDouble(ys), TestMemory.toDouble(dxs));
            }
        };
    }

    private static Map<String, double[]> outputs(double[] y, double[] dx) {
        Map<String, double[]> out = new LinkedHashMap<>();
        out.put("y", y);
        out.put("dx", dx);
        return out;
    }
}
