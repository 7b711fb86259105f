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
        Inputs d = Inputs.draw(n, in, out, zeroColumns, rng);
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
                DenseRef.forward(n, in, out, d.x, d.w, d.b, y);
                Map<String, double[]> m = d.referenceBackward();
                return outputs(y, m.get("dx"), m.get("dw"), m.get("db"));
            }

            @Override
            public Map<String, double[]> simd(TestMemory m) {
                MemorySegment xs = m.of(d.x), ws = m.of(d.w), ys = m.zeros(n * out), dys = m.of(d.dy);
                MemorySegment dxs = m.of(d.dx0), dws = m.of(d.dw0), dbs = m.of(d.db0);
                Dense.forward(n, in, out, xs, ws, m.of(d.b), ys);
                Dense.backwardParams(n, in, out, xs, dys, dws, dbs);
                Dense.backwardInput(n, in, out, ws, dys, dxs);
                return outputs(TestMemory.toDouble(ys), TestMemory.toDouble(dxs), TestMemory.toDouble(dws),
                        TestMemory.toDouble(dbs));
            }
        };
    }

    /** {@link #simd}'s inputs: x (ReLU-like with zero columns), w, b, dy, and the gradients backward adds into. */
    private record Inputs(int n, int in, int out, double[] x, double[] w, double[] b, double[] dy, double[] dx0, double[] dw0,
                          double[] db0) {
        static Inputs draw(int n, int in, int out, double zeroColumns, SplittableRandom rng) {
            double[] x = zeroColumns > 0 ? reluLike(n, in, zeroColumns, true, rng) : TestMemory.uniform(rng, n * in, 1.0);
            double[] w = TestMemory.uniform(rng, in * out, 1.0);
            double[] b = TestMemory.uniform(rng, out, 1.0);
            double[] dy = TestMemory.uniform(rng, n * out, 1.0);
            // backward adds into what is there
            double[] dx0 = TestMemory.uniform(rng, n * in, 1.0);
            double[] dw0 = TestMemory.uniform(rng, in * out, 1.0);
            double[] db0 = TestMemory.uniform(rng, out, 1.0);
            return new Inputs(n, in, out, x, w, b, dy, dx0, dw0, db0);
        }

        /** The reference's backwards, added into copies of dx0, dw0, db0: "dx", "dw", "db". */
        Map<String, double[]> referenceBackward() {
            double[] dx = dx0.clone(), dw = dw0.clone(), db = db0.clone();
            DenseRef.backwardParams(n, in, out, x, dy, dw, db);
            DenseRef.backwardInput(n, in, out, w, dy, dx);
            return gradients(dx, dw, db);
        }
    }

    /**
     * {@link Dense#forwardSparse} on {@code n} rows shaped like a ReLU's output over the games a worker acts for:
     * about {@code zeros} of the inputs 0 (of either sign) in every row, with several rows a third of the other
     * entries 0 too, the rest positive; against the reference's plain forward.
     */
    public static SimdCase sparse(int n, int in, int out, double zeros, SplittableRandom rng) {
        double[] x = reluLike(n, in, zeros, n > 1, rng);
        double[] w = TestMemory.uniform(rng, in * out, 1.0);
        double[] b = TestMemory.uniform(rng, out, 1.0);
        return new SimdCase() {
            @Override
            public String name() {
                return "dense sparse " + shape(n, in, out) + " zeros:" + zeros;
            }

            @Override
            public int reductionLength() {
                return Math.max(in, out);
            }

            @Override
            public Map<String, double[]> reference() {
                double[] y = new double[n * out];
                DenseRef.forward(n, in, out, x, w, b, y);
                return Map.of("y", y);
            }

            @Override
            public Map<String, double[]> simd(TestMemory m) {
                MemorySegment ys = m.zeros(n * out);
                Dense.forwardSparse(n, in, out, m.of(x), m.of(w), m.of(b), ys, new int[in]);
                return Map.of("y", TestMemory.toDouble(ys));
            }
        };
    }

    /**
     * {@link Dense#backwardSparse} on x shaped like a ReLU's output over a rollout ({@link #simd}'s zero columns),
     * against the reference's plain backwards, where dx's columns that are 0 in every row of x keep what they
     * held (the ReLU below discards them).
     */
    public static SimdCase sparseBackward(int n, int in, int out, double zeroColumns, SplittableRandom rng) {
        Inputs d = Inputs.draw(n, in, out, zeroColumns, rng);
        return new SimdCase() {
            @Override
            public String name() {
                return "dense sparse backward " + shape(n, in, out) + " zero columns:" + zeroColumns;
            }

            @Override
            public int reductionLength() {
                return Math.max(n, Math.max(in, out));
            }

            @Override
            public Map<String, double[]> reference() {
                Map<String, double[]> m = d.referenceBackward();
                double[] dx = m.get("dx");
                for (int i = 0; i < in; i++) {
                    boolean zero = true;
                    for (int r = 0; r < n; r++) {
                        zero &= d.x[r * in + i] == 0;
                    }
                    for (int r = 0; zero && r < n; r++) {
                        dx[r * in + i] = d.dx0[r * in + i];
                    }
                }
                return m;
            }

            @Override
            public Map<String, double[]> simd(TestMemory m) {
                MemorySegment dxs = m.of(d.dx0), dws = m.of(d.dw0), dbs = m.of(d.db0);
                Dense.backwardSparse(n, in, out, m.of(d.x), m.of(d.w), m.of(d.dy), dws, dbs, dxs, new int[in]);
                return gradients(TestMemory.toDouble(dxs), TestMemory.toDouble(dws), TestMemory.toDouble(dbs));
            }
        };
    }

    /**
     * {@code n} rows of {@code in} shaped like a ReLU's output: a share {@code zeroColumns} of the inputs 0 (of either
     * sign) in every row, as an idle unit is in every game and step; with {@code scattered} a third of the other
     * entries 0 too; the rest in [0, 1).
     */
    public static double[] reluLike(int n, int in, double zeroColumns, boolean scattered, SplittableRandom rng) {
        double[] x = TestMemory.uniform(rng, n * in, 1.0);
        for (int i = 0; i < in; i++) {
            boolean column = rng.nextDouble() < zeroColumns;
            for (int r = 0; r < n; r++) {
                boolean zero = column || scattered && rng.nextDouble() < 1.0 / 3;
                x[r * in + i] = zero ? (rng.nextBoolean() ? 0.0 : -0.0) : Math.abs(x[r * in + i]);
            }
        }
        return x;
    }

    static Map<String, double[]> outputs(double[] y, double[] dx, double[] dw, double[] db) {
        Map<String, double[]> out = new LinkedHashMap<>();
        out.put("y", y);
        out.putAll(gradients(dx, dw, db));
        return out;
    }

    private static Map<String, double[]> gradients(double[] dx, double[] dw, double[] db) {
        Map<String, double[]> out = new LinkedHashMap<>();
        out.put("dx", dx);
        out.put("dw", dw);
        out.put("db", db);
        return out;
    }
}
