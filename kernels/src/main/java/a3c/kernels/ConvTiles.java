package a3c.kernels;

import java.lang.foreign.MemorySegment;

import jdk.incubator.vector.FloatVector;

/**
 * The register-blocked tiles of {@link Conv2d}: twelve independent accumulators each (enough to keep both
 * FMA pipes busy through the FMA latency), one broadcast scalar against two vectors of channels.
 * Shapes and layouts as in {@link Conv2d}; callers handle the tails.
 */
final class ConvTiles {
    /** Output pixels per forward and input-gradient tile. */
    static final int PIXELS = 6;
    /** Window entries per weight-gradient tile. */
    static final int ROWS = 4;
    /** About how many output pixels one weight-gradient pass covers before dw is written back. */
    static final int CHUNK_PIXELS = 128;

    private static final int L = Simd.LANES;

    private ConvTiles() {
    }

    /** y for pixels p..p+5, channels k0..k0+2L: 6 pixels x 2 vectors, the whole window. */
    static void forward(ConvShape s, MemorySegment x, MemorySegment w, MemorySegment b, MemorySegment y, int p,
                        int k0) {
        int k = s.outC();
        int row = s.windowRow();
        int inRow = s.inW() * s.inC();
        int x0 = Conv2d.windowStart(s, p);
        int x1 = Conv2d.windowStart(s, p + 1);
        int x2 = Conv2d.windowStart(s, p + 2);
        int x3 = Conv2d.windowStart(s, p + 3);
        int x4 = Conv2d.windowStart(s, p + 4);
        int x5 = Conv2d.windowStart(s, p + 5);
        FloatVector b0 = Simd.load(b, k0);
        FloatVector b1 = Simd.load(b, k0 + L);
        FloatVector a00 = b0, a01 = b1, a10 = b0, a11 = b1, a20 = b0, a21 = b1;
        FloatVector a30 = b0, a31 = b1, a40 = b0, a41 = b1, a50 = b0, a51 = b1;
        for (int ky = 0; ky < s.kH(); ky++) {
            int xo = ky * inRow;
            int wo = ky * row * k + k0;
            for (int j = 0; j < row; j++, xo++, wo += k) {
                FloatVector w0 = Simd.load(w, wo);
                FloatVector w1 = Simd.load(w, wo + L);
                FloatVector v = Simd.broadcast(Simd.get(x, x0 + xo));
                a00 = Simd.fma(v, w0, a00);
                a01 = Simd.fma(v, w1, a01);
                v = Simd.broadcast(Simd.get(x, x1 + xo));
                a10 = Simd.fma(v, w0, a10);
                a11 = Simd.fma(v, w1, a11);
                v = Simd.broadcast(Simd.get(x, x2 + xo));
                a20 = Simd.fma(v, w0, a20);
                a21 = Simd.fma(v, w1, a21);
                v = Simd.broadcast(Simd.get(x, x3 + xo));
                a30 = Simd.fma(v, w0, a30);
                a31 = Simd.fma(v, w1, a31);
                v = Simd.broadcast(Simd.get(x, x4 + xo));
                a40 = Simd.fma(v, w0, a40);
                a41 = Simd.fma(v, w1, a41);
                v = Simd.broadcast(Simd.get(x, x5 + xo));
                a50 = Simd.fma(v, w0, a50);
                a51 = Simd.fma(v, w1, a51);
            }
        }
        long yo = (long) p * k + k0;
        store2(y, yo, a00, a01);
        store2(y, yo + k, a10, a11);
        store2(y, yo + 2L * k, a20, a21);
        store2(y, yo + 3L * k, a30, a31);
        store2(y, yo + 4L * k, a40, a41);
        store2(y, yo + 5L * k, a50, a51);
    }

    /**
     * dw entries (ky, j0..j0+3), channels k0..k0+2L, over output rows oy0..oy1 of sample ni: 4 window entries
     * x 2 vectors, accumulated across the chunk's pixels in registers and added into dw once.
     */
    static void backwardParams(ConvShape s, MemorySegment x, MemorySegment dy, MemorySegment dw, int ni, int oy0,
                               int oy1, int ky, int j0, int k0) {
        int k = s.outC();
        int step = s.stride() * s.inC();
        int wo = (ky * s.windowRow() + j0) * k + k0;
        FloatVector a00 = Simd.load(dw, wo), a01 = Simd.load(dw, wo + L);
        FloatVector a10 = Simd.load(dw, wo + k), a11 = Simd.load(dw, wo + k + L);
        FloatVector a20 = Simd.load(dw, wo + 2 * k), a21 = Simd.load(dw, wo + 2 * k + L);
        FloatVector a30 = Simd.load(dw, wo + 3 * k), a31 = Simd.load(dw, wo + 3 * k + L);
        for (int oy = oy0; oy < oy1; oy++) {
            int xo = ((ni * s.inH() + oy * s.stride() + ky) * s.inW()) * s.inC() + j0;
            int go = ((ni * s.outH() + oy) * s.outW()) * k + k0;
            for (int ox = 0; ox < s.outW(); ox++, xo += step, go += k) {
                FloatVector g0 = Simd.load(dy, go);
                FloatVector g1 = Simd.load(dy, go + L);
                FloatVector v = Simd.broadcast(Simd.get(x, xo));
                a00 = Simd.fma(v, g0, a00);
                a01 = Simd.fma(v, g1, a01);
                v = Simd.broadcast(Simd.get(x, xo + 1));
                a10 = Simd.fma(v, g0, a10);
                a11 = Simd.fma(v, g1, a11);
                v = Simd.broadcast(Simd.get(x, xo + 2));
                a20 = Simd.fma(v, g0, a20);
                a21 = Simd.fma(v, g1, a21);
                v = Simd.broadcast(Simd.get(x, xo + 3));
                a30 = Simd.fma(v, g0, a30);
                a31 = Simd.fma(v, g1, a31);
            }
        }
        store2(dw, wo, a00, a01);
        store2(dw, wo + k, a10, a11);
        store2(dw, wo + 2L * k, a20, a21);
        store2(dw, wo + 3L * k, a30, a31);
    }

    /**
     * dx for the windows of pixels p..p+5: per window row ky and two vectors of columns r0..r0+2L,
     * {@code sum_k dy[p][k] * wt[ky][k][r]} for 6 pixels in registers, then added into dx pixel by pixel (windows
     * may overlap, so the adds stay in order). Columns past the last full pair go to
     * {@link Conv2d#inputRowRest}.
     */
    static void backwardInput(ConvShape s, MemorySegment wt, MemorySegment dy, MemorySegment dx, int p) {
        int row = s.windowRow();
        int inRow = s.inW() * s.inC();
        int x0 = Conv2d.windowStart(s, p);
        int x1 = Conv2d.windowStart(s, p + 1);
        int x2 = Conv2d.windowStart(s, p + 2);
        int x3 = Conv2d.windowStart(s, p + 3);
        int x4 = Conv2d.windowStart(s, p + 4);
        int x5 = Conv2d.windowStart(s, p + 5);
        int fullCols = row - row % (2 * L);
        for (int ky = 0; ky < s.kH(); ky++) {
            int xo = ky * inRow;
            for (int r0 = 0; r0 < fullCols; r0 += 2 * L) {
                inputColumns(s, wt, dy, dx, p, ky, r0, x0 + xo, x1 + xo, x2 + xo, x3 + xo, x4 + xo, x5 + xo);
            }
            if (fullCols < row) {
                Conv2d.inputRowRest(s, wt, dy, dx, p, x0 + xo, ky, fullCols);
                Conv2d.inputRowRest(s, wt, dy, dx, p + 1, x1 + xo, ky, fullCols);
                Conv2d.inputRowRest(s, wt, dy, dx, p + 2, x2 + xo, ky, fullCols);
                Conv2d.inputRowRest(s, wt, dy, dx, p + 3, x3 + xo, ky, fullCols);
                Conv2d.inputRowRest(s, wt, dy, dx, p + 4, x4 + xo, ky, fullCols);
                Conv2d.inputRowRest(s, wt, dy, dx, p + 5, x5 + xo, ky, fullCols);
            }
        }
    }

    /** Columns r0..r0+2L of window row ky for pixels p..p+5; {@code xi}: dx offset of pixel i's window row. */
    private static void inputColumns(ConvShape s, MemorySegment wt, MemorySegment dy, MemorySegment dx, int p,
                                     int ky, int r0, int x0, int x1, int x2, int x3, int x4, int x5) {
        int k = s.outC();
        int row = s.windowRow();
        int g0 = p * k;
        FloatVector a00 = Simd.zero(), a01 = a00, a10 = a00, a11 = a00, a20 = a00, a21 = a00;
        FloatVector a30 = a00, a31 = a00, a40 = a00, a41 = a00, a50 = a00, a51 = a00;
        int vo = ky * k * row + r0;
        for (int kk = 0; kk < k; kk++, vo += row) {
            FloatVector w0 = Simd.load(wt, vo);
            FloatVector w1 = Simd.load(wt, vo + L);
            FloatVector v = Simd.broadcast(Simd.get(dy, g0 + kk));
            a00 = Simd.fma(v, w0, a00);
            a01 = Simd.fma(v, w1, a01);
            v = Simd.broadcast(Simd.get(dy, g0 + k + kk));
            a10 = Simd.fma(v, w0, a10);
            a11 = Simd.fma(v, w1, a11);
            v = Simd.broadcast(Simd.get(dy, g0 + 2 * k + kk));
            a20 = Simd.fma(v, w0, a20);
            a21 = Simd.fma(v, w1, a21);
            v = Simd.broadcast(Simd.get(dy, g0 + 3 * k + kk));
            a30 = Simd.fma(v, w0, a30);
            a31 = Simd.fma(v, w1, a31);
            v = Simd.broadcast(Simd.get(dy, g0 + 4 * k + kk));
            a40 = Simd.fma(v, w0, a40);
            a41 = Simd.fma(v, w1, a41);
            v = Simd.broadcast(Simd.get(dy, g0 + 5 * k + kk));
            a50 = Simd.fma(v, w0, a50);
            a51 = Simd.fma(v, w1, a51);
        }
        addInto2(dx, x0 + r0, a00, a01);
        addInto2(dx, x1 + r0, a10, a11);
        addInto2(dx, x2 + r0, a20, a21);
        addInto2(dx, x3 + r0, a30, a31);
        addInto2(dx, x4 + r0, a40, a41);
        addInto2(dx, x5 + r0, a50, a51);
    }

    private static void store2(MemorySegment m, long at, FloatVector lo, FloatVector hi) {
        Simd.store(lo, m, at);
        Simd.store(hi, m, at + L);
    }

    private static void addInto2(MemorySegment m, long at, FloatVector lo, FloatVector hi) {
        Simd.store(Simd.load(m, at).add(lo), m, at);
        Simd.store(Simd.load(m, at + L).add(hi), m, at + L);
    }
}
