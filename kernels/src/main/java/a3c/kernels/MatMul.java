package a3c.kernels;

import java.lang.foreign.MemorySegment;

import jdk.incubator.vector.FloatVector;

/**
 * {@code y = init + x . w}: the forward product of dense layers and of the LSTM's gate pre-activations.
 * {@code x: N,IN} row-major; {@code w: IN,OUT} in {@link WeightPanels}; {@code y: N,OUT} row-major;
 * {@code init} is a bias {@code OUT} broadcast over the rows, or y itself (accumulate).
 *
 * <p>Loop order: a block of {@link #BLOCK} weight rows of one panel (16 KB, contiguous) is loaded into L1
 * once and every batch row runs over it, so W streams from memory once per call. The micro-kernel takes
 * one batch row against 8 output vectors: 8 independent accumulators (Zen 3: 2 FMA pipes x 4 cycles), one
 * broadcast of x and 8 weight loads that fold into the FMAs, so it needs 10 vector registers of 16 and C2
 * keeps every accumulator in a register (a 4-row x 3-vector tile that reuses each weight load needs 19 and
 * spills).
 *
 * <p>Weight addresses advance by a running offset, not {@code i * stride}: the multiply cost C2 an
 * imul and three more scalar operations per 8 FMAs, which at 2 FMAs a cycle is front-end bound (measured,
 * 2592>256 batch 20: 49 against 56-61 GFLOP/s).
 *
 * <p>Every output is one FMA chain over i in increasing order starting from init, whichever code path
 * (8, 4 or 1 vector, or the scalar tail) computes it: the blocks only store and reload the partial sums.
 */
final class MatMul {
    /** Weight rows per pass over a panel: 64 rows x 64 floats = 16 KB, half of Zen 3's L1. */
    static final int BLOCK = 64;
    private static final int L = Simd.LANES;

    private MatMul() {
    }

    /** {@code y = bias + x . w}, or {@code y += x . w} when {@code bias} is null. */
    static void forward(int n, int in, int out, MemorySegment x, MemorySegment w, MemorySegment bias, MemorySegment y) {
        for (int i0 = 0; i0 < in; i0 += BLOCK) {
            int i1 = Math.min(in, i0 + BLOCK);
            boolean fromBias = i0 == 0 && bias != null;
            for (int p = 0; p < out; p += WeightPanels.WIDTH) {
                int width = WeightPanels.width(out, p);
                long panel = (long) p * in;
                for (int r = 0; r < n; r++) {
                    long yRow = (long) r * out + p;
                    panelRow(i0, i1, width, x, (long) r * in, w, panel, fromBias ? bias : y, fromBias ? p : yRow, y, yRow);
                }
            }
        }
    }

    /** One batch row against rows i0..i1 of one panel, {@code width} outputs wide. */
    private static void panelRow(int i0, int i1, int width, MemorySegment x, long xRow, MemorySegment w, long panel,
                                 MemorySegment init, long initAt, MemorySegment y, long yAt) {
        int c = 0;
        // vector body: 8 output vectors at a time
        for (; c + 8 * L <= width; c += 8 * L) {
            row8(i0, i1, width, x, xRow, w, panel + c, init, initAt + c, y, yAt + c);
        }
        // 4 output vectors (the whole panel at 512 bits)
        for (; c + 4 * L <= width; c += 4 * L) {
            row4(i0, i1, width, x, xRow, w, panel + c, init, initAt + c, y, yAt + c);
        }
        // one-vector tail
        for (; c + L <= width; c += L) {
            FloatVector a = Simd.load(init, initAt + c);
            for (int i = i0; i < i1; i++) {
                a = Simd.fma(Simd.broadcast(Simd.get(x, xRow + i)), Simd.load(w, panel + c + (long) i * width), a);
            }
            Simd.store(a, y, yAt + c);
        }
        // scalar tail: the same chain per output
        if (c < width) {
            scalarTail(i0, i1, c, width, x, xRow, w, panel, init, initAt, y, yAt);
        }
    }

    /**
     * Outputs c..width, four at a time in registers, each one FMA chain over i like a vector lane. A last
     * group of fewer than four repeats its last column in the spare accumulators: the repeats compute the
     * same value bit for bit, so storing them again is harmless.
     */
    private static void scalarTail(int i0, int i1, int c, int width, MemorySegment x, long xRow, MemorySegment w,
                                   long panel, MemorySegment init, long initAt, MemorySegment y, long yAt) {
        for (int t = c; t < width; t += 4) {
            int t1 = Math.min(t + 1, width - 1), t2 = Math.min(t + 2, width - 1), t3 = Math.min(t + 3, width - 1);
            float a0 = Simd.get(init, initAt + t), a1 = Simd.get(init, initAt + t1);
            float a2 = Simd.get(init, initAt + t2), a3 = Simd.get(init, initAt + t3);
            long xa = xRow + i0, at = panel + (long) i0 * width;
            for (int i = i0; i < i1; i++, xa++, at += width) {
                float xi = Simd.get(x, xa);
                a0 = Simd.fma(xi, Simd.get(w, at + t), a0);
                a1 = Simd.fma(xi, Simd.get(w, at + t1), a1);
                a2 = Simd.fma(xi, Simd.get(w, at + t2), a2);
                a3 = Simd.fma(xi, Simd.get(w, at + t3), a3);
            }
            Simd.set(y, yAt + t3, a3);
            Simd.set(y, yAt + t2, a2);
            Simd.set(y, yAt + t1, a1);
            Simd.set(y, yAt + t, a0);
        }
    }

    private static void row8(int i0, int i1, int stride, MemorySegment x, long xRow, MemorySegment w, long wAt,
                             MemorySegment init, long initAt, MemorySegment y, long yAt) {
        FloatVector a0 = Simd.load(init, initAt), a1 = Simd.load(init, initAt + L);
        FloatVector a2 = Simd.load(init, initAt + 2 * L), a3 = Simd.load(init, initAt + 3 * L);
        FloatVector a4 = Simd.load(init, initAt + 4 * L), a5 = Simd.load(init, initAt + 5 * L);
        FloatVector a6 = Simd.load(init, initAt + 6 * L), a7 = Simd.load(init, initAt + 7 * L);
        long at = wAt + (long) i0 * stride;
        for (int i = i0; i < i1; i++, at += stride) {
            FloatVector xi = Simd.broadcast(Simd.get(x, xRow + i));
            a0 = Simd.fma(xi, Simd.load(w, at), a0);
            a1 = Simd.fma(xi, Simd.load(w, at + L), a1);
            a2 = Simd.fma(xi, Simd.load(w, at + 2 * L), a2);
            a3 = Simd.fma(xi, Simd.load(w, at + 3 * L), a3);
            a4 = Simd.fma(xi, Simd.load(w, at + 4 * L), a4);
            a5 = Simd.fma(xi, Simd.load(w, at + 5 * L), a5);
            a6 = Simd.fma(xi, Simd.load(w, at + 6 * L), a6);
            a7 = Simd.fma(xi, Simd.load(w, at + 7 * L), a7);
        }
        Simd.store(a0, y, yAt);
        Simd.store(a1, y, yAt + L);
        Simd.store(a2, y, yAt + 2 * L);
        Simd.store(a3, y, yAt + 3 * L);
        Simd.store(a4, y, yAt + 4 * L);
        Simd.store(a5, y, yAt + 5 * L);
        Simd.store(a6, y, yAt + 6 * L);
        Simd.store(a7, y, yAt + 7 * L);
    }

    private static void row4(int i0, int i1, int stride, MemorySegment x, long xRow, MemorySegment w, long wAt,
                             MemorySegment init, long initAt, MemorySegment y, long yAt) {
        FloatVector a0 = Simd.load(init, initAt), a1 = Simd.load(init, initAt + L);
        FloatVector a2 = Simd.load(init, initAt + 2 * L), a3 = Simd.load(init, initAt + 3 * L);
        long at = wAt + (long) i0 * stride;
        for (int i = i0; i < i1; i++, at += stride) {
            FloatVector xi = Simd.broadcast(Simd.get(x, xRow + i));
            a0 = Simd.fma(xi, Simd.load(w, at), a0);
            a1 = Simd.fma(xi, Simd.load(w, at + L), a1);
            a2 = Simd.fma(xi, Simd.load(w, at + 2 * L), a2);
            a3 = Simd.fma(xi, Simd.load(w, at + 3 * L), a3);
        }
        Simd.store(a0, y, yAt);
        Simd.store(a1, y, yAt + L);
        Simd.store(a2, y, yAt + 2 * L);
        Simd.store(a3, y, yAt + 3 * L);
    }
}
