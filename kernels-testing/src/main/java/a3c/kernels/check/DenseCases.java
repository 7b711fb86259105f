package a3c.kernels.check;

import java.lang.foreign.MemorySegment;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

import a3c.kernels.Dense;
import a3c.kernels.reference.DenseRef;
import a3c.kernels.testing.TestMemory;

/** Gradient-check and SIMD cases for {@link Dense}. */
public final class DenseCases {
    private DenseCases() {
    }

    static String shape(int n, int in, int out) {
        return "dense x:" + n + "," + in + " w:" + in + "," + out;
    }

    public static GradCase grad(int n, int in, int out, SplittableRandom rng) {
        double[] x = TestMemory.uniform(rng, n * in, 1.0);
        double[] w = TestMemory.uniform(rng, in * out, 1.0);
        double[] b = TestMemory.uniform(rng, out, 1.0);
        return new GradCase() {
            @Override
            public String name() {
                return shape(n, in, out);
            }

            @Override
            public Map<String, double[]> inputs() {
                Map<String, double[]> m = new LinkedHashMap<>();
                m.put("x", x);
                m.put("w", w);
                m.put("b", b);
                return m;
            }

            @Override
            public double[] forward() {
                double[] y = new double[n * out];
                DenseRef.forward(n, in, out, x, w, b, y);
                return y;
            }

            @Override
            public Map<String, double[]> backward(double[] dOut) {
                Map<String, double[]> g = new LinkedHashMap<>();
                g.put("x", new double[n * in]);
                g.put("w", new double[in * out]);
                g.put("b", new double[out]);
                DenseRef.backwardParams(n, in, out, x, dOut, g.get("w"), g.get("b"));
                DenseRef.backwardInput(n, in, out, w, dOut, g.get("x"));
                return g;
            }
        };
    }

    public static SimdCase simd(int n, int in, int out, SplittableRandom rng) {
        return simd(n, in, out, 0, rng);
    }

    /**
     * Forward and both backwards, with x shaped like a ReLU's output over a rollout when
     * {@code zeroColumns > 0}: that share of the inputs is 0 (of either sign) in every batch row, as an
     * idle unit is over the alike frames of one rollout, and a third of the other entries are 0 too.
     */
    public static SimdCase simd(int n, int in, int out, double zeroColumns, SplittableRandom rng) {
        double[] x = TestMemory.uniform(rng, n * in, 1.0);
        for (int i = 0; zeroColumns > 0 && i < in; i++) {
            boolean column = rng.nextDouble() < zeroColumns;
            for (int r = 0; r < n; r++) {
                x[r * in + i] = column || rng.nextDouble() < 1.0 / 3 ? (rng.nextBoolean() ? 0.0 : -0.0) : Math.abs(x[r * in + i]);
            }
        }
        double[] w = TestMemory.uniform(rng, in * out, 1.0);
        double[] b = TestMemory.uniform(rng, out, 1.0);
        double[] dy = TestMemory.uniform(rng, n * out, 1.0);
        // backward adds into what is there
        double[] dx0 = TestMemory.uniform(rng, n * in, 1.0);
        double[] dw0 = TestMemory.uniform(rng, in * out, 1.0);
        double[] db0 = TestMemory.uniform(rng, out, 1.0);
        return new SimdCase() {
            @Override
            public String name() {
                return shape(n, in, out) + (zeroColumns > 0 ? " zero columns:" + zeroColumns : "");
            }

            @Override
            public int reductionLength() {
                return Math.max(n, Math.max(in, out));
            }

            @Override
            public Map<String, double[]> reference() {
                double[] y = new double[n * out];
                double[] dx = dx0.clone(), dw = dw0.clone(), db = db0.clone();
                DenseRef.forward(n, in, out, x, w, b, y);
                DenseRef.backwardParams(n, in, out, x, dy, dw, db);
                DenseRef.backwardInput(n, in, out, w, dy, dx);
                return outputs(y, dx, dw, db);
            }

            @Override
            public Map<String, double[]> simd(TestMemory m) {
                MemorySegment xs = m.of(x), ws = m.of(w), ys = m.zeros(n * out), dys = m.of(dy);
                MemorySegment dxs = m.of(dx0), dws = m.of(dw0), dbs = m.of(db0);
                Dense.forward(n, in, out, xs, ws, m.of(b), ys);
                Dense.backwardParams(n, in, out, xs, dys, dws, dbs);
                Dense.backwardInput(n, in, out, ws, dys, dxs);
                return outputs(TestMemory.toDouble(ys), TestMemory.toDouble(dxs), TestMemory.toDouble(dws),
                        TestMemory.toDouble(dbs));
            }
        };
    }

    /**
     * {@link Dense#forwardSparseRow} on one row shaped like a ReLU's output (about {@code zeros} of it
     * exactly 0, the rest positive), against the reference's plain forward.
     */
    public static SimdCase sparseRow(int in, int out, double zeros, SplittableRandom rng) {
        double[] x = new double[in];
        for (int i = 0; i < in; i++) {
            x[i] = rng.nextDouble() < zeros ? 0 : (float) rng.nextDouble();
        }
        double[] w = TestMemory.uniform(rng, in * out, 1.0);
        double[] b = TestMemory.uniform(rng, out, 1.0);
        return new SimdCase() {
            @Override
            public String name() {
                return "dense sparse row " + shape(1, in, out) + " zeros:" + zeros;
            }

            @Override
            public int reductionLength() {
                return Math.max(in, out);
            }

            @Override
            public Map<String, double[]> reference() {
                double[] y = new double[out];
                DenseRef.forward(1, in, out, x, w, b, y);
                return Map.of("y", y);
            }

            @Override
            public Map<String, double[]> simd(TestMemory m) {
                MemorySegment ys = m.zeros(out);
                Dense.forwardSparseRow(in, out, m.of(x), m.of(w), m.of(b), ys, new int[in]);
                return Map.of("y", TestMemory.toDouble(ys));
            }
        };
    }

    static Map<String, double[]> outputs(double[] y, double[] dx, double[] dw, double[] db) {
        Map<String, double[]> out = new LinkedHashMap<>();
        out.put("y", y);
        out.put("dx", dx);
        out.put("dw", dw);
        out.put("db", db);
        return out;
    }
}
