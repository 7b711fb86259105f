package a3c.kernels;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The tails of {@link Conv2d}'s loops, one vector or one float at a time, with the same arithmetic as the
 * tiles: output channels past the last pair of vectors, window entries past the last tile of
 * {@link ConvTiles#ROWS}, window columns past the last pair of vectors. The real A3C shapes never reach them
 * at 256 or 512 bits; the awkward shapes of the tests do, at every width.
 */
final class ConvTails {
    private static final VectorSpecies<Float> S = Simd.SPECIES;
    private static final ByteOrder ORDER = Simd.ORDER;
    private static final ValueLayout.OfFloat F = Simd.FLOAT;
    private static final int L = Simd.LANES;

    private ConvTails() {
    }

    /** One pixel, one channel: the scalar tail, same arithmetic. */
    static void forwardScalar(ConvShape s, MemorySegment x, MemorySegment w, MemorySegment b,
                              MemorySegment y, int p, int k0) {
        int k = s.outC();
        int row = s.windowRow();
        int start = Conv2d.windowStart(s, p);
        float acc = b.getAtIndex(F, k0);
        for (int ky = 0; ky < s.kH(); ky++) {
            int xo = start + ky * s.inW() * s.inC();
            int wo = ky * row * k + k0;
            for (int j = 0; j < row; j++) {
                acc = Math.fma(x.getAtIndex(F, xo + j), w.getAtIndex(F, wo + j * k), acc);
            }
        }
        y.setAtIndex(F, (long) p * k + k0, acc);
    }

    /** dw entry (ky, j), one vector of channels k0..k0+L, over output rows oy0..oy1 of sample ni. */
    static void paramsVector(ConvShape s, MemorySegment x, MemorySegment dy, MemorySegment dw, int ni,
                             int oy0, int oy1, int ky, int j, int k0) {
        int k = s.outC();
        int step = s.stride() * s.inC();
        int wo = (ky * s.windowRow() + j) * k + k0;
        FloatVector acc = FloatVector.fromMemorySegment(S, dw, 4L * wo, ORDER);
        for (int oy = oy0; oy < oy1; oy++) {
            int xo = ((ni * s.inH() + oy * s.stride() + ky) * s.inW()) * s.inC() + j;
            int go = ((ni * s.outH() + oy) * s.outW()) * k + k0;
            for (int ox = 0; ox < s.outW(); ox++, xo += step, go += k) {
                FloatVector g = FloatVector.fromMemorySegment(S, dy, 4L * go, ORDER);
                acc = FloatVector.broadcast(S, x.getAtIndex(F, xo)).fma(g, acc);
            }
        }
        acc.intoMemorySegment(dw, 4L * wo, ORDER);
    }

    /** dw entry (ky, j, k0): the scalar tail, same arithmetic. */
    static void paramsScalar(ConvShape s, MemorySegment x, MemorySegment dy, MemorySegment dw, int ni,
                             int oy0, int oy1, int ky, int j, int k0) {
        int k = s.outC();
        int step = s.stride() * s.inC();
        int wo = (ky * s.windowRow() + j) * k + k0;
        float acc = dw.getAtIndex(F, wo);
        for (int oy = oy0; oy < oy1; oy++) {
            int xo = ((ni * s.inH() + oy * s.stride() + ky) * s.inW()) * s.inC() + j;
            int go = ((ni * s.outH() + oy) * s.outW()) * k + k0;
            for (int ox = 0; ox < s.outW(); ox++, xo += step, go += k) {
                acc = Math.fma(x.getAtIndex(F, xo), dy.getAtIndex(F, go), acc);
            }
        }
        dw.setAtIndex(F, wo, acc);
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
            FloatVector acc = FloatVector.zero(S);
            for (int kk = 0; kk < k; kk++) {
                FloatVector wv = FloatVector.fromMemorySegment(S, wt, 4L * ((ky * k + kk) * row + r), ORDER);
                acc = FloatVector.broadcast(S, dy.getAtIndex(F, go + kk)).fma(wv, acc);
            }
            long at = 4L * (xo + r);
            FloatVector.fromMemorySegment(S, dx, at, ORDER).add(acc).intoMemorySegment(dx, at, ORDER);
        }
        // scalar columns
        for (; r < row; r++) {
            float acc = 0f;
            for (int kk = 0; kk < k; kk++) {
                acc = Math.fma(dy.getAtIndex(F, go + kk), wt.getAtIndex(F, (ky * k + kk) * row + r), acc);
            }
            dx.setAtIndex(F, xo + r, dx.getAtIndex(F, xo + r) + acc);
        }
    }
}
