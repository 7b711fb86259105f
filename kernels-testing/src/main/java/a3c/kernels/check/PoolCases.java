package a3c.kernels.check;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

import a3c.kernels.MaxPool2d;
import a3c.kernels.PoolShape;
import a3c.kernels.reference.MaxPool2dRef;
import a3c.kernels.testing.TestMemory;

/** Gradient-check and SIMD cases for {@link MaxPool2d}. */
public final class PoolCases {
    private PoolCases() {
    }

    /**
     * Distinct values in [-1, 1), shuffled: any two differ by at least {@code 2 / size}, so no window holds a
     * near-tie and a finite-difference step cannot change a winner. Rounded to float.
     */
    static double[] distinct(SplittableRandom rng, int size) {
        double[] x = new double[size];
        for (int i = 0; i < size; i++) {
            x[i] = (float) (-1 + 2.0 * i / size);
        }
        for (int i = size - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            double t = x[i];
            x[i] = x[j];
            x[j] = t;
        }
        return x;
    }

    /** Finite differences of {@link MaxPool2dRef}'s backward with respect to x (no near-ties). */
    public static GradCase grad(PoolShape s, int n, SplittableRandom rng) {
        double[] x = distinct(rng, n * s.inSize());
        return new GradCase() {
            @Override
            public String name() {
                return caseName(s, n);
            }

            @Override
            public Map<String, double[]> inputs() {
                return Map.of("x", x);
            }

            @Override
            public double[] forward() {
                double[] y = new double[n * s.outSize()];
                MaxPool2dRef.forward(s, n, x, y, new int[y.length]);
                return y;
            }

            @Override
            public Map<String, double[]> backward(double[] dOut) {
                double[] y = new double[n * s.outSize()];
                int[] argmax = new int[y.length];
                double[] dx = new double[x.length];
                MaxPool2dRef.forward(s, n, x, y, argmax);
                MaxPool2dRef.backward(s, n, argmax, dOut, dx);
                return Map.of("x", dx);
            }
        };
    }

    /** {@link MaxPool2d} against {@link MaxPool2dRef}: y, argmax (exactly) and dx (from random contents). */
    public static SimdCase simd(PoolShape s, int n, SplittableRandom rng) {
        double[] x = distinct(rng, n * s.inSize());
        double[] dy = TestMemory.uniform(rng, n * s.outSize(), 1.0);
        double[] dx0 = TestMemory.uniform(rng, x.length, 1.0);
        return new SimdCase() {
            @Override
            public String name() {
                return caseName(s, n);
            }

            @Override
            public int reductionLength() {
                return 1;
            }

            @Override
            public Map<String, double[]> reference() {
                double[] y = new double[n * s.outSize()];
                int[] argmax = new int[y.length];
                double[] dx = dx0.clone();
                MaxPool2dRef.forward(s, n, x, y, argmax);
                MaxPool2dRef.backward(s, n, argmax, dy, dx);
                double[] cells = new double[argmax.length];
                for (int i = 0; i < cells.length; i++) {
                    cells[i] = argmax[i];
                }
                return outputs(y, cells, dx);
            }

            @Override
            public Map<String, double[]> simd(TestMemory m) {
                MemorySegment ys = m.zeros(n * s.outSize());
                MemorySegment argmax = m.zeros(n * s.argmaxInts());
                MemorySegment dxs = m.of(dx0);
                MaxPool2d.forward(s, n, m.of(x), ys, argmax);
                MaxPool2d.backward(s, n, argmax, m.of(dy), dxs);
                double[] cells = new double[n * s.outSize()];
                for (int i = 0; i < cells.length; i++) {
                    cells[i] = argmax.getAtIndex(ValueLayout.JAVA_INT, i);
                }
                return outputs(TestMemory.toDouble(ys), cells, TestMemory.toDouble(dxs));
            }
        };
    }

    private static Map<String, double[]> outputs(double[] y, double[] argmax, double[] dx) {
        Map<String, double[]> out = new LinkedHashMap<>();
        out.put("y", y);
        out.put("argmax", argmax);
        out.put("dx", dx);
        return out;
    }

    static String caseName(PoolShape s, int n) {
        return "maxpool " + s + " x:" + n + "," + s.inH() + "," + s.inW() + "," + s.channels();
    }
}
