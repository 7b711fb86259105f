package a3c.kernels;

import java.lang.foreign.MemorySegment;

import jdk.incubator.vector.FloatVector;

/**
 * {@code dx += dy . w^T}: the input gradient of {@link MatMul}. {@code dy: N,OUT} and {@code dx: N,IN}
 * row-major; {@code w: IN,OUT} in {@link WeightPanels}.
 *
 * <p>Each {@code dx[n,i]} is a dot product of dy's row n with weight row i, which the panels keep in
 * 64-float runs. The micro-kernel takes one batch row against 8 weight rows: 8 accumulators, one load of
 * dy and 8 weight loads that fold into the FMAs per output vector, then one reduction per weight row. The
 * 8 weight rows ({@code 8 x OUT} floats, 8 KB at OUT = 256) stay in L1 while every batch row uses them,
 * so w streams through once. Outputs in whole panels run as one loop; the last, narrower panel as a
 * second pass with its own accumulators; the columns left past its last full vector as a scalar tail.
 */
final class MatMulGradX {
    private static final int L = Simd.LANES;
    private static final int W = WeightPanels.WIDTH;

    private MatMulGradX() {
    }

    static void accumulate(int n, int in, int out, MemorySegment w, MemorySegment dy, MemorySegment dx) {
        int full = out - out % W;                   // outputs in whole panels
        int last = Simd.loopBound(out - full);      // vector part of the last panel
        accumulateRange(n, in, out, w, dy, dx, 0, full, W);
        accumulateRange(n, in, out, w, dy, dx, full, last, out - full);
        // scalar tail: the columns past the last full vector
        if (full + last < out) {
            scalarTail(n, in, out, w, dy, dx, full + last);
        }
    }

    private static void scalarTail(int n, int in, int out, MemorySegment w, MemorySegment dy, MemorySegment dx, int from) {
        for (int r = 0; r < n; r++) {
            for (int i = 0; i < in; i++) {
                float a = Simd.get(dx, (long) r * in + i);
                for (int o = from; o < out; o++) {
                    a = Simd.fma(Simd.get(dy, (long) r * out + o), Simd.get(w, WeightPanels.index(in, out, i, o)), a);
                }
                Simd.set(dx, (long) r * in + i, a);
            }
        }
    }

    /** Outputs o0..o0+count (a multiple of LANES, within panels of row length {@code stride}). */
    private static void accumulateRange(int n, int in, int out, MemorySegment w, MemorySegment dy, MemorySegment dx,
                                        int o0, int count, int stride) {
        if (count == 0) {
            return;
        }
        int i = 0;
        // vector body: 8 weight rows at a time
        for (; i + 8 <= in; i += 8) {
            for (int r = 0; r < n; r++) {
                rows8(in, w, (long) o0 * in + (long) i * stride, stride, dy, (long) r * out + o0, count, dx, (long) r * in + i);
            }
        }
        // one weight row at a time
        for (; i < in; i++) {
            for (int r = 0; r < n; r++) {
                long at = (long) o0 * in + (long) i * stride;
                FloatVector a = Simd.zero();
                for (int o = 0; o < count; o += L) {
                    a = Simd.fma(Simd.load(dy, (long) r * out + o0 + o), Simd.load(w, at + (long) (o & -W) * in + (o & (W - 1))), a);
                }
                long d = (long) r * in + i;
                Simd.set(dx, d, Simd.get(dx, d) + Simd.sum(a));
            }
        }
    }

    /** dx[n, i..i+8] += dy[n, o0..o0+count] . w[i..i+8, o0..o0+count]; {@code wAt}: w[i, o0]. */
    private static void rows8(int in, MemorySegment w, long wAt, int stride, MemorySegment dy, long dyAt, int count,
                              MemorySegment dx, long dxAt) {
        FloatVector a0 = Simd.zero(), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
        for (int o = 0; o < count; o += L) {
            long at = wAt + (long) (o & -W) * in + (o & (W - 1));
            FloatVector d = Simd.load(dy, dyAt + o);
            a0 = Simd.fma(d, Simd.load(w, at), a0);
            a1 = Simd.fma(d, Simd.load(w, at + stride), a1);
            a2 = Simd.fma(d, Simd.load(w, at + 2L * stride), a2);
            a3 = Simd.fma(d, Simd.load(w, at + 3L * stride), a3);
            a4 = Simd.fma(d, Simd.load(w, at + 4L * stride), a4);
            a5 = Simd.fma(d, Simd.load(w, at + 5L * stride), a5);
            a6 = Simd.fma(d, Simd.load(w, at + 6L * stride), a6);
            a7 = Simd.fma(d, Simd.load(w, at + 7L * stride), a7);
        }
        // reduction
        addTo(dx, dxAt, a0);
        addTo(dx, dxAt + 1, a1);
        addTo(dx, dxAt + 2, a2);
        addTo(dx, dxAt + 3, a3);
        addTo(dx, dxAt + 4, a4);
        addTo(dx, dxAt + 5, a5);
        addTo(dx, dxAt + 6, a6);
        addTo(dx, dxAt + 7, a7);
    }

    private static void addTo(MemorySegment dx, long at, FloatVector a) {
        Simd.set(dx, at, Simd.get(dx, at) + Simd.sum(a));
    }
}
