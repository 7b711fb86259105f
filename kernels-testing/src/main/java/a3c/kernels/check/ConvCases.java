package a3c.kernels.check;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

import a3c.kernels.Conv2d;
import a3c.kernels.ConvShape;
import a3c.kernels.reference.Conv2dRef;
import a3c.kernels.testing.TestMemory;

/** Gradient-check and SIMD cases for {@link Conv2d}. The convolution is linear in each input: no kinks. */
public final class ConvCases {
    private ConvCases() {
    }

    /** Finite differences of {@link Conv2dRef}'s backward with respect to x, w and b. */
    public static GradCase grad(ConvShape s, int n, SplittableRandom rng) {
        double[] x = TestMemory.uniform(rng, n * s.inSize(), 1.0);
        double[] w = TestMemory.uniform(rng, s.weightSize(), 1.0);
        double[] b = TestMemory.uniform(rng, s.outC(), 1.0);
        return new GradCase() {
            @Override
            public String name() {
                return caseName(s, n);
            }

            @Override
            public Map<String, double[]> inputs() {
                Map<String, double[]> in = new LinkedHashMap<>();
                in.put("x", x);
                in.put("w", w);
                in.put("b", b);
                return in;
            }

            @Override
            public double[] forward() {
                double[] y = new double[n * s.outSize()];
                Conv2dRef.forward(s, n, x, w, b, y);
                return y;
            }

            @Override
            public Map<String, double[]> backward(double[] dOut) {
                Map<String, double[]> g = new LinkedHashMap<>();
                g.put("x", new double[x.length]);
                g.put("w", new double[w.length]);
                g.put("b", new double[b.length]);
                Conv2dRef.backwardInput(s, n, w, dOut, g.get("x"));
                Conv2dRef.backwardParams(s, n, x, dOut, g.get("w"), g.get("b"));
                return g;
            }
        };
    }

    /**
     * {@link Conv2d} (float) against {@link Conv2dRef} (double): y, then dx, dw and db, which start from random
     * contents because backward adds into them.
     */
    public static SimdCase simd(ConvShape s, int n, SplittableRandom rng) {
        double[] x = TestMemory.uniform(rng, n * s.inSize(), 1.0);
        double[] w = TestMemory.uniform(rng, s.weightSize(), 1.0);
        double[] b = TestMemory.uniform(rng, s.outC(), 1.0);
        double[] dy = TestMemory.uniform(rng, n * s.outSize(), 1.0);
        double[] dx0 = TestMemory.uniform(rng, x.length, 1.0);
        double[] dw0 = TestMemory.uniform(rng, w.length, 1.0);
        double[] db0 = TestMemory.uniform(rng, b.length, 1.0);
        double[] scratch0 = TestMemory.uniform(rng, s.backwardInputScratchFloats(), 1.0);
        return new SimdCase() {
            @Override
            public String name() {
                return caseName(s, n);
            }

            @Override
            public int reductionLength() {
                int pixels = n * s.outH() * s.outW();
                return Math.max(Math.max(s.windowSize(), pixels), s.kH() * s.kW() * s.outC());
            }

            @Override
            public Map<String, double[]> reference() {
                double[] y = new double[n * s.outSize()];
                double[] dx = dx0.clone();
                double[] dw = dw0.clone();
                double[] db = db0.clone();
                Conv2dRef.forward(s, n, x, w, b, y);
                Conv2dRef.backwardParams(s, n, x, dy, dw, db);
                Conv2dRef.backwardInput(s, n, w, dy, dx);
                return outputs(y, dx, dw, db);
            }

            @Override
            public Map<String, double[]> simd(TestMemory m) {
                MemorySegment ys = m.zeros(n * s.outSize());
                MemorySegment xs = m.of(x);
                MemorySegment dxs = m.of(dx0);
                MemorySegment dws = m.of(dw0);
                MemorySegment dbs = m.of(db0);
                MemorySegment ws = m.of(w);
                MemorySegment dys = m.of(dy);
                Conv2d.forward(s, n, xs, ws, m.of(b), ys);
                Conv2d.backwardParams(s, n, xs, dys, dws, dbs, m.of(scratch0));
                Conv2d.backwardInput(s, n, ws, dys, dxs, m.of(scratch0));
                return outputs(TestMemory.toDouble(ys), TestMemory.toDouble(dxs), TestMemory.toDouble(dws),
                        TestMemory.toDouble(dbs));
            }
        };
    }

    /**
     * An input like a frame on a black background: {@code objects} random rectangles of random values on zeros, a
     * few lone pixels with one channel lit (the crumbs an area resize leaves), and at the density's ends every float
     * 0 ({@code objects < 0}) or none ({@code objects == Integer.MAX_VALUE}).
     */
    public static double[] frameLike(ConvShape s, int n, int objects, SplittableRandom rng) {
        double[] x = new double[n * s.inSize()];
        int h = s.inH(), w = s.inW(), c = s.inC();
        for (int ni = 0; ni < n; ni++) {
            int base = ni * s.inSize();
            if (objects == Integer.MAX_VALUE) {
                for (int i = 0; i < s.inSize(); i++) {
                    x[base + i] = rng.nextDouble(0.01, 1) * (rng.nextBoolean() ? 1 : -1);
                }
                continue;
            }
            for (int o = 0; o < objects; o++) {
                int y0 = rng.nextInt(h), x0 = rng.nextInt(w);
                int y1 = Math.min(h, y0 + 1 + rng.nextInt(Math.max(1, h / 4))), x1 = Math.min(w, x0 + 1 + rng.nextInt(Math.max(1, w / 3)));
                for (int yy = y0; yy < y1; yy++) {
                    for (int xx = x0; xx < x1; xx++) {
                        for (int ch = 0; ch < c; ch++) {
                            x[base + (yy * w + xx) * c + ch] = rng.nextDouble();
                        }
                    }
                }
            }
            for (int crumbs = objects < 0 ? 0 : rng.nextInt(4); crumbs > 0; crumbs--) {
                x[base + (rng.nextInt(h) * w + rng.nextInt(w)) * c + rng.nextInt(c)] = rng.nextDouble() * 1e-3;
            }
        }
        return x;
    }

    /**
     * {@link Conv2d#forwardSparse} and {@link Conv2d#backwardParamsSparse} (float) against {@link Conv2dRef} (double)
     * on a {@link #frameLike} input: y, then dw and db, which start from random contents because backward adds into them.
     */
    public static SimdCase sparse(ConvShape s, int n, int objects, SplittableRandom rng) {
        double[] x = frameLike(s, n, objects, rng);
        double[] w = TestMemory.uniform(rng, s.weightSize(), 1.0);
        double[] b = TestMemory.uniform(rng, s.outC(), 1.0);
        double[] dy = TestMemory.uniform(rng, n * s.outSize(), 1.0);
        double[] dw0 = TestMemory.uniform(rng, w.length, 1.0);
        double[] db0 = TestMemory.uniform(rng, b.length, 1.0);
        double[] scratch0 = TestMemory.uniform(rng, s.backwardParamsScratchFloats(), 1.0);
        return new SimdCase() {
            @Override
            public String name() {
                return caseName(s, n) + " sparse, " + objects + " objects";
            }

            @Override
            public int reductionLength() {
                return Math.max(s.windowSize(), n * s.outH() * s.outW());
            }

            @Override
            public Map<String, double[]> reference() {
                double[] y = new double[n * s.outSize()];
                double[] dw = dw0.clone();
                double[] db = db0.clone();
                Conv2dRef.forward(s, n, x, w, b, y);
                Conv2dRef.backwardParams(s, n, x, dy, dw, db);
                return outputs(y, null, dw, db);
            }

            @Override
            public Map<String, double[]> simd(TestMemory m) {
                MemorySegment ys = m.zeros(n * s.outSize());
                MemorySegment xs = m.of(x);
                MemorySegment dws = m.of(dw0);
                MemorySegment dbs = m.of(db0);
                int[] index = new int[s.sparseIndexInts()];
                Arrays.fill(index, -7); // the kernels must not read what they have not written
                Conv2d.forwardSparse(s, n, xs, m.of(w), m.of(b), ys, index);
                Conv2d.backwardParamsSparse(s, n, xs, m.of(dy), dws, dbs, m.of(scratch0), index);
                return outputs(TestMemory.toDouble(ys), null, TestMemory.toDouble(dws), TestMemory.toDouble(dbs));
            }
        };
    }

    private static Map<String, double[]> outputs(double[] y, double[] dx, double[] dw, double[] db) {
        Map<String, double[]> out = new LinkedHashMap<>();
        out.put("y", y);
        if (dx != null) {
            out.put("dx", dx);
        }
        out.put("dw", dw);
        out.put("db", db);
        return out;
    }

    static String caseName(ConvShape s, int n) {
        return "conv2d " + s + " x:" + n + "," + s.inH() + "," + s.inW() + "," + s.inC() + " w:" + s.kH() + ","
                + s.kW() + "," + s.inC() + "," + s.outC();
    }
}
