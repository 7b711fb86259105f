package a3c.kernels;

import java.lang.foreign.MemorySegment;

import jdk.incubator.vector.FloatVector;

/**
 * The tails of {@link Conv2d}'s loops, one vector or one float at a time, with the same arithmetic as the
 * tiles: output channels past the last pair of vectors, window entries past the last tile of
 * {@link ConvTiles#ROWS}, window columns past the last pair of vectors. The real A3C shapes never reach them
 * at 256 bits; the awkward shapes of the tests do, at every width.
 */
final class ConvTails {
    private static final int L = Simd.LANES;

    private ConvTails() {
    }

    /** One pixel, one vector of channels k0..k0+L. */
    static void forwardVector(ConvShape s, MemorySegment x, MemorySegment w, MemorySegment b,
                              MemorySegment y, int p, int k0) {
        int k = s.outC();
        int row = s.windowRow();
        int start = Conv2d.windowStart(s, p);
        FloatVector acc = Simd.load(b, k0);
        for (int ky = 0; ky < s.kH(); ky++) {
            int xo = start + ky * s.inW() * s.inC();
            int wo = ky * row * k + k0;
            for (int j = 0; j < row; j++) {
                acc = Simd.fma(Simd.broadcast(Simd.get(x, xo + j)), Simd.load(w, wo + j * k), acc);
            }
        }
        Simd.store(acc, y, (long) p * k + k0);
    }

    /** One pixel, one channel: the scalar tail, same arithmetic. */
    static void forwardScalar(ConvShape s, MemorySegment x, MemorySegment w, MemorySegment b,
                              MemorySegment y, int p, int k0) {
        int k = s.outC();
        int row = s.windowRow();
        int start = Conv2d.windowStart(s, p);
        float acc = Simd.get(b, k0);
        for (int ky = 0; ky < s.kH(); ky++) {
            int xo = start + ky * s.inW() * s.inC();
            int wo = ky * row * k + k0;
            for (int j = 0; j < row; j++) {
                acc = Simd.fma(Simd.get(x, xo + j), Simd.get(w, wo + j * k), acc);
            }
        }
        Simd.set(y, (long) p * k + k0, acc);
    }

    /** dw entry (ky, j), one vector of channels k0..k0+L, over output rows oy0..oy1 of sample ni. */
    static void paramsVector(ConvShape s, MemorySegment x, MemorySegment dy, MemorySegment dw, int ni,
                             int oy0, int oy1, int ky, int j, int k0) {
        int k = s.outC();
        int step = s.stride() * s.inC();
        int wo = (ky * s.windowRow() + j) * k + k0;
        FloatVector acc = Simd.load(dw, wo);
        for (int oy = oy0; oy < oy1; oy++) {
            int xo = ((ni * s.inH() + oy * s.stride() + ky) * s.inW()) * s.inC() + j;
            int go = ((ni * s.outH() + oy) * s.outW()) * k + k0;
            for (int ox = 0; ox < s.outW(); ox++, xo += step, go += k) {
                acc = Simd.fma(Simd.broadcast(Simd.get(x, xo)), Simd.load(dy, go), acc);
            }
        }
        Simd.store(acc, dw, wo);
    }

    /** dw entry (ky, j, k0): the scalar tail, same arithmetic. */
    static void paramsScalar(ConvShape s, MemorySegment x, MemorySegment dy, MemorySegment dw, int ni,
                             int oy0, int oy1, int ky, int j, int k0) {
        int k = s.outC();
        int step = s.stride() * s.inC();
        int wo = (ky * s.windowRow() + j) * k + k0;
        float acc = Simd.get(dw, wo);
        for (int oy = oy0; oy < oy1; oy++) {
            int xo = ((ni * s.inH() + oy * s.stride() + ky) * s.inW()) * s.inC() + j;
            int go = ((ni * s.outH() + oy) * s.outW()) * k + k0;
            for (int ox = 0; ox < s.outW(); ox++, xo += step, go += k) {
                acc = Simd.fma(Simd.get(x, xo), Simd.get(dy, go), acc);
            }
        }
        Simd.set(dw, wo, acc);
    }

    /**
     * Window row ky of pixel p from column r0 on: {@code dx[xo + r] += sum_k dy[p][k] * wt[ky][k][r]}, one
     * vector of columns, then scalar columns. {@code xo}: offset in dx of the window row's first column.
     */
    static void inputRowRest(ConvShape s, MemorySegment wt, MemorySegment dy, MemorySegment dx, int p, int xo,
                             int ky, int r0) {
        int k = s.outC();
        int row = s.windowRow();
        int go = p * k;
        int r = r0;
        // one-vector columns
        for (; r + L <= row; r += L) {
            FloatVector acc = Simd.zero();
            for (int kk = 0; kk < k; kk++) {
                acc = Simd.fma(Simd.broadcast(Simd.get(dy, go + kk)), Simd.load(wt, (ky * k + kk) * row + r), acc);
            }
            Simd.store(Simd.load(dx, xo + r).add(acc), dx, xo + r);
        }
        // scalar columns
        for (; r < row; r++) {
            float acc = 0f;
            for (int kk = 0; kk < k; kk++) {
                acc = Simd.fma(Simd.get(dy, go + kk), Simd.get(wt, (ky * k + kk) * row + r), acc);
            }
            Simd.set(dx, xo + r, Simd.get(dx, xo + r) + acc);
        }
    }
}
