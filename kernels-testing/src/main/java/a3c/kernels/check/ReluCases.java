package a3c.kernels.check;

import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;

import a3c.kernels.Relu;
import a3c.kernels.reference.ReluRef;
import a3c.kernels.testing.TestMemory;

/** Gradient-check and SIMD cases for {@link Relu}. */
public final class ReluCases {
    private static final ActivationCases.Reference REF = new ActivationCases.Reference() {
        public void forward(double[] x, double[] y) {
            ReluRef.forward(x, y);
        }

        public void backward(double[] x, double[] y, double[] dy, double[] dx) {
            ReluRef.backward(y, dy, dx);
        }
    };
    private static final ActivationCases.Kernel KERNEL = new ActivationCases.Kernel() {
        public void forward(MemorySegment x, MemorySegment y, int length) {
            Relu.forward(x, y, length);
        }

        public void backward(MemorySegment y, MemorySegment dy, MemorySegment dx,
                             int length) {
            Relu.backward(y, dy, dx, length);
        }
    };

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
        return ActivationCases.grad("relu", awayFromZero(rng, length), REF);
    }

    public static SimdCase simd(int length, SplittableRandom rng) {
        return ActivationCases.simd("relu", awayFromZero(rng, length), rng, REF, KERNEL);
    }
}
