package a3c.kernels;

import java.lang.foreign.MemorySegment;

import jdk.incubator.vector.FloatVector;

/**
 * {@code dw += x^T . dy}: the weight gradient of {@link MatMul}. {@code x: N,IN} and {@code dy: N,OUT}
 * row-major; {@code dw: IN,OUT} in {@link WeightPanels}, like w.
 *
 * <p>Loop order: panel by panel, weight row by weight row, so dw streams through once, contiguously;
 * the panel's columns of dy ({@code N x 64} floats, 5 KB at N = 20) stay in L1. The micro-kernel holds
 * one weight row's 8 output vectors in 8 accumulators and runs over the batch: one broadcast of
 * {@code x[n,i]} and 8 loads of dy that fold into the FMAs.
 */
final class MatMulGradW {
    private static final int L = Simd.LANES;

    private MatMulGradW() {
    }

    static void accumulate(int n, int in, int out, MemorySegment x, MemorySegment dy, MemorySegment dw) {
        for (int p = 0; p < out; p += WeightPanels.WIDTH) {
            int width = WeightPanels.width(out, p);
            long panel = (long) p * in;
            int c = 0;
            // vector body: 8 output vectors at a time
            for (; c + 8 * L <= width; c += 8 * L) {
                cols8(n, in, out, x, dy, p + c, dw, panel + c, width);
            }
            // 4 output vectors (the whole panel at 512 bits)
            for (; c + 4 * L <= width; c += 4 * L) {
                cols4(n, in, out, x, dy, p + c, dw, panel + c, width);
            }
            // one-vector tail
            for (; c + L <= width; c += L) {
                for (int i = 0; i < in; i++) {
                    long at = panel + c + (long) i * width;
                    FloatVector a = Simd.load(dw, at);
                    for (int r = 0; r < n; r++) {
                        a = Simd.fma(Simd.broadcast(Simd.get(x, (long) r * in + i)), Simd.load(dy, (long) r * out + p + c), a);
                    }
                    Simd.store(a, dw, at);
                }
            }
            // scalar tail: four columns at a time
            if (c < width) {
                scalarTail(n, in, out, x, dy, p, dw, panel, width, c);
            }
        }
    }

    /**
     * Columns c..width of the panel at output p, four at a time in registers, each weight one FMA chain
     * over the batch like a vector lane; a last group of fewer than four repeats its last column in the
     * spare accumulators (same value bit for bit, stored again harmlessly).
     */
    private static void scalarTail(int n, int in, int out, MemorySegment x, MemorySegment dy, int p, MemorySegment dw,
                                   long panel, int width, int c) {
        for (int t = c; t < width; t += 4) {
            int t1 = Math.min(t + 1, width - 1), t2 = Math.min(t + 2, width - 1), t3 = Math.min(t + 3, width - 1);
            for (int i = 0; i < in; i++) {
                long at = panel + (long) i * width;
                float a0 = Simd.get(dw, at + t), a1 = Simd.get(dw, at + t1);
                float a2 = Simd.get(dw, at + t2), a3 = Simd.get(dw, at + t3);
                for (int r = 0; r < n; r++) {
                    float xi = Simd.get(x, (long) r * in + i);
                    long d = (long) r * out + p;
                    a0 = Simd.fma(xi, Simd.get(dy, d + t), a0);
                    a1 = Simd.fma(xi, Simd.get(dy, d + t1), a1);
                    a2 = Simd.fma(xi, Simd.get(dy, d + t2), a2);
                    a3 = Simd.fma(xi, Simd.get(dy, d + t3), a3);
                }
                Simd.set(dw, at + t3, a3);
                Simd.set(dw, at + t2, a2);
                Simd.set(dw, at + t1, a1);
                Simd.set(dw, at + t, a0);
            }
        }
    }

    /** 8 output vectors from column {@code col} of dy, every weight row i of the panel. */
    private static void cols8(int n, int in, int out, MemorySegment x, MemorySegment dy, int col, MemorySegment dw,
                              long wAt, int stride) {
        for (int i = 0; i < in; i++) {
            long at = wAt + (long) i * stride;
            FloatVector a0 = Simd.load(dw, at), a1 = Simd.load(dw, at + L);
            FloatVector a2 = Simd.load(dw, at + 2 * L), a3 = Simd.load(dw, at + 3 * L);
            FloatVector a4 = Simd.load(dw, at + 4 * L), a5 = Simd.load(dw, at + 5 * L);
            FloatVector a6 = Simd.load(dw, at + 6 * L), a7 = Simd.load(dw, at + 7 * L);
            long xa = i, d = col;
            for (int r = 0; r < n; r++, xa += in, d += out) {
                FloatVector xi = Simd.broadcast(Simd.get(x, xa));
                a0 = Simd.fma(xi, Simd.load(dy, d), a0);
                a1 = Simd.fma(xi, Simd.load(dy, d + L), a1);
                a2 = Simd.fma(xi, Simd.load(dy, d + 2 * L), a2);
                a3 = Simd.fma(xi, Simd.load(dy, d + 3 * L), a3);
                a4 = Simd.fma(xi, Simd.load(dy, d + 4 * L), a4);
                a5 = Simd.fma(xi, Simd.load(dy, d + 5 * L), a5);
                a6 = Simd.fma(xi, Simd.load(dy, d + 6 * L), a6);
                a7 = Simd.fma(xi, Simd.load(dy, d + 7 * L), a7);
            }
            Simd.store(a0, dw, at);
            Simd.store(a1, dw, at + L);
            Simd.store(a2, dw, at + 2 * L);
            Simd.store(a3, dw, at + 3 * L);
            Simd.store(a4, dw, at + 4 * L);
            Simd.store(a5, dw, at + 5 * L);
            Simd.store(a6, dw, at + 6 * L);
            Simd.store(a7, dw, at + 7 * L);
        }
    }

    private static void cols4(int n, int in, int out, MemorySegment x, MemorySegment dy, int col, MemorySegment dw,
                              long wAt, int stride) {
        for (int i = 0; i < in; i++) {
            long at = wAt + (long) i * stride;
            FloatVector a0 = Simd.load(dw, at), a1 = Simd.load(dw, at + L);
            FloatVector a2 = Simd.load(dw, at + 2 * L), a3 = Simd.load(dw, at + 3 * L);
            long xa = i, d = col;
            for (int r = 0; r < n; r++, xa += in, d += out) {
                FloatVector xi = Simd.broadcast(Simd.get(x, xa));
                a0 = Simd.fma(xi, Simd.load(dy, d), a0);
                a1 = Simd.fma(xi, Simd.load(dy, d + L), a1);
                a2 = Simd.fma(xi, Simd.load(dy, d + 2 * L), a2);
                a3 = Simd.fma(xi, Simd.load(dy, d + 3 * L), a3);
            }
            Simd.store(a0, dw, at);
            Simd.store(a1, dw, at + L);
            Simd.store(a2, dw, at + 2 * L);
            Simd.store(a3, dw, at + 3 * L);
        }
    }
}
