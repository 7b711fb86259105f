package a3c.kernels;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

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
 * step's dcPrev. Only {@link #backwardState} is in that loop; {@link #backwardParams} then takes every step
 * at once. Backward ADDS into every gradient (dwx, dwh, db, dx, dhPrev, dcPrev). Every entry checks each
 * tensor's size against N and the shape once ({@link Bounds}), before its loops.
 */
public final class LstmCell {
    private static final VectorSpecies<Float> S = Simd.SPECIES;
    private static final ByteOrder ORDER = Simd.ORDER;
    private static final ValueLayout.OfFloat F = Simd.FLOAT;
    private static final int L = Simd.LANES;
    private static final FloatVector ONE = FloatVector.broadcast(S, 1f);

    private LstmCell() {
    }

    /** Writes h, c, gates and tanhC (none may alias an input). */
    public static void forward(int n, LstmShape s, MemorySegment x, MemorySegment hPrev, MemorySegment cPrev,
                               MemorySegment wx, MemorySegment wh, MemorySegment b,
                               MemorySegment h, MemorySegment c, MemorySegment gates, MemorySegment tanhC) {
        requireForward(n, s, x, hPrev, cPrev, wx, wh, b, h, c, gates, tanhC);
        int width = s.gateWidth();
        MatMul.forward(n, s.in(), width, x, wx, b, gates);
        MatMul.forward(n, s.hidden(), width, hPrev, wh, null, gates);
        for (int r = 0; r < n; r++) {
            activate(s.hidden(), (long) r * width, (long) r * s.hidden(), gates, cPrev, c, tanhC, h);
        }
    }

    /**
     * Adds into dwx, dwh, db, dx, dhPrev and dcPrev the gradients of this step given {@code dh, dc: N,H}
     * (gradients with respect to this step's h and c). {@code dGates: N,4H} is scratch, overwritten. The
     * same as {@link #backwardState} then {@link #backwardParams} on the same rows.
     */
    public static void backward(int n, LstmShape s, MemorySegment x, MemorySegment hPrev, MemorySegment cPrev,
                                MemorySegment wx, MemorySegment wh, MemorySegment gates, MemorySegment tanhC,
                                MemorySegment dh, MemorySegment dc,
                                MemorySegment dwx, MemorySegment dwh, MemorySegment db,
                                MemorySegment dx, MemorySegment dhPrev, MemorySegment dcPrev, MemorySegment dGates) {
        requireState(n, s, cPrev, wh, gates, tanhC, dh, dc, dhPrev, dcPrev, dGates);
        requireParams(n, s, x, hPrev, wx, dwx, dwh, db, dx);
        state(n, s, cPrev, wh, gates, tanhC, dh, dc, dhPrev, dcPrev, dGates);
        params(n, s, x, hPrev, wx, dGates, dwx, dwh, db, dx);
    }

    /**
     * The recurrent half of a step's backward, what the step before needs: {@code dGates: N,4H} (overwritten)
     * from {@code dh, dc}, then {@code dcPrev += dc_total * f} and {@code dhPrev += dGates . wh^T}. Backprop
     * through time runs this step by step, newest first, and leaves the rest to {@link #backwardParams}. dGates
     * may alias none of the inputs (it holds dc_total for a moment while the gates are still read).
     */
    public static void backwardState(int n, LstmShape s, MemorySegment cPrev, MemorySegment wh, MemorySegment gates,
                                     MemorySegment tanhC, MemorySegment dh, MemorySegment dc, MemorySegment dhPrev,
                                     MemorySegment dcPrev, MemorySegment dGates) {
        requireState(n, s, cPrev, wh, gates, tanhC, dh, dc, dhPrev, dcPrev, dGates);
        state(n, s, cPrev, wh, gates, tanhC, dh, dc, dhPrev, dcPrev, dGates);
    }

    /**
     * The rest of backward, for rows whose {@code dGates: N,4H} are known: {@code dwx += x^T . dGates},
     * {@code dwh += hPrev^T . dGates}, {@code db += column sums of dGates}, {@code dx += dGates . wx^T}. No
     * row depends on another, so backprop through time calls this once for all of a rollout's steps (rows:
     * its x rows, the h each step started from, its dGates rows): one pass over the weight gradients at
     * batch T instead of T passes at batch 1. {@code dx} may be null when the input needs no gradient (an
     * LSTM that is the network's first layer): that product is then skipped.
     */
    public static void backwardParams(int n, LstmShape s, MemorySegment x, MemorySegment hPrev, MemorySegment wx,
                                      MemorySegment dGates, MemorySegment dwx, MemorySegment dwh, MemorySegment db,
                                      MemorySegment dx) {
        requireParams(n, s, x, hPrev, wx, dwx, dwh, db, dx);
        Bounds.require(dGates, (long) n * s.gateWidth(), "dGates");
        params(n, s, x, hPrev, wx, dGates, dwx, dwh, db, dx);
    }

    /** {@link #backwardState} past its size checks. */
    private static void state(int n, LstmShape s, MemorySegment cPrev, MemorySegment wh, MemorySegment gates,
                              MemorySegment tanhC, MemorySegment dh, MemorySegment dc, MemorySegment dhPrev,
                              MemorySegment dcPrev, MemorySegment dGates) {
        int width = s.gateWidth();
        for (int r = 0; r < n; r++) {
            gateGradients(s.hidden(), (long) r * width, (long) r * s.hidden(), gates, tanhC, cPrev, dh, dc, dcPrev,
                    dGates);
        }
        MatMulGradX.accumulate(n, s.hidden(), width, wh, dGates, dhPrev);
    }

    /** {@link #backwardParams} past its size checks. */
    private static void params(int n, LstmShape s, MemorySegment x, MemorySegment hPrev, MemorySegment wx,
                               MemorySegment dGates, MemorySegment dwx, MemorySegment dwh, MemorySegment db,
                               MemorySegment dx) {
        int width = s.gateWidth();
        MatMulGradW.accumulate(n, s.in(), width, x, dGates, dwx);
        MatMulGradW.accumulate(n, s.hidden(), width, hPrev, dGates, dwh);
        Dense.addColumnSums(n, width, dGates, db);
        if (dx != null) {
            MatMulGradX.accumulate(n, s.in(), width, wx, dGates, dx);
        }
    }

    /** The size checks of {@link #forward}: every tensor it touches. */
    private static void requireForward(int n, LstmShape s, MemorySegment x, MemorySegment hPrev, MemorySegment cPrev,
                                       MemorySegment wx, MemorySegment wh, MemorySegment b, MemorySegment h,
                                       MemorySegment c, MemorySegment gates, MemorySegment tanhC) {
        long rows = n, in = s.in(), hidden = s.hidden(), width = s.gateWidth();
        Bounds.require(x, rows * in, "x");
        Bounds.require(hPrev, rows * hidden, "hPrev");
        Bounds.require(cPrev, rows * hidden, "cPrev");
        Bounds.require(wx, in * width, "wx");
        Bounds.require(wh, hidden * width, "wh");
        Bounds.require(b, width, "b");
        Bounds.require(h, rows * hidden, "h");
        Bounds.require(c, rows * hidden, "c");
        Bounds.require(gates, rows * width, "gates");
        Bounds.require(tanhC, rows * hidden, "tanhC");
    }

    /** The size checks of {@link #backwardState}: every tensor it touches, dGates included. */
    private static void requireState(int n, LstmShape s, MemorySegment cPrev, MemorySegment wh, MemorySegment gates,
                                     MemorySegment tanhC, MemorySegment dh, MemorySegment dc, MemorySegment dhPrev,
                                     MemorySegment dcPrev, MemorySegment dGates) {
        long rows = n, hidden = s.hidden(), width = s.gateWidth();
        Bounds.require(cPrev, rows * hidden, "cPrev");
        Bounds.require(wh, hidden * width, "wh");
        Bounds.require(gates, rows * width, "gates");
        Bounds.require(tanhC, rows * hidden, "tanhC");
        Bounds.require(dh, rows * hidden, "dh");
        Bounds.require(dc, rows * hidden, "dc");
        Bounds.require(dhPrev, rows * hidden, "dhPrev");
        Bounds.require(dcPrev, rows * hidden, "dcPrev");
        Bounds.require(dGates, rows * width, "dGates");
    }

    /** The size checks of {@link #backwardParams} but dGates (which {@link #backward} checks once, with the state). */
    private static void requireParams(int n, LstmShape s, MemorySegment x, MemorySegment hPrev, MemorySegment wx,
                                      MemorySegment dwx, MemorySegment dwh, MemorySegment db, MemorySegment dx) {
        long rows = n, in = s.in(), hidden = s.hidden(), width = s.gateWidth();
        Bounds.require(x, rows * in, "x");
        Bounds.require(hPrev, rows * hidden, "hPrev");
        Bounds.require(wx, in * width, "wx");
        Bounds.require(dwx, in * width, "dwx");
        Bounds.require(dwh, hidden * width, "dwh");
        Bounds.require(db, width, "db");
        if (dx != null) {
            Bounds.require(dx, rows * in, "dx");
        }
    }

    /**
     * One row: pre-activations in gates become activations; c, tanhC and h are written. The squashing runs in
     * passes of {@link Exponential} (the same floats interpreted and compiled), the products between them.
     */
    private static void activate(int hidden, long z, long at, MemorySegment gates, MemorySegment cPrev, MemorySegment c,
                                 MemorySegment tanhC, MemorySegment h) {
        long zg = z + 2L * hidden, zo = z + 3L * hidden;
        Exponential.sigmoid(gates, z, 2 * hidden); // i and f
        Exponential.tanh(gates, zg, gates, zg, hidden);
        Exponential.sigmoid(gates, zo, hidden);
        long gb = 4L * hidden; // bytes from one gate block to the next
        int j = 0;
        // c = f * cPrev + i * g
        for (int bound = Simd.loopBound(hidden); j < bound; j += L) {
            long k = 4L * (z + j), o = 4L * (at + j);
            FloatVector i = FloatVector.fromMemorySegment(S, gates, k, ORDER);
            FloatVector f = FloatVector.fromMemorySegment(S, gates, k + gb, ORDER);
            FloatVector g = FloatVector.fromMemorySegment(S, gates, k + 2 * gb, ORDER);
            f.fma(FloatVector.fromMemorySegment(S, cPrev, o, ORDER), i.mul(g)).intoMemorySegment(c, o, ORDER);
        }
        for (; j < hidden; j++) {
            long k = z + j;
            float i = gates.getAtIndex(F, k), f = gates.getAtIndex(F, k + hidden), g = gates.getAtIndex(F, k + 2L * hidden);
            c.setAtIndex(F, at + j, Math.fma(f, cPrev.getAtIndex(F, at + j), i * g));
        }
        Exponential.tanh(c, at, tanhC, at, hidden);
        // h = o * tanh(c)
        j = 0;
        for (int bound = Simd.loopBound(hidden); j < bound; j += L) {
            long o = 4L * (at + j);
            FloatVector og = FloatVector.fromMemorySegment(S, gates, 4L * (zo + j), ORDER);
            og.mul(FloatVector.fromMemorySegment(S, tanhC, o, ORDER)).intoMemorySegment(h, o, ORDER);
        }
        for (; j < hidden; j++) {
            h.setAtIndex(F, at + j, gates.getAtIndex(F, zo + j) * tanhC.getAtIndex(F, at + j));
        }
    }

    /**
     * One row of dGates (gradients of the pre-activations) and {@code dcPrev += dcTotal * f}, where
     * {@code dcTotal = dc + dh * o * (1 - tanh(c)^2)}. The vector part is two passes, each in a method of its own:
     * as one loop body its vectors were more than C1's linear scan holds, so an on-stack-replacement compile at
     * tier 3 failed ("out of virtual registers") and left the method in C1 code, where every vector operation is
     * an allocating library call, for the rest of a run (seen in `bench train --net lstm`: 6-8 collections in the
     * measured window, the allocations all here).
     */
    private static void gateGradients(int hidden, long z, long at, MemorySegment gates, MemorySegment tanhC,
                                      MemorySegment cPrev, MemorySegment dh, MemorySegment dc, MemorySegment dcPrev,
                                      MemorySegment dGates) {
        int bound = Simd.loopBound(hidden);
        cellGradients(bound, hidden, z, at, gates, tanhC, dh, dc, dcPrev, dGates);
        inputGateGradients(bound, hidden, z, at, gates, cPrev, dGates);
        int j = bound;
        // scalar tail: the same arithmetic
        for (; j < hidden; j++) {
            long k = z + j;
            float i = gates.getAtIndex(F, k), f = gates.getAtIndex(F, k + hidden);
            float g = gates.getAtIndex(F, k + 2L * hidden), o = gates.getAtIndex(F, k + 3L * hidden);
            float tc = tanhC.getAtIndex(F, at + j), dhv = dh.getAtIndex(F, at + j);
            float dct = Math.fma(dhv * o, 1f - tc * tc, dc.getAtIndex(F, at + j));
            dGates.setAtIndex(F, k, dct * g * (i * (1f - i)));
            dGates.setAtIndex(F, k + hidden, dct * cPrev.getAtIndex(F, at + j) * (f * (1f - f)));
            dGates.setAtIndex(F, k + 2L * hidden, dct * i * (1f - g * g));
            dGates.setAtIndex(F, k + 3L * hidden, dhv * tc * (o * (1f - o)));
            dcPrev.setAtIndex(F, at + j, Math.fma(dct, f, dcPrev.getAtIndex(F, at + j)));
        }
    }

    /**
     * Vectors j < bound: {@code dcTotal} (kept in dGates' g block until {@link #inputGateGradients} reads it), the
     * o gate's gradient {@code dh * tanh(c) * o(1 - o)} and {@code dcPrev += dcTotal * f}.
     */
    private static void cellGradients(int bound, int hidden, long z, long at, MemorySegment gates, MemorySegment tanhC,
                                      MemorySegment dh, MemorySegment dc, MemorySegment dcPrev, MemorySegment dGates) {
        long gb = 4L * hidden; // bytes from one gate block to the next
        for (int j = 0; j < bound; j += L) {
            long k = 4L * (z + j), at4 = 4L * (at + j);
            FloatVector f = FloatVector.fromMemorySegment(S, gates, k + gb, ORDER);
            FloatVector o = FloatVector.fromMemorySegment(S, gates, k + 3 * gb, ORDER);
            FloatVector tc = FloatVector.fromMemorySegment(S, tanhC, at4, ORDER);
            FloatVector dhv = FloatVector.fromMemorySegment(S, dh, at4, ORDER);
            FloatVector dct = dhv.mul(o).fma(ONE.sub(tc.mul(tc)), FloatVector.fromMemorySegment(S, dc, at4, ORDER));
            dct.intoMemorySegment(dGates, k + 2 * gb, ORDER);
            dhv.mul(tc).mul(o.mul(ONE.sub(o))).intoMemorySegment(dGates, k + 3 * gb, ORDER);
            dct.fma(f, FloatVector.fromMemorySegment(S, dcPrev, at4, ORDER)).intoMemorySegment(dcPrev, at4, ORDER);
        }
    }

    /** Vectors j < bound: the i, f and g gates' gradients from {@code dcTotal}, which dGates' g block holds. */
    private static void inputGateGradients(int bound, int hidden, long z, long at, MemorySegment gates, MemorySegment cPrev,
                                           MemorySegment dGates) {
        long gb = 4L * hidden;
        for (int j = 0; j < bound; j += L) {
            long k = 4L * (z + j), at4 = 4L * (at + j);
            FloatVector i = FloatVector.fromMemorySegment(S, gates, k, ORDER);
            FloatVector f = FloatVector.fromMemorySegment(S, gates, k + gb, ORDER);
            FloatVector g = FloatVector.fromMemorySegment(S, gates, k + 2 * gb, ORDER);
            FloatVector dct = FloatVector.fromMemorySegment(S, dGates, k + 2 * gb, ORDER);
            FloatVector cp = FloatVector.fromMemorySegment(S, cPrev, at4, ORDER);
            dct.mul(g).mul(i.mul(ONE.sub(i))).intoMemorySegment(dGates, k, ORDER);
            dct.mul(cp).mul(f.mul(ONE.sub(f))).intoMemorySegment(dGates, k + gb, ORDER);
            dct.mul(i).mul(ONE.sub(g.mul(g))).intoMemorySegment(dGates, k + 2 * gb, ORDER);
        }
    }
}
