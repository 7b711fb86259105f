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
 * 8 weight rows of a chunk of 4 panels (8 x 256 floats, 8 KB) stay in L1 while every batch row uses them,
 * so w streams through once. Whole panels run a chunk at a time; the last, narrower panel as a pass with
 * its own accumulators; the columns left past its last full vector as a scalar tail.
 */
final class MatMulGradX {
    private static final int L = Simd.LANES;
    private static final int W = WeightPanels.WIDTH;
    /** Outputs per pass: 4 panels. At OUT = 1024 (the LSTM's 4H) 8 whole weight rows would fill L1. */
    private static final int CHUNK = 4 * W;

    private MatMulGradX() {
    }

    static void accumulate(int n, int in, int out, MemorySegment w, MemorySegment dy, MemorySegment dx) {
        int full = out - out % W;                   // outputs in whole panels
        int last = Simd.loopBound(out - full);      // vector part of the last panel
        // whole panels a chunk at a time, so 8 weight rows of a chunk (8 KB) stay in L1 with a row of dy
        for (int o0 = 0; o0 < full; o0 += CHUNK) {
            accumulateRange(n, in, out, w, dy, dx, o0, Math.min(CHUNK, full - o0), W);
        }
        accumulateRange(n, in, out, w, dy, dx, full, last, out - full);
        // scalar tail: the columns past the last full vector
        if (full + last < out) {
            scalarTail(n, in, out, w, dy, dx, full, full + last);
        }
    }

    /**
     * Columns from..out, all in the last panel (which starts at output {@code full}): four weight rows at a
     * time in registers, each a dot product over those columns added to dx.
     */
    private static void scalarTail(int n, int in, int out, MemorySegment w, MemorySegment dy, MemorySegment dx, int full,
                                   int from) {
        int width = out - full;
        for (int i = 0; i < in; i += 4) {
            // a last group of fewer than four rows repeats its last row; only real rows are added
            int i1 = Math.min(i + 1, in - 1), i2 = Math.min(i + 2, in - 1), i3 = Math.min(i + 3, in - 1);
            long w0 = (long) full * in + (long) i * width - full, w1 = w0 + (long) (i1 - i) * width;
            long w2 = w0 + (long) (i2 - i) * width, w3 = w0 + (long) (i3 - i) * width;
            for (int r = 0; r < n; r++) {
                float a0 = 0f, a1 = 0f, a2 = 0f, a3 = 0f;
                for (int o = from; o < out; o++) {
                    float d = Simd.get(dy, (long) r * out + o);
                    a0 = Simd.fma(d, Simd.get(w, w0 + o), a0);
                    a1 = Simd.fma(d, Simd.get(w, w1 + o), a1);
                    a2 = Simd.fma(d, Simd.get(w, w2 + o), a2);
                    a3 = Simd.fma(d, Simd.get(w, w3 + o), a3);
                }
                long at = (long) r * in + i;
                Simd.set(dx, at, Simd.get(dx, at) + a0);
                if (i + 1 < in) {
                    Simd.set(dx, at + 1, Simd.get(dx, at + 1) + a1);
                }
                if (i + 2 < in) {
                    Simd.set(dx, at + 2, Simd.get(dx, at + 2) + a2);
                }
                if (i + 3 < in) {
                    Simd.set(dx, at + 3, Simd.get(dx, at + 3) + a3);
                }
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
        FloatVector a0 = Simd.zero(), a1 = Simd.zero(), a2 = Simd.zero(), a3 = Simd.zero();
        FloatVector a4 = Simd.zero(), a5 = Simd.zero(), a6 = Simd.zero(), a7 = Simd.zero();
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
        // reduction: to scalars here, into dx in a separate method (this one is at C2's inlining node budget,
        // and a vector passed to a call that is not inlined would be boxed: allocation in the loop)
        addEight(dx, dxAt, Simd.sum(a0), Simd.sum(a1), Simd.sum(a2), Simd.sum(a3), Simd.sum(a4), Simd.sum(a5),
                Simd.sum(a6), Simd.sum(a7));
    }

    /**
     * {@code dx[at + k] += sk} for k = 0..7: as vectors where 8 floats are whole vectors (128 and 256 bits),
     * so no scalar segment access is left to inline (C2 leaves such calls out of line here as too rare,
     * and 16 calls per 8 dot products cost a third of the time).
     */
    private static void addEight(MemorySegment dx, long at, float s0, float s1, float s2, float s3, float s4, float s5,
                                 float s6, float s7) {
        if (L == 8) {
            FloatVector s = Simd.zero().withLane(0, s0).withLane(1, s1).withLane(2, s2).withLane(3, s3)
                    .withLane(4, s4).withLane(5, s5).withLane(6, s6).withLane(7, s7);
            Simd.store(Simd.load(dx, at).add(s), dx, at);
        } else if (L == 4) {
            FloatVector lo = Simd.zero().withLane(0, s0).withLane(1, s1).withLane(2, s2).withLane(3, s3);
            FloatVector hi = Simd.zero().withLane(0, s4).withLane(1, s5).withLane(2, s6).withLane(3, s7);
            Simd.store(Simd.load(dx, at).add(lo), dx, at);
            Simd.store(Simd.load(dx, at + 4).add(hi), dx, at + 4);
        } else {
            Simd.set(dx, at, Simd.get(dx, at) + s0);
            Simd.set(dx, at + 1, Simd.get(dx, at + 1) + s1);
            Simd.set(dx, at + 2, Simd.get(dx, at + 2) + s2);
            Simd.set(dx, at + 3, Simd.get(dx, at + 3) + s3);
            Simd.set(dx, at + 4, Simd.get(dx, at + 4) + s4);
            Simd.set(dx, at + 5, Simd.get(dx, at + 5) + s5);
            Simd.set(dx, at + 6, Simd.get(dx, at + 6) + s6);
            Simd.set(dx, at + 7, Simd.get(dx, at + 7) + s7);
        }
    }
}
