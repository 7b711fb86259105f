package a3c.kernels.check;

import java.lang.foreign.MemorySegment;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

import a3c.kernels.Pad2d;
import a3c.kernels.PadShape;
import a3c.kernels.reference.Pad2dRef;
import a3c.kernels.testing.TestMemory;

/** Gradient-check and SIMD cases for {@link Pad2d}. */
public final class PadCases {
    private PadCases() {
    }

    public static GradCase grad(PadShape s, int n, SplittableRandom rng) {
        double[] x = TestMemory.uniform(rng, n * s.inSize(), 1.0);
        return new GradCase() {
            @Override
            public String name() {
                return "pad n=" + n + " " + s;
            }

            @Override
            public Map<String, double[]> inputs() {
                return Map.of("x", x);
            }

            @Override
            public double[] forward() {
                double[] y = new double[n * s.outSize()];
                Pad2dRef.forward(s, n, x, y);
                return y;
            }

            @Override
            public Map<String, double[]> backward(double[] dOut) {
                double[] dx = new double[n * s.inSize()];
                Pad2dRef.backward(s, n, dOut, dx);
                return Map.of("x", dx);
            }
        };
    }

    /** Forward onto a y full of stale values (the border must be rewritten), backward adding into a non-zero dx. */
    public static SimdCase simd(PadShape s, int n, SplittableRandom rng) {
        double[] x = TestMemory.uniform(rng, n * s.inSize(), 1.0);
        double[] stale = TestMemory.uniform(rng, n * s.outSize(), 1.0);
        double[] dy = TestMemory.uniform(rng, n * s.outSize(), 1.0);
        double[] dx0 = TestMemory.uniform(rng, n * s.inSize(), 1.0);
        return new SimdCase() {
            @Override
            public String name() {
                return "pad n=" + n + " " + s;
            }

            @Override
            public int reductionLength() {
                return 1;
            }

            @Override
            public Map<String, double[]> reference() {
                double[] y = new double[n * s.outSize()], dx = dx0.clone();
                Pad2dRef.forward(s, n, x, y);
                Pad2dRef.backward(s, n, dy, dx);
                Map<String, double[]> out = new LinkedHashMap<>();
                out.put("y", y);
                out.put("dx", dx);
                return out;
            }

            @Override
            public Map<String, double[]> simd(TestMemory m) {
                MemorySegment xs = m.of(x), ys = m.of(stale), dys = m.of(dy), dxs = m.of(dx0);
                Pad2d.forward(s, n, xs, ys);
                Pad2d.backward(s, n, dys, dxs);
                Map<String, double[]> out = new LinkedHashMap<>();
                out.put("y", TestMemory.toDouble(ys));
                out.put("dx", TestMemory.toDouble(dxs));
                return out;
            }
        };
    }
}
