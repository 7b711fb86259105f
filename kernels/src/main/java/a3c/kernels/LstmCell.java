package a3c.kernels;

import java.lang.foreign.MemorySegment;

import jdk.incubator.vector.FloatVector;

/**
 * One step of an LSTM cell over a batch: gates {@code i, f, o = sigmoid}, {@code g = tanh} of
 * {@code z = x . wx + hPrev . wh + b}; {@code c = f * cPrev + i * g}; {@code h = o * tanh(c)}.
 *
 * <p>Shapes ({@link LstmShape}): {@code x: N,IN}; {@code hPrev, cPrev, h, c, tanhC: N,H}; {@code wx: IN,4H}
 * and {@code wh: H,4H} in {@link WeightPanels}; {@code b: 4H}; {@code gates: N,4H}. Gate blocks along 4H
 * are in the order i, f, g, o. Forward keeps for backward, in caller buffers, the activated gates and
 * {@code tanh(c)}, so backward evaluates no transcendental; backward also reads x, hPrev and cPrev, which
 * the caller keeps anyway (they are the previous step's outputs). BPTT over a rollout is a loop from the
 * last step back: each step's dh is its heads' gradient plus the later step's dhPrev, and its dc the later
 * step's dcPrev; backward ADDS into every gradient (dwx, dwh, db, dx, dhPrev, dcPrev).
 */
public final class LstmCell {
    private static final int L = Simd.LANES;
    private static final FloatVector ONE = Simd.broadcast(1f);

    private LstmCell() {
    }

    /** Writes h, c, gates and tanhC (none may alias an input). */
    public static void forward(int n, LstmShape s, MemorySegment x, MemorySegment hPrev, MemorySegment cPrev,
                               MemorySegment wx, MemorySegment wh, MemorySegment b,
                               MemorySegment h, MemorySegment c, MemorySegment gates, MemorySegment tanhC) {
        int width = s.gateWidth();
        MatMul.forward(n, s.in(), width, x, wx, b, gates);
        MatMul.forward(n, s.hidden(), width, hPrev, wh, null, gates);
        for (int r = 0; r < n; r++) {
            activate(s.hidden(), (long) r * width, (long) r * s.hidden(), gates, cPrev, c, tanhC, h);
        }
    }

    /**
     * Adds into dwx, dwh, db, dx, dhPrev and dcPrev the gradients of this step given {@code dh, dc: N,H}
     * (gradients with respect to this step's h and c). {@code dGates: N,4H} is scratch, overwritten.
     */
    public static void backward(int n, LstmShape s, MemorySegment x, MemorySegment hPrev, MemorySegment cPrev,
                                MemorySegment wx, MemorySegment wh, MemorySegment gates, MemorySegment tanhC,
                                MemorySegment dh, MemorySegment dc,
                                MemorySegment dwx, MemorySegment dwh, MemorySegment db,
                                MemorySegment dx, MemorySegment dhPrev, MemorySegment dcPrev, MemorySegment dGates) {
        int width = s.gateWidth();
        for (int r = 0; r < n; r++) {
            gateGradients(s.hidden(), (long) r * width, (long) r * s.hidden(), gates, tanhC, cPrev, dh, dc, dcPrev, dGates);
        }
        MatMulGradW.accumulate(n, s.in(), width, x, dGates, dwx);
        MatMulGradW.accumulate(n, s.hidden(), width, hPrev, dGates, dwh);
        Dense.addColumnSums(n, width, dGates, db);
        MatMulGradX.accumulate(n, s.in(), width, wx, dGates, dx);
        MatMulGradX.accumulate(n, s.hidden(), width, wh, dGates, dhPrev);
    }

    /** One row: pre-activations in gates become activations; c, tanhC and h are written. */
    private static void activate(int hidden, long z, long at, MemorySegment gates, MemorySegment cPrev, MemorySegment c,
                                 MemorySegment tanhC, MemorySegment h) {
        int j = 0;
        // vector body
        for (int bound = Simd.loopBound(hidden); j < bound; j += L) {
            long k = z + j;
            FloatVector i = Activations.sigmoid(Simd.load(gates, k));
            FloatVector f = Activations.sigmoid(Simd.load(gates, k + hidden));
            FloatVector g = Activations.tanh(Simd.load(gates, k + 2L * hidden));
            FloatVector o = Activations.sigmoid(Simd.load(gates, k + 3L * hidden));
            FloatVector cNew = Simd.fma(f, Simd.load(cPrev, at + j), i.mul(g));
            FloatVector tc = Activations.tanh(cNew);
            Simd.store(i, gates, k);
            Simd.store(f, gates, k + hidden);
            Simd.store(g, gates, k + 2L * hidden);
            Simd.store(o, gates, k + 3L * hidden);
            Simd.store(cNew, c, at + j);
            Simd.store(tc, tanhC, at + j);
            Simd.store(o.mul(tc), h, at + j);
        }
        // scalar tail: the same arithmetic
        for (; j < hidden; j++) {
            long k = z + j;
            float i = Activations.sigmoid(Simd.get(gates, k));
            float f = Activations.sigmoid(Simd.get(gates, k + hidden));
            float g = Activations.tanh(Simd.get(gates, k + 2L * hidden));
            float o = Activations.sigmoid(Simd.get(gates, k + 3L * hidden));
            float cNew = Simd.fma(f, Simd.get(cPrev, at + j), i * g);
            float tc = Activations.tanh(cNew);
            Simd.set(gates, k, i);
            Simd.set(gates, k + hidden, f);
            Simd.set(gates, k + 2L * hidden, g);
            Simd.set(gates, k + 3L * hidden, o);
            Simd.set(c, at + j, cNew);
            Simd.set(tanhC, at + j, tc);
            Simd.set(h, at + j, o * tc);
        }
    }

    /**
     * One row of dGates (gradients of the pre-activations) and {@code dcPrev += dcTotal * f}, where
     * {@code dcTotal = dc + dh * o * (1 - tanh(c)^2)}.
     */
    private static void gateGradients(int hidden, long z, long at, MemorySegment gates, MemorySegment tanhC,
                                      MemorySegment cPrev, MemorySegment dh, MemorySegment dc, MemorySegment dcPrev,
                                      MemorySegment dGates) {
        int j = 0;
        // vector body
        for (int bound = Simd.loopBound(hidden); j < bound; j += L) {
            long k = z + j;
            FloatVector i = Simd.load(gates, k), f = Simd.load(gates, k + hidden);
            FloatVector g = Simd.load(gates, k + 2L * hidden), o = Simd.load(gates, k + 3L * hidden);
            FloatVector tc = Simd.load(tanhC, at + j), dhv = Simd.load(dh, at + j);
            FloatVector dct = Simd.fma(dhv.mul(o), ONE.sub(tc.mul(tc)), Simd.load(dc, at + j));
            Simd.store(dct.mul(g).mul(i.mul(ONE.sub(i))), dGates, k);
            Simd.store(dct.mul(Simd.load(cPrev, at + j)).mul(f.mul(ONE.sub(f))), dGates, k + hidden);
            Simd.store(dct.mul(i).mul(ONE.sub(g.mul(g))), dGates, k + 2L * hidden);
            Simd.store(dhv.mul(tc).mul(o.mul(ONE.sub(o))), dGates, k + 3L * hidden);
            Simd.store(Simd.fma(dct, f, Simd.load(dcPrev, at + j)), dcPrev, at + j);
        }
        // scalar tail: the same arithmetic
        for (; j < hidden; j++) {
            long k = z + j;
            float i = Simd.get(gates, k), f = Simd.get(gates, k + hidden);
            float g = Simd.get(gates, k + 2L * hidden), o = Simd.get(gates, k + 3L * hidden);
            float tc = Simd.get(tanhC, at + j), dhv = Simd.get(dh, at + j);
            float dct = Simd.fma(dhv * o, 1f - tc * tc, Simd.get(dc, at + j));
            Simd.set(dGates, k, dct * g * (i * (1f - i)));
            Simd.set(dGates, k + hidden, dct * Simd.get(cPrev, at + j) * (f * (1f - f)));
            Simd.set(dGates, k + 2L * hidden, dct * i * (1f - g * g));
            Simd.set(dGates, k + 3L * hidden, dhv * tc * (o * (1f - o)));
            Simd.set(dcPrev, at + j, Simd.fma(dct, f, Simd.get(dcPrev, at + j)));
        }
    }
}
