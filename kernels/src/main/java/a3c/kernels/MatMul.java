package a3c.kernels;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

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
 * spills). At 512 bits a panel is 4 vectors: two batch rows then share each weight load, again 8
 * accumulators (4 would wait on the FMA latency).
 *
 * <p>Weight addresses advance by a running offset, not {@code i * stride}: the multiply cost C2 an
 * imul and three more scalar operations per 8 FMAs, which at 2 FMAs a cycle is front-end bound (measured,
 * 2592>256 batch 20: 49 against 56-61 GFLOP/s).
 *
 * <p>Every output is one FMA chain over i in increasing order starting from init, whichever code path
 * (8, 4 or 1 vector, or the scalar tail) computes it: the blocks only store and reload the partial sums.
 */
final class MatMul {
    private static final VectorSpecies<Float> S = Simd.SPECIES;
    private static final ByteOrder ORDER = Simd.ORDER;
    private static final ValueLayout.OfFloat F = Simd.FLOAT;
    /** Weight rows per pass over a panel: 64 rows x 64 floats = 16 KB, half of Zen 3's L1. */
    static final int BLOCK = 64;
    private static final int L = Simd.LANES;
    /** Bytes per vector. */
    private static final long LB = 4L * L;

    private MatMul() {
    }

    /**
     * {@code y = bias + x . w}, or {@code y += x . w} when {@code bias} is null. A single row (acting, and every
     * LSTM step) reuses nothing it would keep in L1, so it takes each panel whole: one contiguous stream per
     * panel, the accumulators in registers from the first weight row to the last.
     */
    static void forward(int n, int in, int out, MemorySegment x, MemorySegment w, MemorySegment bias, MemorySegment y) {
        int block = n == 1 ? in : BLOCK;
        for (int i0 = 0; i0 < in; i0 += block) {
            int i1 = Math.min(in, i0 + block);
            boolean fromBias = i0 == 0 && bias != null;
            for (int p = 0; p < out; p += WeightPanels.WIDTH) {
                int width = WeightPanels.width(out, p);
                long panel = (long) p * in;
                int r = 0;
                if (width == 4 * L) {
                    // a panel of 4 vectors (every whole panel at 512 bits): two batch rows share each weight
                    // load, so there are 8 accumulators, as many as row8 has
                    for (; r + 2 <= n; r += 2) {
                        long yRow = (long) r * out + p;
                        row4x2(i0, i1, width, x, (long) r * in, in, w, panel, fromBias ? bias : y, fromBias ? p : yRow,
                                fromBias ? 0 : out, y, yRow, out);
                    }
                }
                for (; r < n; r++) {
                    long yRow = (long) r * out + p;
                    panelRow(i0, i1, width, x, (long) r * in, w, panel, fromBias ? bias : y, fromBias ? p : yRow, y, yRow);
                }
            }
        }
    }

    /**
     * The indices of the inputs that are not 0 in at least one of x's {@code n} rows ({@code x: N,IN}), in
     * increasing order, into {@code nz} (at least {@code in} ints); returns how many. Branch-free: the zero
     * pattern of a ReLU's output is too random to predict.
     */
    static int listNonZero(int n, int in, MemorySegment x, int[] nz) {
        int count = 0, i = 0;
        long end = 4L * n * in, rowB = 4L * in;
        // vector body: a lane is set when any row's input there is not 0 (NaN included, -0 not), then the lanes'
        // indices are written in order, each counted only when its bit is set
        for (int bound = Simd.loopBound(in); i < bound; i += L) {
            VectorMask<Float> any = S.maskAll(false);
            for (long at = 4L * i; at < end; at += rowB) {
                any = any.or(FloatVector.fromMemorySegment(S, x, at, ORDER).compare(VectorOperators.NE, 0f));
            }
            long bits = any.toLong();
            for (int lane = 0; lane < L; lane++) {
                nz[count] = i + lane;
                count += (int) (bits >>> lane) & 1;
            }
        }
        // scalar tail
        for (; i < in; i++) {
            int nonZero = 0;
            for (long at = 4L * i; at < end; at += rowB) {
                nonZero |= x.get(F, at) != 0f ? 1 : 0;
            }
            nz[count] = i;
            count += nonZero;
        }
        return count;
    }

    /**
     * {@code y = bias + x . w} over the listed inputs only ({@code nz[0..count)}, increasing): the weight rows
     * of the others are never read, so W streams from memory in proportion to the list. With
     * {@link #listNonZero}'s list that is the whole product less terms {@code 0 * w}, which add nothing (for
     * finite w: a NaN or infinite weight whose input is 0 in every row no longer makes its outputs NaN; the loss
     * check finds such a weight as soon as its input is not 0). Each output is one FMA chain over the listed i
     * in increasing order from the bias. One row takes each panel whole (it keeps nothing in L1 for a second
     * row); several go over blocks of {@link #BLOCK} listed rows, as {@link #forward} does, two batch rows
     * sharing each weight load where a panel is 4 vectors (512 bits).
     */
    static void forwardListed(int n, int in, int out, MemorySegment x, MemorySegment w, MemorySegment bias, MemorySegment y,
                              int[] nz, int count) {
        int block = n == 1 ? Math.max(1, count) : BLOCK;
        int k0 = 0;
        do { // at least once: with nothing listed, y is the bias
            int k1 = Math.min(count, k0 + block);
            boolean fromBias = k0 == 0;
            for (int p = 0; p < out; p += WeightPanels.WIDTH) {
                int width = WeightPanels.width(out, p);
                long panel = (long) p * in;
                int r = 0;
                if (width == 4 * L) {
                    for (; r + 2 <= n; r += 2) {
                        long yRow = (long) r * out + p;
                        listedRow4x2(nz, k0, k1, width, x, (long) r * in, in, w, panel, fromBias ? bias : y,
                                fromBias ? p : yRow, fromBias ? 0 : out, y, yRow, out);
                    }
                }
                for (; r < n; r++) {
                    long yRow = (long) r * out + p;
                    listedPanelRow(nz, k0, k1, width, x, (long) r * in, w, panel, fromBias ? bias : y, fromBias ? p : yRow,
                            y, yRow);
                }
            }
            k0 = k1;
        } while (k0 < count);
    }

    /** One batch row ({@code xRow}) against the listed rows nz[k0..k1) of one panel, {@code width} outputs wide. */
    private static void listedPanelRow(int[] nz, int k0, int k1, int width, MemorySegment x, long xRow, MemorySegment w,
                                       long panel, MemorySegment init, long initAt, MemorySegment y, long yAt) {
        int c = 0;
        // vector body: 8 output vectors at a time
        for (; c + 8 * L <= width; c += 8 * L) {
            listedRow8(nz, k0, k1, width, x, xRow, w, panel + c, init, initAt + c, y, yAt + c);
        }
        // 4 output vectors (the whole panel at 512 bits)
        for (; c + 4 * L <= width; c += 4 * L) {
            listedRow4(nz, k0, k1, width, x, xRow, w, panel + c, init, initAt + c, y, yAt + c);
        }
        // one-vector tail
        for (; c + L <= width; c += L) {
            FloatVector a = FloatVector.fromMemorySegment(S, init, 4L * (initAt + c), ORDER);
            for (int k = k0; k < k1; k++) {
                int i = nz[k];
                FloatVector wv = FloatVector.fromMemorySegment(S, w, 4L * (panel + c + (long) i * width), ORDER);
                a = FloatVector.broadcast(S, x.getAtIndex(F, xRow + i)).fma(wv, a);
            }
            a.intoMemorySegment(y, 4L * (yAt + c), ORDER);
        }
        // scalar tail: the same chain per output over the listed rows
        for (; c < width; c++) {
            float a = init.getAtIndex(F, initAt + c);
            for (int k = k0; k < k1; k++) {
                int i = nz[k];
                a = Math.fma(x.getAtIndex(F, xRow + i), w.getAtIndex(F, panel + c + (long) i * width), a);
            }
            y.setAtIndex(F, yAt + c, a);
        }
    }

    /** {@link #row4x2} over the listed weight rows nz[k0..k1): each weight load feeds both batch rows' FMAs. */
    private static void listedRow4x2(int[] nz, int k0, int k1, int stride, MemorySegment x, long xRow, long xNext,
                                     MemorySegment w, long wAt, MemorySegment init, long initAt, long initNext,
                                     MemorySegment y, long yAt, long yNext) {
        long o = 4L * initAt, q = 4L * (initAt + initNext);
        FloatVector a0 = FloatVector.fromMemorySegment(S, init, o, ORDER);
        FloatVector a1 = FloatVector.fromMemorySegment(S, init, o + LB, ORDER);
        FloatVector a2 = FloatVector.fromMemorySegment(S, init, o + 2 * LB, ORDER);
        FloatVector a3 = FloatVector.fromMemorySegment(S, init, o + 3 * LB, ORDER);
        FloatVector b0 = FloatVector.fromMemorySegment(S, init, q, ORDER);
        FloatVector b1 = FloatVector.fromMemorySegment(S, init, q + LB, ORDER);
        FloatVector b2 = FloatVector.fromMemorySegment(S, init, q + 2 * LB, ORDER);
        FloatVector b3 = FloatVector.fromMemorySegment(S, init, q + 3 * LB, ORDER);
        long rowB = 4L * stride, base = 4L * wAt, xb = xRow + xNext;
        for (int k = k0; k < k1; k++) {
            int i = nz[k];
            long at = base + i * rowB;
            FloatVector xa = FloatVector.broadcast(S, x.getAtIndex(F, xRow + i));
            FloatVector xc = FloatVector.broadcast(S, x.getAtIndex(F, xb + i));
            FloatVector w0 = FloatVector.fromMemorySegment(S, w, at, ORDER);
            a0 = xa.fma(w0, a0);
            b0 = xc.fma(w0, b0);
            FloatVector w1 = FloatVector.fromMemorySegment(S, w, at + LB, ORDER);
            a1 = xa.fma(w1, a1);
            b1 = xc.fma(w1, b1);
            FloatVector w2 = FloatVector.fromMemorySegment(S, w, at + 2 * LB, ORDER);
            a2 = xa.fma(w2, a2);
            b2 = xc.fma(w2, b2);
            FloatVector w3 = FloatVector.fromMemorySegment(S, w, at + 3 * LB, ORDER);
            a3 = xa.fma(w3, a3);
            b3 = xc.fma(w3, b3);
        }
        o = 4L * yAt;
        q = 4L * (yAt + yNext);
        a0.intoMemorySegment(y, o, ORDER);
        a1.intoMemorySegment(y, o + LB, ORDER);
        a2.intoMemorySegment(y, o + 2 * LB, ORDER);
        a3.intoMemorySegment(y, o + 3 * LB, ORDER);
        b0.intoMemorySegment(y, q, ORDER);
        b1.intoMemorySegment(y, q + LB, ORDER);
        b2.intoMemorySegment(y, q + 2 * LB, ORDER);
        b3.intoMemorySegment(y, q + 3 * LB, ORDER);
    }

    /** 8 output vectors of one batch row ({@code xRow}) over the listed weight rows nz[k0..k1). */
    private static void listedRow8(int[] nz, int k0, int k1, int stride, MemorySegment x, long xRow, MemorySegment w,
                                   long wAt, MemorySegment init, long initAt, MemorySegment y, long yAt) {
        long o = 4L * initAt;
        FloatVector a0 = FloatVector.fromMemorySegment(S, init, o, ORDER);
        FloatVector a1 = FloatVector.fromMemorySegment(S, init, o + LB, ORDER);
        FloatVector a2 = FloatVector.fromMemorySegment(S, init, o + 2 * LB, ORDER);
        FloatVector a3 = FloatVector.fromMemorySegment(S, init, o + 3 * LB, ORDER);
        FloatVector a4 = FloatVector.fromMemorySegment(S, init, o + 4 * LB, ORDER);
        FloatVector a5 = FloatVector.fromMemorySegment(S, init, o + 5 * LB, ORDER);
        FloatVector a6 = FloatVector.fromMemorySegment(S, init, o + 6 * LB, ORDER);
        FloatVector a7 = FloatVector.fromMemorySegment(S, init, o + 7 * LB, ORDER);
        long rowB = 4L * stride, base = 4L * wAt;
        for (int k = k0; k < k1; k++) {
            int i = nz[k];
            long at = base + i * rowB;
            FloatVector xi = FloatVector.broadcast(S, x.getAtIndex(F, xRow + i));
            a0 = xi.fma(FloatVector.fromMemorySegment(S, w, at, ORDER), a0);
            a1 = xi.fma(FloatVector.fromMemorySegment(S, w, at + LB, ORDER), a1);
            a2 = xi.fma(FloatVector.fromMemorySegment(S, w, at + 2 * LB, ORDER), a2);
            a3 = xi.fma(FloatVector.fromMemorySegment(S, w, at + 3 * LB, ORDER), a3);
            a4 = xi.fma(FloatVector.fromMemorySegment(S, w, at + 4 * LB, ORDER), a4);
            a5 = xi.fma(FloatVector.fromMemorySegment(S, w, at + 5 * LB, ORDER), a5);
            a6 = xi.fma(FloatVector.fromMemorySegment(S, w, at + 6 * LB, ORDER), a6);
            a7 = xi.fma(FloatVector.fromMemorySegment(S, w, at + 7 * LB, ORDER), a7);
        }
        o = 4L * yAt;
        a0.intoMemorySegment(y, o, ORDER);
        a1.intoMemorySegment(y, o + LB, ORDER);
        a2.intoMemorySegment(y, o + 2 * LB, ORDER);
        a3.intoMemorySegment(y, o + 3 * LB, ORDER);
        a4.intoMemorySegment(y, o + 4 * LB, ORDER);
        a5.intoMemorySegment(y, o + 5 * LB, ORDER);
        a6.intoMemorySegment(y, o + 6 * LB, ORDER);
        a7.intoMemorySegment(y, o + 7 * LB, ORDER);
    }

    /** {@link #listedRow8} four vectors wide (a whole panel at 512 bits). */
    private static void listedRow4(int[] nz, int k0, int k1, int stride, MemorySegment x, long xRow, MemorySegment w,
                                   long wAt, MemorySegment init, long initAt, MemorySegment y, long yAt) {
        long o = 4L * initAt;
        FloatVector a0 = FloatVector.fromMemorySegment(S, init, o, ORDER);
        FloatVector a1 = FloatVector.fromMemorySegment(S, init, o + LB, ORDER);
        FloatVector a2 = FloatVector.fromMemorySegment(S, init, o + 2 * LB, ORDER);
        FloatVector a3 = FloatVector.fromMemorySegment(S, init, o + 3 * LB, ORDER);
        long rowB = 4L * stride, base = 4L * wAt;
        for (int k = k0; k < k1; k++) {
            int i = nz[k];
            long at = base + i * rowB;
            FloatVector xi = FloatVector.broadcast(S, x.getAtIndex(F, xRow + i));
            a0 = xi.fma(FloatVector.fromMemorySegment(S, w, at, ORDER), a0);
            a1 = xi.fma(FloatVector.fromMemorySegment(S, w, at + LB, ORDER), a1);
            a2 = xi.fma(FloatVector.fromMemorySegment(S, w, at + 2 * LB, ORDER), a2);
            a3 = xi.fma(FloatVector.fromMemorySegment(S, w, at + 3 * LB, ORDER), a3);
        }
        o = 4L * yAt;
        a0.intoMemorySegment(y, o, ORDER);
        a1.intoMemorySegment(y, o + LB, ORDER);
        a2.intoMemorySegment(y, o + 2 * LB, ORDER);
        a3.intoMemorySegment(y, o + 3 * LB, ORDER);
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
            FloatVector a = FloatVector.fromMemorySegment(S, init, 4L * (initAt + c), ORDER);
            for (int i = i0; i < i1; i++) {
                FloatVector wv = FloatVector.fromMemorySegment(S, w, 4L * (panel + c + (long) i * width), ORDER);
                a = FloatVector.broadcast(S, x.getAtIndex(F, xRow + i)).fma(wv, a);
            }
            a.intoMemorySegment(y, 4L * (yAt + c), ORDER);
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
            float a0 = init.getAtIndex(F, initAt + t), a1 = init.getAtIndex(F, initAt + t1);
            float a2 = init.getAtIndex(F, initAt + t2), a3 = init.getAtIndex(F, initAt + t3);
            long xa = xRow + i0, at = panel + (long) i0 * width;
            for (int i = i0; i < i1; i++, xa++, at += width) {
                float xi = x.getAtIndex(F, xa);
                a0 = Math.fma(xi, w.getAtIndex(F, at + t), a0);
                a1 = Math.fma(xi, w.getAtIndex(F, at + t1), a1);
                a2 = Math.fma(xi, w.getAtIndex(F, at + t2), a2);
                a3 = Math.fma(xi, w.getAtIndex(F, at + t3), a3);
            }
            y.setAtIndex(F, yAt + t3, a3);
            y.setAtIndex(F, yAt + t2, a2);
            y.setAtIndex(F, yAt + t1, a1);
            y.setAtIndex(F, yAt + t, a0);
        }
    }

    private static void row8(int i0, int i1, int stride, MemorySegment x, long xRow, MemorySegment w, long wAt,
                             MemorySegment init, long initAt, MemorySegment y, long yAt) {
        long o = 4L * initAt;
        FloatVector a0 = FloatVector.fromMemorySegment(S, init, o, ORDER);
        FloatVector a1 = FloatVector.fromMemorySegment(S, init, o + LB, ORDER);
        FloatVector a2 = FloatVector.fromMemorySegment(S, init, o + 2 * LB, ORDER);
        FloatVector a3 = FloatVector.fromMemorySegment(S, init, o + 3 * LB, ORDER);
        FloatVector a4 = FloatVector.fromMemorySegment(S, init, o + 4 * LB, ORDER);
        FloatVector a5 = FloatVector.fromMemorySegment(S, init, o + 5 * LB, ORDER);
        FloatVector a6 = FloatVector.fromMemorySegment(S, init, o + 6 * LB, ORDER);
        FloatVector a7 = FloatVector.fromMemorySegment(S, init, o + 7 * LB, ORDER);
        long rowB = 4L * stride;
        long at = 4L * (wAt + (long) i0 * stride);
        for (int i = i0; i < i1; i++, at += rowB) {
            FloatVector xi = FloatVector.broadcast(S, x.getAtIndex(F, xRow + i));
            a0 = xi.fma(FloatVector.fromMemorySegment(S, w, at, ORDER), a0);
            a1 = xi.fma(FloatVector.fromMemorySegment(S, w, at + LB, ORDER), a1);
            a2 = xi.fma(FloatVector.fromMemorySegment(S, w, at + 2 * LB, ORDER), a2);
            a3 = xi.fma(FloatVector.fromMemorySegment(S, w, at + 3 * LB, ORDER), a3);
            a4 = xi.fma(FloatVector.fromMemorySegment(S, w, at + 4 * LB, ORDER), a4);
            a5 = xi.fma(FloatVector.fromMemorySegment(S, w, at + 5 * LB, ORDER), a5);
            a6 = xi.fma(FloatVector.fromMemorySegment(S, w, at + 6 * LB, ORDER), a6);
            a7 = xi.fma(FloatVector.fromMemorySegment(S, w, at + 7 * LB, ORDER), a7);
        }
        o = 4L * yAt;
        a0.intoMemorySegment(y, o, ORDER);
        a1.intoMemorySegment(y, o + LB, ORDER);
        a2.intoMemorySegment(y, o + 2 * LB, ORDER);
        a3.intoMemorySegment(y, o + 3 * LB, ORDER);
        a4.intoMemorySegment(y, o + 4 * LB, ORDER);
        a5.intoMemorySegment(y, o + 5 * LB, ORDER);
        a6.intoMemorySegment(y, o + 6 * LB, ORDER);
        a7.intoMemorySegment(y, o + 7 * LB, ORDER);
    }

    /**
     * {@link #row4} for batch rows xRow and xRow + xNext at once: each weight load feeds both rows' FMAs.
     * {@code initNext}, {@code yNext}: floats from the first row's init and y to the second's (init 0 when it
     * is the bias both rows start from).
     */
    private static void row4x2(int i0, int i1, int stride, MemorySegment x, long xRow, long xNext, MemorySegment w,
                               long wAt, MemorySegment init, long initAt, long initNext, MemorySegment y, long yAt,
                               long yNext) {
        long o = 4L * initAt, q = 4L * (initAt + initNext);
        FloatVector a0 = FloatVector.fromMemorySegment(S, init, o, ORDER);
        FloatVector a1 = FloatVector.fromMemorySegment(S, init, o + LB, ORDER);
        FloatVector a2 = FloatVector.fromMemorySegment(S, init, o + 2 * LB, ORDER);
        FloatVector a3 = FloatVector.fromMemorySegment(S, init, o + 3 * LB, ORDER);
        FloatVector b0 = FloatVector.fromMemorySegment(S, init, q, ORDER);
        FloatVector b1 = FloatVector.fromMemorySegment(S, init, q + LB, ORDER);
        FloatVector b2 = FloatVector.fromMemorySegment(S, init, q + 2 * LB, ORDER);
        FloatVector b3 = FloatVector.fromMemorySegment(S, init, q + 3 * LB, ORDER);
        long rowB = 4L * stride;
        long at = 4L * (wAt + (long) i0 * stride);
        for (int i = i0; i < i1; i++, at += rowB) {
            FloatVector xa = FloatVector.broadcast(S, x.getAtIndex(F, xRow + i));
            FloatVector xb = FloatVector.broadcast(S, x.getAtIndex(F, xRow + xNext + i));
            FloatVector w0 = FloatVector.fromMemorySegment(S, w, at, ORDER);
            a0 = xa.fma(w0, a0);
            b0 = xb.fma(w0, b0);
            FloatVector w1 = FloatVector.fromMemorySegment(S, w, at + LB, ORDER);
            a1 = xa.fma(w1, a1);
            b1 = xb.fma(w1, b1);
            FloatVector w2 = FloatVector.fromMemorySegment(S, w, at + 2 * LB, ORDER);
            a2 = xa.fma(w2, a2);
            b2 = xb.fma(w2, b2);
            FloatVector w3 = FloatVector.fromMemorySegment(S, w, at + 3 * LB, ORDER);
            a3 = xa.fma(w3, a3);
            b3 = xb.fma(w3, b3);
        }
        o = 4L * yAt;
        q = 4L * (yAt + yNext);
        a0.intoMemorySegment(y, o, ORDER);
        a1.intoMemorySegment(y, o + LB, ORDER);
        a2.intoMemorySegment(y, o + 2 * LB, ORDER);
        a3.intoMemorySegment(y, o + 3 * LB, ORDER);
        b0.intoMemorySegment(y, q, ORDER);
        b1.intoMemorySegment(y, q + LB, ORDER);
        b2.intoMemorySegment(y, q + 2 * LB, ORDER);
        b3.intoMemorySegment(y, q + 3 * LB, ORDER);
    }

    private static void row4(int i0, int i1, int stride, MemorySegment x, long xRow, MemorySegment w, long wAt,
                             MemorySegment init, long initAt, MemorySegment y, long yAt) {
        long o = 4L * initAt;
        FloatVector a0 = FloatVector.fromMemorySegment(S, init, o, ORDER);
        FloatVector a1 = FloatVector.fromMemorySegment(S, init, o + LB, ORDER);
        FloatVector a2 = FloatVector.fromMemorySegment(S, init, o + 2 * LB, ORDER);
        FloatVector a3 = FloatVector.fromMemorySegment(S, init, o + 3 * LB, ORDER);
        long rowB = 4L * stride;
        long at = 4L * (wAt + (long) i0 * stride);
        for (int i = i0; i < i1; i++, at += rowB) {
            FloatVector xi = FloatVector.broadcast(S, x.getAtIndex(F, xRow + i));
            a0 = xi.fma(FloatVector.fromMemorySegment(S, w, at, ORDER), a0);
            a1 = xi.fma(FloatVector.fromMemorySegment(S, w, at + LB, ORDER), a1);
            a2 = xi.fma(FloatVector.fromMemorySegment(S, w, at + 2 * LB, ORDER), a2);
            a3 = xi.fma(FloatVector.fromMemorySegment(S, w, at + 3 * LB, ORDER), a3);
        }
        o = 4L * yAt;
        a0.intoMemorySegment(y, o, ORDER);
        a1.intoMemorySegment(y, o + LB, ORDER);
        a2.intoMemorySegment(y, o + 2 * LB, ORDER);
        a3.intoMemorySegment(y, o + 3 * LB, ORDER);
    }
}
