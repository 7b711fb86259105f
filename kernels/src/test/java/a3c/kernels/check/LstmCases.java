package a3c.kernels.check;

import java.lang.foreign.MemorySegment;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

import a3c.kernels.LstmCell;
import a3c.kernels.LstmShape;
import a3c.kernels.reference.LstmCellRef;
import a3c.kernels.testing.TestMemory;

/**
 * Gradient-check and SIMD cases for {@link LstmCell}. Weights are scaled by {@code 2 / sqrt(IN + H)} so
 * that the gate pre-activations are of order one: the gates are neither saturated nor linear.
 */
public final class LstmCases {
    private LstmCases() {
    }

    static String shape(int n, int in, int hidden) {
        return "lstm x:" + n + "," + in + " h:" + hidden;
    }

    /** The tensors of one step, random. */
    record Step(double[] x, double[] hPrev, double[] cPrev, double[] wx, double[] wh, double[] b) {
        static Step random(int n, int in, int hidden, SplittableRandom rng) {
            double scale = 2 / Math.sqrt(in + hidden);
            return new Step(TestMemory.uniform(rng, n * in, 1.0), TestMemory.uniform(rng, n * hidden, 1.0),
                    TestMemory.uniform(rng, n * hidden, 1.0), TestMemory.uniform(rng, in * 4 * hidden, scale),
                    TestMemory.uniform(rng, hidden * 4 * hidden, scale), TestMemory.uniform(rng, 4 * hidden, 0.5));
        }
    }

    /** Checked output: h then c, each N,H; inputs x, hPrev, cPrev, wx, wh, b. */
    public static GradCase grad(int n, int in, int hidden, SplittableRandom rng) {
        Step s = Step.random(n, in, hidden, rng);
        int state = n * hidden;
        return new GradCase() {
            final double[] gates = new double[n * 4 * hidden];
            final double[] tanhC = new double[state];

            @Override
            public String name() {
                return shape(n, in, hidden);
            }

            @Override
            public Map<String, double[]> inputs() {
                Map<String, double[]> m = new LinkedHashMap<>();
                m.put("x", s.x);
                m.put("hPrev", s.hPrev);
                m.put("cPrev", s.cPrev);
                m.put("wx", s.wx);
                m.put("wh", s.wh);
                m.put("b", s.b);
                return m;
            }

            @Override
            public double[] forward() {
                double[] hc = new double[2 * state];
                double[] h = new double[state], c = new double[state];
                LstmCellRef.forward(n, in, hidden, s.x, s.hPrev, s.cPrev, s.wx, s.wh, s.b, h, c, gates, tanhC);
                System.arraycopy(h, 0, hc, 0, state);
                System.arraycopy(c, 0, hc, state, state);
                return hc;
            }

            @Override
            public Map<String, double[]> backward(double[] dOut) {
                forward();
                double[] dh = java.util.Arrays.copyOfRange(dOut, 0, state);
                double[] dc = java.util.Arrays.copyOfRange(dOut, state, 2 * state);
                Map<String, double[]> g = new LinkedHashMap<>();
                for (Map.Entry<String, double[]> e : inputs().entrySet()) {
                    g.put(e.getKey(), new double[e.getValue().length]);
                }
                LstmCellRef.backward(n, in, hidden, s.x, s.hPrev, s.cPrev, s.wx, s.wh, gates, tanhC, dh, dc,
                        g.get("wx"), g.get("wh"), g.get("b"), g.get("x"), g.get("hPrev"), g.get("cPrev"));
                return g;
            }
        };
    }

    /** Forward outputs (h, c, gates, tanhC) and every gradient, from random non-zero gradient contents. */
    public static SimdCase simd(int n, int in, int hidden, SplittableRandom rng) {
        LstmShape shape = new LstmShape(in, hidden);
        Step s = Step.random(n, in, hidden, rng);
        double[] dh = TestMemory.uniform(rng, n * hidden, 1.0), dc = TestMemory.uniform(rng, n * hidden, 1.0);
        Step grads0 = Step.random(n, in, hidden, rng);
        return new SimdCase() {
            @Override
            public String name() {
                return shape(n, in, hidden);
            }

            @Override
            public int reductionLength() {
                return Math.max(n, Math.max(in + hidden, 4 * hidden));
            }

            @Override
            public Map<String, double[]> reference() {
                double[] h = new double[n * hidden], c = new double[n * hidden], tanhC = new double[n * hidden];
                double[] gates = new double[n * 4 * hidden];
                LstmCellRef.forward(n, in, hidden, s.x, s.hPrev, s.cPrev, s.wx, s.wh, s.b, h, c, gates, tanhC);
                double[] dwx = grads0.wx.clone(), dwh = grads0.wh.clone(), db = grads0.b.clone();
                double[] dx = grads0.x.clone(), dhPrev = grads0.hPrev.clone(), dcPrev = grads0.cPrev.clone();
                LstmCellRef.backward(n, in, hidden, s.x, s.hPrev, s.cPrev, s.wx, s.wh, gates, tanhC, dh, dc,
                        dwx, dwh, db, dx, dhPrev, dcPrev);
                return outputs(new double[][] {h, c, gates, tanhC, dwx, dwh, db, dx, dhPrev, dcPrev});
            }

            @Override
            public Map<String, double[]> simd(TestMemory m) {
                MemorySegment x = m.of(s.x), hPrev = m.of(s.hPrev), cPrev = m.of(s.cPrev);
                MemorySegment wx = m.of(s.wx), wh = m.of(s.wh);
                MemorySegment h = m.zeros(shape.stateFloats(n)), c = m.zeros(shape.stateFloats(n));
                MemorySegment tanhC = m.zeros(shape.stateFloats(n)), gates = m.zeros(shape.gateFloats(n));
                LstmCell.forward(n, shape, x, hPrev, cPrev, wx, wh, m.of(s.b), h, c, gates, tanhC);
                MemorySegment dwx = m.of(grads0.wx), dwh = m.of(grads0.wh), db = m.of(grads0.b);
                MemorySegment dx = m.of(grads0.x), dhPrev = m.of(grads0.hPrev), dcPrev = m.of(grads0.cPrev);
                LstmCell.backward(n, shape, x, hPrev, cPrev, wx, wh, gates, tanhC, m.of(dh), m.of(dc),
                        dwx, dwh, db, dx, dhPrev, dcPrev, m.zeros(shape.gateFloats(n)));
                MemorySegment[] all = {h, c, gates, tanhC, dwx, dwh, db, dx, dhPrev, dcPrev};
                double[][] d = new double[all.length][];
                for (int i = 0; i < all.length; i++) {
                    d[i] = TestMemory.toDouble(all[i]);
                }
                return outputs(d);
            }
        };
    }

    private static Map<String, double[]> outputs(double[][] values) {
        String[] names = {"h", "c", "gates", "tanhC", "dwx", "dwh", "db", "dx", "dhPrev", "dcPrev"};
        Map<String, double[]> out = new LinkedHashMap<>();
        for (int i = 0; i < names.length; i++) {
            out.put(names[i], values[i]);
        }
        return out;
    }
}
