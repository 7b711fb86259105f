package a3c.kernels.check;

import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;

import a3c.kernels.Elu;
import a3c.kernels.reference.EluRef;

/** Gradient-check and SIMD cases for {@link Elu}: inputs over [-4, 4], kept away from the kink at 0. */
public final class EluCases {
    private static final ActivationCases.Reference REF = new ActivationCases.Reference() {
        public void forward(double[] x, double[] y) {
            EluRef.forward(x, y);
        }

        public void backward(double[] x, double[] y, double[] dy, double[] dx) {
            EluRef.backward(x, dy, dx); // from the input, by definition: independent of the kernel's use of y
        }
    };
    private static final ActivationCases.Kernel KERNEL = new ActivationCases.Kernel() {
        public void forward(MemorySegment x, MemorySegment y, int length) {
            Elu.forward(x, y, length);
        }

        public void backward(MemorySegment y, MemorySegment dy, MemorySegment dx, int length) {
            Elu.backward(y, dy, dx, length);
        }
    };

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
        return ActivationCases.grad("elu", inputs(rng, length), REF);
    }

    public static SimdCase simd(int length, SplittableRandom rng) {
        return ActivationCases.simd("elu", inputs(rng, length), rng, REF, KERNEL);
    }
}
