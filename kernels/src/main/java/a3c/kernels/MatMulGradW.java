package a3c.kernels;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@code dw += x^T . dy}: the weight gradient of {@link MatMul}. {@code x: N,IN} and {@code dy: N,OUT}
 * row-major; {@code dw: IN,OUT} in {@link WeightPanels}, like w.
 *
 * <p>Loop order: panel by panel, weight row by weight row, so dw streams through once, contiguously;
 * the panel's columns of dy ({@code N x 64} floats, 5 KB at N = 20) stay in L1. The micro-kernel holds
 * one weight row's 8 output vectors in 8 accumulators and runs over the batch: one broadcast of
 * {@code x[n,i]} and 8 loads of dy that fold into the FMAs. Where a panel is 4 vectors (every panel at
 * 512 bits) it holds two weight rows instead, so that 8 FMA chains still hide the FMA latency.
 *
 * <p>The weight rows walked are a list ({@link #accumulateListed}; the plain product lists every row): a layer
 * whose input is a ReLU's output skips the rows of inputs that are 0 in every batch row.
 */
final class MatMulGradW {
    private static final VectorSpecies<Float> S = Simd.SPECIES;
    private static final ByteOrder ORDER = Simd.ORDER;
    private static final ValueLayout.OfFloat F = Simd.FLOAT;
    private static final int L = Simd.LANES;
    /** Bytes per vector. */
    private static final long LB = 4L * L;

    private MatMulGradW() {
    }

    static void accumulate(int n, int in, int out, MemorySegment x, MemorySegment dy, MemorySegment dw) {
        accumulateListed(n, in, out, x, dy, dw, null, in);
    }

    /**
     * {@code dw += x^T . dy} for the weight rows listed in {@code rows[0..count)} (increasing; null: every row,
     * count = in); the others are not touched. With {@link MatMul#listNonZero}'s list, the rows left out are
     * those whose input is 0 in every batch row, to which the product adds only zeros (for finite dy).
     */
    static void accumulateListed(int n, int in, int out, MemorySegment x, MemorySegment dy, MemorySegment dw, int[] rows,
                                 int count) {
        for (int p = 0; p < out; p += WeightPanels.WIDTH) {
            int width = WeightPanels.width(out, p);
            long panel = (long) p * in;
            int c = 0;
            // vector body: 8 output vectors at a time
            for (; c + 8 * L <= width; c += 8 * L) {
                cols8(n, in, out, x, dy, p + c, dw, panel + c, width, rows, count);
            }
            // 4 output vectors (the whole panel at 512 bits)
            for (; c + 4 * L <= width; c += 4 * L) {
                cols4(n, in, out, x, dy, p + c, dw, panel + c, width, rows, count);
            }
            // one-vector tail
            for (; c + L <= width; c += L) {
                for (int k = 0; k < count; k++) {
                    int i = rows == null ? k : rows[k];
                    long at = panel + c + (long) i * width;
                    FloatVector a = FloatVector.fromMemorySegment(S, dw, 4L * at, ORDER);
                    for (int r = 0; r < n; r++) {
                        FloatVector g = FloatVector.fromMemorySegment(S, dy, 4L * ((long) r * out + p + c), ORDER);
                        a = FloatVector.broadcast(S, x.getAtIndex(F, (long) r * in + i)).fma(g, a);
                    }
                    a.intoMemorySegment(dw, 4L * at, ORDER);
                }
            }
            // scalar tail: four columns at a time
            if (c < width) {
                scalarTail(n, in, out, x, dy, p, dw, panel, width, c, rows, count);
            }
        }
    }

    /**
     * Columns c..width of the panel at output p, four at a time in registers, each weight one FMA chain
     * over the batch like a vector lane; a last group of fewer than four repeats its last column in the
     * spare accumulators (same value bit for bit, stored again harmlessly).
     */
    private static void scalarTail(int n, int in, int out, MemorySegment x, MemorySegment dy, int p, MemorySegment dw,
                                   long panel, int width, int c, int[] rows, int count) {
        for (int t = c; t < width; t += 4) {
            int t1 = Math.min(t + 1, width - 1), t2 = Math.min(t + 2, width - 1), t3 = Math.min(t + 3, width - 1);
            for (int k = 0; k < count; k++) {
                int i = rows == null ? k : rows[k];
                long at = panel + (long) i * width;
                float a0 = dw.getAtIndex(F, at + t), a1 = dw.getAtIndex(F, at + t1);
                float a2 = dw.getAtIndex(F, at + t2), a3 = dw.getAtIndex(F, at + t3);
                for (int r = 0; r < n; r++) {
                    float xi = x.getAtIndex(F, (long) r * in + i);
                    long d = (long) r * out + p;
                    a0 = Math.fma(xi, dy.getAtIndex(F, d + t), a0);
                    a1 = Math.fma(xi, dy.getAtIndex(F, d + t1), a1);
                    a2 = Math.fma(xi, dy.getAtIndex(F, d + t2), a2);
                    a3 = Math.fma(xi, dy.getAtIndex(F, d + t3), a3);
                }
                dw.setAtIndex(F, at + t3, a3);
                dw.setAtIndex(F, at + t2, a2);
                dw.setAtIndex(F, at + t1, a1);
                dw.setAtIndex(F, at + t, a0);
            }
        }
    }

    /** 8 output vectors from column {@code col} of dy, every listed weight row i of the panel. */
    private static void cols8(int n, int in, int out, MemorySegment x, MemorySegment dy, int col, MemorySegment dw,
                              long wAt, int stride, int[] rows, int count) {
        long rowB = 4L * out;
        for (int k = 0; k < count; k++) {
            int i = rows == null ? k : rows[k];
            long at = 4L * (wAt + (long) i * stride);
            FloatVector a0 = FloatVector.fromMemorySegment(S, dw, at, ORDER);
            FloatVector a1 = FloatVector.fromMemorySegment(S, dw, at + LB, ORDER);
            FloatVector a2 = FloatVector.fromMemorySegment(S, dw, at + 2 * LB, ORDER);
            FloatVector a3 = FloatVector.fromMemorySegment(S, dw, at + 3 * LB, ORDER);
            FloatVector a4 = FloatVector.fromMemorySegment(S, dw, at + 4 * LB, ORDER);
            FloatVector a5 = FloatVector.fromMemorySegment(S, dw, at + 5 * LB, ORDER);
            FloatVector a6 = FloatVector.fromMemorySegment(S, dw, at + 6 * LB, ORDER);
            FloatVector a7 = FloatVector.fromMemorySegment(S, dw, at + 7 * LB, ORDER);
            long xa = i, d = 4L * col;
            for (int r = 0; r < n; r++, xa += in, d += rowB) {
                FloatVector xi = FloatVector.broadcast(S, x.getAtIndex(F, xa));
                a0 = xi.fma(FloatVector.fromMemorySegment(S, dy, d, ORDER), a0);
                a1 = xi.fma(FloatVector.fromMemorySegment(S, dy, d + LB, ORDER), a1);
                a2 = xi.fma(FloatVector.fromMemorySegment(S, dy, d + 2 * LB, ORDER), a2);
                a3 = xi.fma(FloatVector.fromMemorySegment(S, dy, d + 3 * LB, ORDER), a3);
                a4 = xi.fma(FloatVector.fromMemorySegment(S, dy, d + 4 * LB, ORDER), a4);
                a5 = xi.fma(FloatVector.fromMemorySegment(S, dy, d + 5 * LB, ORDER), a5);
                a6 = xi.fma(FloatVector.fromMemorySegment(S, dy, d + 6 * LB, ORDER), a6);
                a7 = xi.fma(FloatVector.fromMemorySegment(S, dy, d + 7 * LB, ORDER), a7);
            }
            a0.intoMemorySegment(dw, at, ORDER);
            a1.intoMemorySegment(dw, at + LB, ORDER);
            a2.intoMemorySegment(dw, at + 2 * LB, ORDER);
            a3.intoMemorySegment(dw, at + 3 * LB, ORDER);
            a4.intoMemorySegment(dw, at + 4 * LB, ORDER);
            a5.intoMemorySegment(dw, at + 5 * LB, ORDER);
            a6.intoMemorySegment(dw, at + 6 * LB, ORDER);
            a7.intoMemorySegment(dw, at + 7 * LB, ORDER);
        }
    }

    /**
     * 4 output vectors from column {@code col} of dy, two listed weight rows at a time (8 accumulators, as many
     * as {@link #cols8} has: 4 alone would wait on the FMA latency), then an odd last row alone.
     */
    private static void cols4(int n, int in, int out, MemorySegment x, MemorySegment dy, int col, MemorySegment dw,
                              long wAt, int stride, int[] rows, int count) {
        long rowB = 4L * out;
        int k = 0;
        for (; k + 2 <= count; k += 2) {
            int i = rows == null ? k : rows[k], j = rows == null ? k + 1 : rows[k + 1];
            long at = 4L * (wAt + (long) i * stride), bt = 4L * (wAt + (long) j * stride);
            FloatVector a0 = FloatVector.fromMemorySegment(S, dw, at, ORDER);
            FloatVector a1 = FloatVector.fromMemorySegment(S, dw, at + LB, ORDER);
            FloatVector a2 = FloatVector.fromMemorySegment(S, dw, at + 2 * LB, ORDER);
            FloatVector a3 = FloatVector.fromMemorySegment(S, dw, at + 3 * LB, ORDER);
            FloatVector b0 = FloatVector.fromMemorySegment(S, dw, bt, ORDER);
            FloatVector b1 = FloatVector.fromMemorySegment(S, dw, bt + LB, ORDER);
            FloatVector b2 = FloatVector.fromMemorySegment(S, dw, bt + 2 * LB, ORDER);
            FloatVector b3 = FloatVector.fromMemorySegment(S, dw, bt + 3 * LB, ORDER);
            long xa = i, xb = j, d = 4L * col;
            for (int r = 0; r < n; r++, xa += in, xb += in, d += rowB) {
                FloatVector xi = FloatVector.broadcast(S, x.getAtIndex(F, xa));
                FloatVector xj = FloatVector.broadcast(S, x.getAtIndex(F, xb));
                FloatVector g0 = FloatVector.fromMemorySegment(S, dy, d, ORDER);
                a0 = xi.fma(g0, a0);
                b0 = xj.fma(g0, b0);
                FloatVector g1 = FloatVector.fromMemorySegment(S, dy, d + LB, ORDER);
                a1 = xi.fma(g1, a1);
                b1 = xj.fma(g1, b1);
                FloatVector g2 = FloatVector.fromMemorySegment(S, dy, d + 2 * LB, ORDER);
                a2 = xi.fma(g2, a2);
                b2 = xj.fma(g2, b2);
                FloatVector g3 = FloatVector.fromMemorySegment(S, dy, d + 3 * LB, ORDER);
                a3 = xi.fma(g3, a3);
                b3 = xj.fma(g3, b3);
            }
            a0.intoMemorySegment(dw, at, ORDER);
            a1.intoMemorySegment(dw, at + LB, ORDER);
            a2.intoMemorySegment(dw, at + 2 * LB, ORDER);
            a3.intoMemorySegment(dw, at + 3 * LB, ORDER);
            b0.intoMemorySegment(dw, bt, ORDER);
            b1.intoMemorySegment(dw, bt + LB, ORDER);
            b2.intoMemorySegment(dw, bt + 2 * LB, ORDER);
            b3.intoMemorySegment(dw, bt + 3 * LB, ORDER);
        }
        // an odd last weight row
        for (; k < count; k++) {
            int i = rows == null ? k : rows[k];
            long at = 4L * (wAt + (long) i * stride);
            FloatVector a0 = FloatVector.fromMemorySegment(S, dw, at, ORDER);
            FloatVector a1 = FloatVector.fromMemorySegment(S, dw, at + LB, ORDER);
            FloatVector a2 = FloatVector.fromMemorySegment(S, dw, at + 2 * LB, ORDER);
            FloatVector a3 = FloatVector.fromMemorySegment(S, dw, at + 3 * LB, ORDER);
            long xa = i, d = 4L * col;
            for (int r = 0; r < n; r++, xa += in, d += rowB) {
                FloatVector xi = FloatVector.broadcast(S, x.getAtIndex(F, xa));
                a0 = xi.fma(FloatVector.fromMemorySegment(S, dy, d, ORDER), a0);
                a1 = xi.fma(FloatVector.fromMemorySegment(S, dy, d + LB, ORDER), a1);
                a2 = xi.fma(FloatVector.fromMemorySegment(S, dy, d + 2 * LB, ORDER), a2);
                a3 = xi.fma(FloatVector.fromMemorySegment(S, dy, d + 3 * LB, ORDER), a3);
            }
            a0.intoMemorySegment(dw, at, ORDER);
            a1.intoMemorySegment(dw, at + LB, ORDER);
            a2.intoMemorySegment(dw, at + 2 * LB, ORDER);
            a3.intoMemorySegment(dw, at + 3 * LB, ORDER);
        }
    }
}
