package a3c.kernels;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@code dx += dy . w^T}: the input gradient of {@link MatMul}. {@code dy: N,OUT} and {@code dx: N,IN}
 * row-major; {@code w: IN,OUT} in {@link WeightPanels}.
 *
 * <p>Each {@code dx[n,i]} is a dot product of dy's row n with weight row i, which the panels keep in
 * 64-float runs. The micro-kernel takes two batch rows against 4 weight rows: 8 accumulators, and per
 * output vector 2 loads of dy and 4 weight loads for 8 FMAs, so it is FMA-bound (one batch row against 8
 * weight rows, 9 loads for 8 FMAs, was load-bound: 2592>256 at batch 5, 21-23 against 31-37 GFLOP/s), then
 * one reduction per weight row and batch row; an odd last batch row takes 8 weight rows alone. The
 * 8 weight rows of a chunk of 4 panels (8 x 256 floats, 8 KB) stay in L1 while every batch row uses them,
 * so w streams through once. Whole panels run a chunk at a time; the last, narrower panel as a pass with
 * its own accumulators; the columns left past its last full vector as a scalar tail.
 *
 * <p>{@link #accumulateListed} computes only dx's listed columns (a layer whose input is a ReLU's output: the
 * inputs that are not 0 in some batch row), four listed weight rows at a time against two batch rows, in the
 * same tile with four row addresses; an odd last batch row takes them one at a time.
 */
final class MatMulGradX {
    private static final VectorSpecies<Float> S = Simd.SPECIES;
    private static final ByteOrder ORDER = Simd.ORDER;
    private static final ValueLayout.OfFloat F = Simd.FLOAT;
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
     * {@code dx[r, i] += dy[r] . w[i]} for the listed inputs i only ({@code rows[0..count)}, increasing); dx's
     * other columns are not touched. For a layer whose input is a ReLU's output and {@link MatMul#listNonZero}'s
     * list: the columns left out are those 0 in every batch row, whose gradient the ReLU's backward discards.
     */
    static void accumulateListed(int n, int in, int out, MemorySegment w, MemorySegment dy, MemorySegment dx, int[] rows,
                                 int count) {
        int full = out - out % W;
        int last = Simd.loopBound(out - full);
        for (int o0 = 0; o0 < full; o0 += CHUNK) {
            listedRange(n, in, out, w, dy, dx, o0, Math.min(CHUNK, full - o0), W, rows, count);
        }
        listedRange(n, in, out, w, dy, dx, full, last, out - full, rows, count);
        // scalar tail: the columns past the last full vector, one listed row at a time
        int width = out - full;
        for (int from = full + last, k = 0; from < out && k < count; k++) {
            int i = rows[k];
            long wi = (long) full * in + (long) i * width - full;
            for (int r = 0; r < n; r++) {
                float a = 0f;
                for (int o = from; o < out; o++) {
                    a = Math.fma(dy.getAtIndex(F, (long) r * out + o), w.getAtIndex(F, wi + o), a);
                }
                long at = (long) r * in + i;
                dx.setAtIndex(F, at, dx.getAtIndex(F, at) + a);
            }
        }
    }

    /** {@link #accumulateRange} over the listed weight rows: four at a time against two batch rows, the rest alone. */
    private static void listedRange(int n, int in, int out, MemorySegment w, MemorySegment dy, MemorySegment dx, int o0,
                                    int count, int stride, int[] rows, int listed) {
        if (count == 0) {
            return;
        }
        long base = (long) o0 * in;
        int pairs = n & ~1, tiled = listed & ~3;
        for (int k = 0; k < tiled; k += 4) {
            int i0 = rows[k], i1 = rows[k + 1], i2 = rows[k + 2], i3 = rows[k + 3];
            for (int r = 0; r < pairs; r += 2) {
                rows4x2(in, w, base + (long) i0 * stride, base + (long) i1 * stride, base + (long) i2 * stride,
                        base + (long) i3 * stride, stride, dy, (long) r * out + o0, out, count, dx, (long) r * in, i0, i1,
                        i2, i3, in);
            }
        }
        // what the tiles left: an odd last batch row of the tiled rows, every batch row of the last listed rows
        for (int k = 0; k < listed; k++) {
            for (int r = k < tiled ? pairs : 0; r < n; r++) {
                oneRow(in, out, w, dy, dx, o0, count, stride, rows[k], r);
            }
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
                    float d = dy.getAtIndex(F, (long) r * out + o);
                    a0 = Math.fma(d, w.getAtIndex(F, w0 + o), a0);
                    a1 = Math.fma(d, w.getAtIndex(F, w1 + o), a1);
                    a2 = Math.fma(d, w.getAtIndex(F, w2 + o), a2);
                    a3 = Math.fma(d, w.getAtIndex(F, w3 + o), a3);
                }
                long at = (long) r * in + i;
                dx.setAtIndex(F, at, dx.getAtIndex(F, at) + a0);
                if (i + 1 < in) {
                    dx.setAtIndex(F, at + 1, dx.getAtIndex(F, at + 1) + a1);
                }
                if (i + 2 < in) {
                    dx.setAtIndex(F, at + 2, dx.getAtIndex(F, at + 2) + a2);
                }
                if (i + 3 < in) {
                    dx.setAtIndex(F, at + 3, dx.getAtIndex(F, at + 3) + a3);
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
        // vector body: 8 weight rows at a time, against two batch rows at once where there are two
        for (; i + 8 <= in; i += 8) {
            long wAt = (long) o0 * in + (long) i * stride;
            int r = 0;
            for (; r + 2 <= n; r += 2) {
                rows4x2(in, w, wAt, wAt + stride, wAt + 2L * stride, wAt + 3L * stride, stride, dy, (long) r * out + o0, out,
                        count, dx, (long) r * in, i, i + 1, i + 2, i + 3, in);
                long wAt4 = wAt + 4L * stride;
                rows4x2(in, w, wAt4, wAt4 + stride, wAt4 + 2L * stride, wAt4 + 3L * stride, stride, dy, (long) r * out + o0,
                        out, count, dx, (long) r * in, i + 4, i + 5, i + 6, i + 7, in);
            }
            for (; r < n; r++) {
                rows8(in, w, wAt, stride, dy, (long) r * out + o0, count, dx, (long) r * in + i);
            }
        }
        // one weight row at a time
        for (; i < in; i++) {
            for (int r = 0; r < n; r++) {
                oneRow(in, out, w, dy, dx, o0, count, stride, i, r);
            }
        }
    }

    /** dx[r, i] += dy[r, o0..o0+count] . w[i, o0..o0+count]: one vector of partial sums, then the fixed tree. */
    private static void oneRow(int in, int out, MemorySegment w, MemorySegment dy, MemorySegment dx, int o0, int count,
                               int stride, int i, int r) {
        long at = (long) o0 * in + (long) i * stride;
        FloatVector a = FloatVector.zero(S);
        for (int o = 0; o < count; o += L) {
            FloatVector wv = FloatVector.fromMemorySegment(S, w, 4L * (at + (long) (o & -W) * in + (o & (W - 1))), ORDER);
            a = FloatVector.fromMemorySegment(S, dy, 4L * ((long) r * out + o0 + o), ORDER).fma(wv, a);
        }
        for (VectorShuffle<Float> h : Simd.HALVINGS) { // the sum by a fixed tree (Simd.HALVINGS)
            a = a.add(a.rearrange(h));
        }
        long d = (long) r * in + i;
        dx.setAtIndex(F, d, dx.getAtIndex(F, d) + a.lane(0));
    }

    /**
     * dx[r, i0..i3] and dx[r+1, i0..i3] += dy[r and r+1, o0..o0+count] . w[i0..i3, o0..o0+count]: each
     * weight load serves two batch rows, so the loop is 6 loads per 8 FMAs (FMA-bound) instead of 9;
     * 8 accumulators, 2 dy and 4 weight registers of 16. {@code w0..w3}: w[ik, o0] (four consecutive rows, or
     * any four listed ones); {@code dxRow}: dx[r, 0]; {@code dyStride}, {@code dxStride}: floats from batch row r
     * to r+1. Each dx is the same lane-wise FMA chain over the outputs and the same reduction as in {@link #rows8}.
     */
    private static void rows4x2(int in, MemorySegment w, long w0, long w1, long w2, long w3, int stride, MemorySegment dy,
                                long dyAt, int dyStride, int count, MemorySegment dx, long dxRow, int i0, int i1, int i2, int i3,
                                int dxStride) {
        FloatVector a00 = FloatVector.zero(S), a10 = a00, a20 = a00, a30 = a00;
        FloatVector a01 = a00, a11 = a00, a21 = a00, a31 = a00;
        long nextB = 4L * dyStride, b0 = 4L * w0, b1 = 4L * w1, b2 = 4L * w2, b3 = 4L * w3;
        for (int o = 0; o < count; o += L) {
            long at = 4L * ((long) (o & -W) * in + (o & (W - 1)));
            long d = 4L * (dyAt + o);
            FloatVector y0 = FloatVector.fromMemorySegment(S, dy, d, ORDER);
            FloatVector y1 = FloatVector.fromMemorySegment(S, dy, d + nextB, ORDER);
            FloatVector v0 = FloatVector.fromMemorySegment(S, w, b0 + at, ORDER);
            a00 = y0.fma(v0, a00);
            a01 = y1.fma(v0, a01);
            FloatVector v1 = FloatVector.fromMemorySegment(S, w, b1 + at, ORDER);
            a10 = y0.fma(v1, a10);
            a11 = y1.fma(v1, a11);
            FloatVector v2 = FloatVector.fromMemorySegment(S, w, b2 + at, ORDER);
            a20 = y0.fma(v2, a20);
            a21 = y1.fma(v2, a21);
            FloatVector v3 = FloatVector.fromMemorySegment(S, w, b3 + at, ORDER);
            a30 = y0.fma(v3, a30);
            a31 = y1.fma(v3, a31);
        }
        // reduction by a fixed tree (Simd.HALVINGS), to scalars here, into dx in a separate method that takes floats, never vectors
        for (VectorShuffle<Float> h : Simd.HALVINGS) {
            a00 = a00.add(a00.rearrange(h));
            a10 = a10.add(a10.rearrange(h));
            a20 = a20.add(a20.rearrange(h));
            a30 = a30.add(a30.rearrange(h));
            a01 = a01.add(a01.rearrange(h));
            a11 = a11.add(a11.rearrange(h));
            a21 = a21.add(a21.rearrange(h));
            a31 = a31.add(a31.rearrange(h));
        }
        addFour(dx, dxRow, i0, i1, i2, i3, a00.lane(0), a10.lane(0), a20.lane(0), a30.lane(0));
        addFour(dx, dxRow + dxStride, i0, i1, i2, i3, a01.lane(0), a11.lane(0), a21.lane(0), a31.lane(0));
    }

    /** {@code dx[row + ik] += sk} for k = 0..3. */
    private static void addFour(MemorySegment dx, long row, int i0, int i1, int i2, int i3, float s0, float s1, float s2,
                                float s3) {
        dx.setAtIndex(F, row + i0, dx.getAtIndex(F, row + i0) + s0);
        dx.setAtIndex(F, row + i1, dx.getAtIndex(F, row + i1) + s1);
        dx.setAtIndex(F, row + i2, dx.getAtIndex(F, row + i2) + s2);
        dx.setAtIndex(F, row + i3, dx.getAtIndex(F, row + i3) + s3);
    }

    /** dx[n, i..i+8] += dy[n, o0..o0+count] . w[i..i+8, o0..o0+count]; {@code wAt}: w[i, o0]. */
    private static void rows8(int in, MemorySegment w, long wAt, int stride, MemorySegment dy, long dyAt, int count,
                              MemorySegment dx, long dxAt) {
        FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
        long rowB = 4L * stride;
        for (int o = 0; o < count; o += L) {
            long at = 4L * (wAt + (long) (o & -W) * in + (o & (W - 1)));
            FloatVector d = FloatVector.fromMemorySegment(S, dy, 4L * (dyAt + o), ORDER);
            a0 = d.fma(FloatVector.fromMemorySegment(S, w, at, ORDER), a0);
            a1 = d.fma(FloatVector.fromMemorySegment(S, w, at + rowB, ORDER), a1);
            a2 = d.fma(FloatVector.fromMemorySegment(S, w, at + 2 * rowB, ORDER), a2);
            a3 = d.fma(FloatVector.fromMemorySegment(S, w, at + 3 * rowB, ORDER), a3);
            a4 = d.fma(FloatVector.fromMemorySegment(S, w, at + 4 * rowB, ORDER), a4);
            a5 = d.fma(FloatVector.fromMemorySegment(S, w, at + 5 * rowB, ORDER), a5);
            a6 = d.fma(FloatVector.fromMemorySegment(S, w, at + 6 * rowB, ORDER), a6);
            a7 = d.fma(FloatVector.fromMemorySegment(S, w, at + 7 * rowB, ORDER), a7);
        }
        // reduction by a fixed tree (Simd.HALVINGS), to scalars here, into dx in a separate method that takes floats, never vectors
        for (VectorShuffle<Float> h : Simd.HALVINGS) {
            a0 = a0.add(a0.rearrange(h));
            a1 = a1.add(a1.rearrange(h));
            a2 = a2.add(a2.rearrange(h));
            a3 = a3.add(a3.rearrange(h));
            a4 = a4.add(a4.rearrange(h));
            a5 = a5.add(a5.rearrange(h));
            a6 = a6.add(a6.rearrange(h));
            a7 = a7.add(a7.rearrange(h));
        }
        addEight(dx, dxAt, a0.lane(0), a1.lane(0), a2.lane(0), a3.lane(0), a4.lane(0), a5.lane(0), a6.lane(0), a7.lane(0));
    }

    /**
     * {@code dx[at + k] += sk} for k = 0..7: as vectors where 8 floats are whole vectors (128 and 256 bits),
     * one load and one store instead of 8 scalar read-modify-writes.
     */
    private static void addEight(MemorySegment dx, long at, float s0, float s1, float s2, float s3, float s4, float s5,
                                 float s6, float s7) {
        if (L == 8) {
            FloatVector s = FloatVector.zero(S).withLane(0, s0).withLane(1, s1).withLane(2, s2).withLane(3, s3)
                    .withLane(4, s4).withLane(5, s5).withLane(6, s6).withLane(7, s7);
            long o = 4L * at;
            FloatVector.fromMemorySegment(S, dx, o, ORDER).add(s).intoMemorySegment(dx, o, ORDER);
        } else if (L == 4) {
            FloatVector lo = FloatVector.zero(S).withLane(0, s0).withLane(1, s1).withLane(2, s2).withLane(3, s3);
            FloatVector hi = FloatVector.zero(S).withLane(0, s4).withLane(1, s5).withLane(2, s6).withLane(3, s7);
            long o = 4L * at;
            FloatVector.fromMemorySegment(S, dx, o, ORDER).add(lo).intoMemorySegment(dx, o, ORDER);
            FloatVector.fromMemorySegment(S, dx, o + 16, ORDER).add(hi).intoMemorySegment(dx, o + 16, ORDER);
        } else {
            dx.setAtIndex(F, at, dx.getAtIndex(F, at) + s0);
            dx.setAtIndex(F, at + 1, dx.getAtIndex(F, at + 1) + s1);
            dx.setAtIndex(F, at + 2, dx.getAtIndex(F, at + 2) + s2);
            dx.setAtIndex(F, at + 3, dx.getAtIndex(F, at + 3) + s3);
            dx.setAtIndex(F, at + 4, dx.getAtIndex(F, at + 4) + s4);
            dx.setAtIndex(F, at + 5, dx.getAtIndex(F, at + 5) + s5);
            dx.setAtIndex(F, at + 6, dx.getAtIndex(F, at + 6) + s6);
            dx.setAtIndex(F, at + 7, dx.getAtIndex(F, at + 7) + s7);
        }
    }
}
