package a3c.kernels;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

import jdk.incubator.vector.FloatVector;

/**
 * The register-blocked tiles of {@link Conv2d}: twelve independent accumulators each (enough to keep both
 * FMA pipes busy through the FMA latency), one broadcast scalar against two vectors of channels.
 * Shapes and layouts as in {@link Conv2d}; callers handle the tails and pass every offset in, in floats.
 *
 * <p>C2 stops inlining ordinary methods once a compilation holds about 18000 nodes, and a tile comes close:
 * a vector that reaches a call that was not inlined is boxed (an allocation per call). The JDK's own vector
 * methods are force-inlined past that limit, so each tile's epilogue (the stores after the loop, parsed
 * last) calls them directly instead of going through {@link Simd}'s helpers.
 */
final class ConvTiles {
    /** Output pixels per forward tile. */
    static final int FORWARD_PIXELS = 4;
    /** Output pixels per input-gradient tile. */
    static final int PIXELS = 6;
    /** Window entries per weight-gradient tile. */
    static final int ROWS = 4;
    /** About how many output pixels one weight-gradient pass covers before dw is written back. */
    static final int CHUNK_PIXELS = 128;

    private static final int L = Simd.LANES;
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();

    private ConvTiles() {
    }

    /**
     * y for the pixels whose windows start at x0..x3 in x and whose outputs are consecutive rows of y from
     * {@code yo}, channels k0..k0+2L: 4 pixels x 2 vectors over the whole window. Only the first
     * {@code count} pixels are stored; a short tile repeats its last real pixel in the others.
     *
     * <p>Two window entries per step: C2 leaves a loop of this size rolled, and its 8 accumulators, 4 weight
     * vectors and one broadcast fit in the 16 vector registers. A one-entry loop is unrolled fourfold by C2,
     * which then hoists the loads and spills accumulators; each spilled chain waits on store-to-load
     * forwarding (6 pixels: 47%, 5 unrolled: 53%, this: 63-72% of the peak-FMA benchmark). Offsets are
     * longs linear in j so that C2 hoists the bounds checks of the scalar reads out of the loop.
     */
    static void forward(ConvShape s, MemorySegment x, MemorySegment w, MemorySegment b, MemorySegment y,
                        int x0, int x1, int x2, int x3, int yo, int k0, int count) {
        int k = s.outC();
        int row = s.windowRow();
        int pairs = row & ~1;
        long inRow = (long) s.inW() * s.inC();
        FloatVector b0 = Simd.load(b, k0);
        FloatVector b1 = Simd.load(b, k0 + L);
        FloatVector a00 = b0, a01 = b1, a10 = b0, a11 = b1, a20 = b0, a21 = b1, a30 = b0, a31 = b1;
        for (int ky = 0; ky < s.kH(); ky++) {
            long r0 = x0 + ky * inRow, r1 = x1 + ky * inRow, r2 = x2 + ky * inRow, r3 = x3 + ky * inRow;
            long wo = (long) ky * row * k + k0;
            int j = 0;
            // vector body: window entries j and j+1
            for (; j < pairs; j += 2, wo += 2L * k) {
                FloatVector w0 = Simd.load(w, wo);
                FloatVector w1 = Simd.load(w, wo + L);
                FloatVector w2 = Simd.load(w, wo + k);
                FloatVector w3 = Simd.load(w, wo + k + L);
                FloatVector v = Simd.broadcast(at(x, r0 + j));
                a00 = Simd.fma(v, w0, a00);
                a01 = Simd.fma(v, w1, a01);
                v = Simd.broadcast(at(x, r0 + j + 1));
                a00 = Simd.fma(v, w2, a00);
                a01 = Simd.fma(v, w3, a01);
                v = Simd.broadcast(at(x, r1 + j));
                a10 = Simd.fma(v, w0, a10);
                a11 = Simd.fma(v, w1, a11);
                v = Simd.broadcast(at(x, r1 + j + 1));
                a10 = Simd.fma(v, w2, a10);
                a11 = Simd.fma(v, w3, a11);
                v = Simd.broadcast(at(x, r2 + j));
                a20 = Simd.fma(v, w0, a20);
                a21 = Simd.fma(v, w1, a21);
                v = Simd.broadcast(at(x, r2 + j + 1));
                a20 = Simd.fma(v, w2, a20);
                a21 = Simd.fma(v, w3, a21);
                v = Simd.broadcast(at(x, r3 + j));
                a30 = Simd.fma(v, w0, a30);
                a31 = Simd.fma(v, w1, a31);
                v = Simd.broadcast(at(x, r3 + j + 1));
                a30 = Simd.fma(v, w2, a30);
                a31 = Simd.fma(v, w3, a31);
            }
            // odd window entry
            if (j < row) {
                FloatVector w0 = Simd.load(w, wo);
                FloatVector w1 = Simd.load(w, wo + L);
                FloatVector v = Simd.broadcast(at(x, r0 + j));
                a00 = Simd.fma(v, w0, a00);
                a01 = Simd.fma(v, w1, a01);
                v = Simd.broadcast(at(x, r1 + j));
                a10 = Simd.fma(v, w0, a10);
                a11 = Simd.fma(v, w1, a11);
                v = Simd.broadcast(at(x, r2 + j));
                a20 = Simd.fma(v, w0, a20);
                a21 = Simd.fma(v, w1, a21);
                v = Simd.broadcast(at(x, r3 + j));
                a30 = Simd.fma(v, w0, a30);
                a31 = Simd.fma(v, w1, a31);
            }
        }
        // epilogue: force-inlined stores
        long o = (long) yo << 2;
        long kb = (long) k << 2;
        long lb = (long) L << 2;
        a00.intoMemorySegment(y, o, ORDER);
        a01.intoMemorySegment(y, o + lb, ORDER);
        if (count > 1) {
            a10.intoMemorySegment(y, o + kb, ORDER);
            a11.intoMemorySegment(y, o + kb + lb, ORDER);
        }
        if (count > 2) {
            a20.intoMemorySegment(y, o + 2 * kb, ORDER);
            a21.intoMemorySegment(y, o + 2 * kb + lb, ORDER);
        }
        if (count > 3) {
            a30.intoMemorySegment(y, o + 3 * kb, ORDER);
            a31.intoMemorySegment(y, o + 3 * kb + lb, ORDER);
        }
    }

    /**
     * dw rows wo, wo+k, wo+2k, wo+3k (4 consecutive window entries of one kernel row), two vectors each, over
     * output rows oy0..oy1 of one sample: accumulated in registers across the pixels, added into dw once.
     * {@code xo}: offset in x of the first entry for the chunk's first pixel; {@code go}: offset in dy of
     * that pixel's channel k0.
     */
    static void backwardParams(ConvShape s, MemorySegment x, MemorySegment dy, MemorySegment dw, int rows, int xo,
                               int go, int wo) {
        int k = s.outC();
        int step = s.stride() * s.inC();
        int xRowStep = s.stride() * s.inW() * s.inC();
        int ow = s.outW();
        FloatVector a00 = Simd.load(dw, wo), a01 = Simd.load(dw, wo + L);
        FloatVector a10 = Simd.load(dw, wo + k), a11 = Simd.load(dw, wo + k + L);
        FloatVector a20 = Simd.load(dw, wo + 2 * k), a21 = Simd.load(dw, wo + 2 * k + L);
        FloatVector a30 = Simd.load(dw, wo + 3 * k), a31 = Simd.load(dw, wo + 3 * k + L);
        for (int r = 0; r < rows; r++, xo += xRowStep) {
            int xi = xo;
            for (int ox = 0; ox < ow; ox++, xi += step, go += k) {
                FloatVector g0 = Simd.load(dy, go);
                FloatVector g1 = Simd.load(dy, go + L);
                FloatVector v = Simd.broadcast(at(x, xi));
                a00 = Simd.fma(v, g0, a00);
                a01 = Simd.fma(v, g1, a01);
                v = Simd.broadcast(at(x, xi + 1));
                a10 = Simd.fma(v, g0, a10);
                a11 = Simd.fma(v, g1, a11);
                v = Simd.broadcast(at(x, xi + 2));
                a20 = Simd.fma(v, g0, a20);
                a21 = Simd.fma(v, g1, a21);
                v = Simd.broadcast(at(x, xi + 3));
                a30 = Simd.fma(v, g0, a30);
                a31 = Simd.fma(v, g1, a31);
            }
        }
        // epilogue: force-inlined stores
        long o = (long) wo << 2;
        long kb = (long) k << 2;
        long lb = (long) L << 2;
        a00.intoMemorySegment(dw, o, ORDER);
        a01.intoMemorySegment(dw, o + lb, ORDER);
        a10.intoMemorySegment(dw, o + kb, ORDER);
        a11.intoMemorySegment(dw, o + kb + lb, ORDER);
        a20.intoMemorySegment(dw, o + 2 * kb, ORDER);
        a21.intoMemorySegment(dw, o + 2 * kb + lb, ORDER);
        a30.intoMemorySegment(dw, o + 3 * kb, ORDER);
        a31.intoMemorySegment(dw, o + 3 * kb + lb, ORDER);
    }

    /**
     * Two column vectors A and B of the windows of 6 consecutive pixels (two neighbours in one window row,
     * or the same columns of two window rows): {@code sum_k dy[p][k] * wt[ky][k][r]} in registers, then added
     * into dx pixel by pixel (windows may overlap, so the adds stay in order). {@code go}: offset in dy of the
     * first pixel's row; {@code va, vb}: offsets in wt of (ky, k = 0, r) for A and B; {@code xi}: offset in dx
     * of pixel i's vector A, with B at {@code xi + db}. Only the first {@code count} pixels are added; a short
     * tile repeats its last real pixel in the others.
     */
    static void backwardInput(ConvShape s, MemorySegment wt, MemorySegment dy, MemorySegment dx, int go, int va,
                              int vb, int db, int x0, int x1, int x2, int x3, int x4, int x5, int count) {
        int k = s.outC();
        int row = s.windowRow();
        int g1 = count > 1 ? go + k : go;
        int g2 = count > 2 ? go + 2 * k : g1;
        int g3 = count > 3 ? go + 3 * k : g2;
        int g4 = count > 4 ? go + 4 * k : g3;
        int g5 = count > 5 ? go + 5 * k : g4;
        FloatVector a00 = Simd.zero(), a01 = a00, a10 = a00, a11 = a00, a20 = a00, a21 = a00;
        FloatVector a30 = a00, a31 = a00, a40 = a00, a41 = a00, a50 = a00, a51 = a00;
        for (int kk = 0; kk < k; kk++, va += row, vb += row) {
            FloatVector w0 = Simd.load(wt, va);
            FloatVector w1 = Simd.load(wt, vb);
            FloatVector v = Simd.broadcast(at(dy, go + kk));
            a00 = Simd.fma(v, w0, a00);
            a01 = Simd.fma(v, w1, a01);
            v = Simd.broadcast(at(dy, g1 + kk));
            a10 = Simd.fma(v, w0, a10);
            a11 = Simd.fma(v, w1, a11);
            v = Simd.broadcast(at(dy, g2 + kk));
            a20 = Simd.fma(v, w0, a20);
            a21 = Simd.fma(v, w1, a21);
            v = Simd.broadcast(at(dy, g3 + kk));
            a30 = Simd.fma(v, w0, a30);
            a31 = Simd.fma(v, w1, a31);
            v = Simd.broadcast(at(dy, g4 + kk));
            a40 = Simd.fma(v, w0, a40);
            a41 = Simd.fma(v, w1, a41);
            v = Simd.broadcast(at(dy, g5 + kk));
            a50 = Simd.fma(v, w0, a50);
            a51 = Simd.fma(v, w1, a51);
        }
        // epilogue: force-inlined read-modify-writes, in pixel order
        long bb = (long) db << 2;
        long o = (long) x0 << 2;
        FloatVector.fromMemorySegment(Simd.SPECIES, dx, o, ORDER).add(a00).intoMemorySegment(dx, o, ORDER);
        FloatVector.fromMemorySegment(Simd.SPECIES, dx, o + bb, ORDER).add(a01).intoMemorySegment(dx, o + bb, ORDER);
        if (count > 1) {
            o = (long) x1 << 2;
            FloatVector.fromMemorySegment(Simd.SPECIES, dx, o, ORDER).add(a10).intoMemorySegment(dx, o, ORDER);
            FloatVector.fromMemorySegment(Simd.SPECIES, dx, o + bb, ORDER).add(a11).intoMemorySegment(dx, o + bb, ORDER);
        }
        if (count > 2) {
            o = (long) x2 << 2;
            FloatVector.fromMemorySegment(Simd.SPECIES, dx, o, ORDER).add(a20).intoMemorySegment(dx, o, ORDER);
            FloatVector.fromMemorySegment(Simd.SPECIES, dx, o + bb, ORDER).add(a21).intoMemorySegment(dx, o + bb, ORDER);
        }
        if (count > 3) {
            o = (long) x3 << 2;
            FloatVector.fromMemorySegment(Simd.SPECIES, dx, o, ORDER).add(a30).intoMemorySegment(dx, o, ORDER);
            FloatVector.fromMemorySegment(Simd.SPECIES, dx, o + bb, ORDER).add(a31).intoMemorySegment(dx, o + bb, ORDER);
        }
        if (count > 4) {
            o = (long) x4 << 2;
            FloatVector.fromMemorySegment(Simd.SPECIES, dx, o, ORDER).add(a40).intoMemorySegment(dx, o, ORDER);
            FloatVector.fromMemorySegment(Simd.SPECIES, dx, o + bb, ORDER).add(a41).intoMemorySegment(dx, o + bb, ORDER);
        }
        if (count > 5) {
            o = (long) x5 << 2;
            FloatVector.fromMemorySegment(Simd.SPECIES, dx, o, ORDER).add(a50).intoMemorySegment(dx, o, ORDER);
            FloatVector.fromMemorySegment(Simd.SPECIES, dx, o + bb, ORDER).add(a51).intoMemorySegment(dx, o + bb, ORDER);
        }
    }

    /**
     * The float at index i, read without the alignment check of {@code Simd.get}: fewer nodes for C2 to
     * parse in the tiles.
     */
    static float at(MemorySegment m, long i) {
        return m.get(ValueLayout.JAVA_FLOAT_UNALIGNED, i << 2);
    }
}
