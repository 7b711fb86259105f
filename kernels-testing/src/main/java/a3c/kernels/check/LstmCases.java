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

    /**
     * Backprop through time over {@code steps} steps of batch 1, as the engine runs it: forward step by step
     * from (h0, c0), with h0 in the row before the outputs so that the h each step started from is one
     * block; then {@link LstmCell#backwardState} newest step first (each step's dh is its own gradient plus
     * the later step's dhPrev) and one {@link LstmCell#backwardParams} over every step. The reference runs
     * {@link LstmCellRef#backward} step by step. Compared: the parameter gradients, dx of every step and
     * the gradients of the starting state. Every compared tensor should hold several entries (steps x IN and
     * H of 3 or more): a lone float that is a sum of cancelling terms is off, relative to itself, by more
     * than rounding along the reduction predicts.
     */
    public static SimdCase bptt(int steps, int in, int hidden, SplittableRandom rng) {
        LstmShape shape = new LstmShape(in, hidden);
        Step s = Step.random(steps, in, hidden, rng); // x: steps rows; hPrev, cPrev: the first row is (h0, c0)
        double[] dhOwn = TestMemory.uniform(rng, steps * hidden, 1.0), dcLast = TestMemory.uniform(rng, hidden, 1.0);
        return new SimdCase() {
            @Override
            public String name() {
                return "lstm bptt steps:" + steps + " in:" + in + " h:" + hidden;
            }

            /** Each step's sums (forward over IN + H, backward over 4H) feed the next: their lengths add up. */
            @Override
            public int reductionLength() {
                return steps * (in + 5 * hidden);
            }

            @Override
            public Map<String, double[]> reference() {
                int w = 4 * hidden;
                double[][] h = new double[steps + 1][], c = new double[steps + 1][];
                double[][] gates = new double[steps][], tanhC = new double[steps][];
                h[0] = java.util.Arrays.copyOf(s.hPrev, hidden);
                c[0] = java.util.Arrays.copyOf(s.cPrev, hidden);
                for (int t = 0; t < steps; t++) {
                    h[t + 1] = new double[hidden];
                    c[t + 1] = new double[hidden];
                    gates[t] = new double[w];
                    tanhC[t] = new double[hidden];
                    LstmCellRef.forward(1, in, hidden, row(s.x, t, in), h[t], c[t], s.wx, s.wh, s.b, h[t + 1], c[t + 1],
                            gates[t], tanhC[t]);
                }
                double[] dwx = new double[in * w], dwh = new double[hidden * w], db = new double[w];
                double[] dx = new double[steps * in];
                double[] dh = row(dhOwn, steps - 1, hidden), dc = dcLast.clone();
                for (int t = steps - 1; t >= 0; t--) {
                    double[] dhPrev = t == 0 ? new double[hidden] : row(dhOwn, t - 1, hidden);
                    double[] dcPrev = new double[hidden], dxt = new double[in];
                    LstmCellRef.backward(1, in, hidden, row(s.x, t, in), h[t], c[t], s.wx, s.wh, gates[t], tanhC[t],
                            dh, dc, dwx, dwh, db, dxt, dhPrev, dcPrev);
                    System.arraycopy(dxt, 0, dx, t * in, in);
                    dh = dhPrev;
                    dc = dcPrev;
                }
                return bpttOutputs(dwx, dwh, db, dx, dh, dc);
            }

            @Override
            public Map<String, double[]> simd(TestMemory m) {
                MemorySegment x = m.of(s.x), wx = m.of(s.wx), wh = m.of(s.wh), b = m.of(s.b);
                long rowH = 4L * hidden, rowG = 16L * hidden;
                double[] hs = new double[(steps + 1) * hidden];
                System.arraycopy(s.hPrev, 0, hs, 0, hidden);
                MemorySegment h = m.of(hs), c = m.zeros((steps + 1) * hidden);
                MemorySegment.copy(m.of(java.util.Arrays.copyOf(s.cPrev, hidden)), 0, c, 0, rowH);
                MemorySegment gates = m.zeros(steps * 4 * hidden), tanhC = m.zeros(steps * hidden);
                for (int t = 0; t < steps; t++) {
                    LstmCell.forward(1, shape, x.asSlice(4L * t * in, 4L * in), h.asSlice(t * rowH, rowH),
                            c.asSlice(t * rowH, rowH), wx, wh, b, h.asSlice((t + 1) * rowH, rowH),
                            c.asSlice((t + 1) * rowH, rowH), gates.asSlice(t * rowG, rowG), tanhC.asSlice(t * rowH, rowH));
                }
                // dh rows 0..steps-1 hold each step's own gradient; the state gradients go to the row before
                MemorySegment dh = m.of(concat(new double[hidden], dhOwn)), dc = m.zeros((steps + 1) * hidden);
                MemorySegment.copy(m.of(dcLast), 0, dc, steps * rowH, rowH);
                MemorySegment dGates = m.zeros(steps * 4 * hidden);
                for (int t = steps - 1; t >= 0; t--) {
                    LstmCell.backwardState(1, shape, c.asSlice(t * rowH, rowH), wh, gates.asSlice(t * rowG, rowG),
                            tanhC.asSlice(t * rowH, rowH), dh.asSlice((t + 1) * rowH, rowH), dc.asSlice((t + 1) * rowH, rowH),
                            dh.asSlice(t * rowH, rowH), dc.asSlice(t * rowH, rowH), dGates.asSlice(t * rowG, rowG));
                }
                MemorySegment dwx = m.zeros(in * 4 * hidden), dwh = m.zeros(hidden * 4 * hidden), db = m.zeros(4 * hidden);
                MemorySegment dx = m.zeros(steps * in);
                LstmCell.backwardParams(steps, shape, x, h, wx, dGates, dwx, dwh, db, dx);
                return bpttOutputs(TestMemory.toDouble(dwx), TestMemory.toDouble(dwh), TestMemory.toDouble(db),
                        TestMemory.toDouble(dx), TestMemory.toDouble(dh.asSlice(0, rowH)),
                        TestMemory.toDouble(dc.asSlice(0, rowH)));
            }
        };
    }

    private static double[] row(double[] a, int r, int width) {
        return java.util.Arrays.copyOfRange(a, r * width, (r + 1) * width);
    }

    private static double[] concat(double[] a, double[] b) {
        double[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static Map<String, double[]> bpttOutputs(double[] dwx, double[] dwh, double[] db, double[] dx, double[] dh0,
                                                     double[] dc0) {
        Map<String, double[]> out = new LinkedHashMap<>();
        out.put("dwx", dwx);
        out.put("dwh", dwh);
        out.put("db", db);
        out.put("dx", dx);
        out.put("dh0", dh0);
        out.put("dc0", dc0);
        return out;
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
