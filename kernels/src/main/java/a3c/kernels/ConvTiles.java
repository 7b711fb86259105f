package a3c.kernels;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

import org.agrona.UnsafeApi;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register-blocked tiles of {@link Conv2d}: 8 accumulators each (4 pixels or window entries x 2
 * vectors), fed by one broadcast scalar against two vectors, two steps of the reduction per iteration.
 * Shapes and layouts as in {@link Conv2d}; callers handle the tails and pass every offset in (in floats;
 * inside a tile, offsets are bytes).
 *
 * <p>What the shape of these loops answers to (measured on Zen 3, ratios to the peak-FMA benchmark):
 * <ul>
 * <li>No spilled accumulator. With 16 vector registers, 8 accumulators + 4 loaded vectors + 1 broadcast
 *     fit; 12 accumulators did not, and a spilled FMA chain waits on store-to-load forwarding every step
 *     (forward at batch 20: 45-47% with 6 pixels x 2 vectors, 75-82% now).
 * <li>Two reduction steps per iteration. C2 unrolls a one-step loop this small fourfold, hoists its loads
 *     and spills again (53%); a two-step body stays rolled and amortises the loop's own work.
 * <li>Direct calls into the Vector API, as in every kernel (see {@link Simd}). C2 stops inlining ordinary
 *     methods once a compilation holds about 18000 nodes (NodeCountInliningCutoff), and these tiles come
 *     close; a vector that reaches a call that was not inlined is boxed, and the tile runs 10-20 times
 *     slower. The JDK's own vector and memory-segment methods are force-inlined past that limit, so the
 *     tiles do not depend on how many nodes the rest of the method happens to take.
 * <li>Loops that walk a stride known only at run time (weight rows in forward, pixels in x in the weight
 *     gradient, rows of the transposed weights in the input gradient). C2 unrolls a loop with a constant
 *     stride and hoists its loads and the bounds checks of its scalar reads, and the hoisted broadcasts
 *     then spill the accumulators again; a run-time stride keeps the loop rolled and each broadcast below
 *     its own bounds check, so one or two are live at a time.
 * </ul>
 */
final class ConvTiles {
    /** Output pixels per forward and input-gradient tile. */
    static final int PIXELS = 4;
    /** Window entries per weight-gradient tile. */
    static final int ROWS = 4;
    /** About how many output pixels one weight-gradient pass covers before dw is written back. */
    static final int CHUNK_PIXELS = 128;

    private static final VectorSpecies<Float> S = Simd.SPECIES;
    private static final int L = Simd.LANES;
    /** Bytes per vector. */
    private static final long LB = 4L * L;
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();
    /** Scalar reads of x and dy, without the alignment check of {@code JAVA_FLOAT}. */
    private static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT_UNALIGNED;

    private ConvTiles() {
    }

    /**
     * y for the pixels whose windows start at x0..x3 in x (floats) and whose outputs are consecutive rows of y
     * from {@code yo}, channels k0..k0+2L: 4 pixels x 2 vectors over the whole window, window entries j and
     * j+1 per step. Only the first {@code count} pixels are stored; a short tile repeats its last real pixel.
     */
    static void forward(ConvShape s, MemorySegment x, MemorySegment w, MemorySegment b, MemorySegment y,
                        int x0, int x1, int x2, int x3, int yo, int k0, int count) {
        int row = s.windowRow();
        // x by address: the broadcasts are 1 in 3 of this loop's loads, and a segment get's bounds check
        // (which C2 cannot hoist from these strided offsets) was 12% of a training thread (JFR); Conv2d.forward
        // checked x's size and that it is off-heap
        long xa = x.address();
        long kb = 4L * s.outC();
        long inRowB = 4L * s.inW() * s.inC();
        FloatVector b0 = FloatVector.fromMemorySegment(S, b, 4L * k0, ORDER);
        FloatVector b1 = FloatVector.fromMemorySegment(S, b, 4L * k0 + LB, ORDER);
        FloatVector a00 = b0, a01 = b1, a10 = b0, a11 = b1, a20 = b0, a21 = b1, a30 = b0, a31 = b1;
        if ((row & 1) == 0) {
            // vector body: window entries j and j+1, the whole window in one loop (it walks the weight rows, a
            // stride known at run time); after each window row, x jumps to the next input row
            long r0 = 4L * x0, r1 = 4L * x1, r2 = 4L * x2, r3 = 4L * x3;
            long rowJump = inRowB - 4L * row;
            int perRow = row >> 1;
            long xj = 0;
            long wo = 4L * k0;
            for (long wEnd = wo + s.kH() * row * kb, left = perRow; wo < wEnd; wo += 2 * kb) {
                FloatVector w0 = FloatVector.fromMemorySegment(S, w, wo, ORDER);
                FloatVector w1 = FloatVector.fromMemorySegment(S, w, wo + LB, ORDER);
                FloatVector w2 = FloatVector.fromMemorySegment(S, w, wo + kb, ORDER);
                FloatVector w3 = FloatVector.fromMemorySegment(S, w, wo + kb + LB, ORDER);
                FloatVector v = FloatVector.broadcast(S, UnsafeApi.getFloat(xa + r0 + xj));
                a00 = v.fma(w0, a00);
                a01 = v.fma(w1, a01);
                v = FloatVector.broadcast(S, UnsafeApi.getFloat(xa + r0 + xj + 4));
                a00 = v.fma(w2, a00);
                a01 = v.fma(w3, a01);
                v = FloatVector.broadcast(S, UnsafeApi.getFloat(xa + r1 + xj));
                a10 = v.fma(w0, a10);
                a11 = v.fma(w1, a11);
                v = FloatVector.broadcast(S, UnsafeApi.getFloat(xa + r1 + xj + 4));
                a10 = v.fma(w2, a10);
                a11 = v.fma(w3, a11);
                v = FloatVector.broadcast(S, UnsafeApi.getFloat(xa + r2 + xj));
                a20 = v.fma(w0, a20);
                a21 = v.fma(w1, a21);
                v = FloatVector.broadcast(S, UnsafeApi.getFloat(xa + r2 + xj + 4));
                a20 = v.fma(w2, a20);
                a21 = v.fma(w3, a21);
                v = FloatVector.broadcast(S, UnsafeApi.getFloat(xa + r3 + xj));
                a30 = v.fma(w0, a30);
                a31 = v.fma(w1, a31);
                v = FloatVector.broadcast(S, UnsafeApi.getFloat(xa + r3 + xj + 4));
                a30 = v.fma(w2, a30);
                a31 = v.fma(w3, a31);
                xj += 8;
                if (--left == 0) {
                    left = perRow;
                    xj += rowJump;
                }
            }
        } else {
            // odd window rows: one entry at a time (awkward shapes only)
            for (int ky = 0; ky < s.kH(); ky++) {
                long r0 = 4L * x0 + ky * inRowB, r1 = 4L * x1 + ky * inRowB;
                long r2 = 4L * x2 + ky * inRowB, r3 = 4L * x3 + ky * inRowB;
                long wo = ky * row * kb + 4L * k0;
                long xj = 0;
                for (long wEnd = wo + row * kb; wo < wEnd; wo += kb, xj += 4) {
                    FloatVector w0 = FloatVector.fromMemorySegment(S, w, wo, ORDER);
                    FloatVector w1 = FloatVector.fromMemorySegment(S, w, wo + LB, ORDER);
                    FloatVector v = FloatVector.broadcast(S, UnsafeApi.getFloat(xa + r0 + xj));
                    a00 = v.fma(w0, a00);
                    a01 = v.fma(w1, a01);
                    v = FloatVector.broadcast(S, UnsafeApi.getFloat(xa + r1 + xj));
                    a10 = v.fma(w0, a10);
                    a11 = v.fma(w1, a11);
                    v = FloatVector.broadcast(S, UnsafeApi.getFloat(xa + r2 + xj));
                    a20 = v.fma(w0, a20);
                    a21 = v.fma(w1, a21);
                    v = FloatVector.broadcast(S, UnsafeApi.getFloat(xa + r3 + xj));
                    a30 = v.fma(w0, a30);
                    a31 = v.fma(w1, a31);
                }
            }
        }
        // stores, one pixel after another
        long o = 4L * yo;
        a00.intoMemorySegment(y, o, ORDER);
        a01.intoMemorySegment(y, o + LB, ORDER);
        if (count > 1) {
            a10.intoMemorySegment(y, o + kb, ORDER);
            a11.intoMemorySegment(y, o + kb + LB, ORDER);
        }
        if (count > 2) {
            a20.intoMemorySegment(y, o + 2 * kb, ORDER);
            a21.intoMemorySegment(y, o + 2 * kb + LB, ORDER);
        }
        if (count > 3) {
            a30.intoMemorySegment(y, o + 3 * kb, ORDER);
            a31.intoMemorySegment(y, o + 3 * kb + LB, ORDER);
        }
    }

    /**
     * {@link #forward} one vector of channels wide (k0..k0+L), for a layer whose channels past the two-vector
     * tiles fill one vector (conv1's 16 at 512 bits): 4 pixels x 1 vector, with window entries j and j+1
     * summed apart (8 accumulators, as many as the two-vector tile, so the FMA pipes stay as full), the two
     * sums added at the end.
     */
    static void forwardOne(ConvShape s, MemorySegment x, MemorySegment w, MemorySegment b, MemorySegment y,
                           int x0, int x1, int x2, int x3, int yo, int k0, int count) {
        int row = s.windowRow();
        long xa = x.address(); // by address, as in forward
        long kb = 4L * s.outC();
        long inRowB = 4L * s.inW() * s.inC();
        FloatVector a0 = FloatVector.fromMemorySegment(S, b, 4L * k0, ORDER);
        FloatVector a1 = a0, a2 = a0, a3 = a0;
        FloatVector e0 = FloatVector.zero(S), e1 = e0, e2 = e0, e3 = e0;
        if ((row & 1) == 0) {
            // vector body: window entries j (into a) and j+1 (into e), the whole window in one loop
            long r0 = 4L * x0, r1 = 4L * x1, r2 = 4L * x2, r3 = 4L * x3;
            long rowJump = inRowB - 4L * row;
            int perRow = row >> 1;
            long xj = 0;
            long wo = 4L * k0;
            for (long wEnd = wo + s.kH() * row * kb, left = perRow; wo < wEnd; wo += 2 * kb) {
                FloatVector w0 = FloatVector.fromMemorySegment(S, w, wo, ORDER);
                FloatVector w1 = FloatVector.fromMemorySegment(S, w, wo + kb, ORDER);
                a0 = FloatVector.broadcast(S, UnsafeApi.getFloat(xa + r0 + xj)).fma(w0, a0);
                e0 = FloatVector.broadcast(S, UnsafeApi.getFloat(xa + r0 + xj + 4)).fma(w1, e0);
                a1 = FloatVector.broadcast(S, UnsafeApi.getFloat(xa + r1 + xj)).fma(w0, a1);
                e1 = FloatVector.broadcast(S, UnsafeApi.getFloat(xa + r1 + xj + 4)).fma(w1, e1);
                a2 = FloatVector.broadcast(S, UnsafeApi.getFloat(xa + r2 + xj)).fma(w0, a2);
                e2 = FloatVector.broadcast(S, UnsafeApi.getFloat(xa + r2 + xj + 4)).fma(w1, e2);
                a3 = FloatVector.broadcast(S, UnsafeApi.getFloat(xa + r3 + xj)).fma(w0, a3);
                e3 = FloatVector.broadcast(S, UnsafeApi.getFloat(xa + r3 + xj + 4)).fma(w1, e3);
                xj += 8;
                if (--left == 0) {
                    left = perRow;
                    xj += rowJump;
                }
            }
        } else {
            // odd window rows: one entry at a time (awkward shapes only)
            for (int ky = 0; ky < s.kH(); ky++) {
                long r0 = 4L * x0 + ky * inRowB, r1 = 4L * x1 + ky * inRowB;
                long r2 = 4L * x2 + ky * inRowB, r3 = 4L * x3 + ky * inRowB;
                long wo = ky * row * kb + 4L * k0;
                long xj = 0;
                for (long wEnd = wo + row * kb; wo < wEnd; wo += kb, xj += 4) {
                    FloatVector w0 = FloatVector.fromMemorySegment(S, w, wo, ORDER);
                    a0 = FloatVector.broadcast(S, UnsafeApi.getFloat(xa + r0 + xj)).fma(w0, a0);
                    a1 = FloatVector.broadcast(S, UnsafeApi.getFloat(xa + r1 + xj)).fma(w0, a1);
                    a2 = FloatVector.broadcast(S, UnsafeApi.getFloat(xa + r2 + xj)).fma(w0, a2);
                    a3 = FloatVector.broadcast(S, UnsafeApi.getFloat(xa + r3 + xj)).fma(w0, a3);
                }
            }
        }
        // stores, one pixel after another
        long o = 4L * yo;
        a0.add(e0).intoMemorySegment(y, o, ORDER);
        if (count > 1) {
            a1.add(e1).intoMemorySegment(y, o + kb, ORDER);
        }
        if (count > 2) {
            a2.add(e2).intoMemorySegment(y, o + 2 * kb, ORDER);
        }
        if (count > 3) {
            a3.add(e3).intoMemorySegment(y, o + 3 * kb, ORDER);
        }
    }

    /**
     * dw rows wo, wo+K, wo+2K, wo+3K (4 consecutive window entries of one kernel row), two vectors each, over
     * {@code rows} output rows of one sample, pixels ox and ox+1 per step: accumulated in registers across the
     * pixels and added into dw once. {@code xo}: offset in x of the first entry for the chunk's first pixel;
     * {@code go}: offset in dy of that pixel's channel k0. The x reads advance by a stride known only at run
     * time, so their bounds checks stay in the loop; two pixels per step amortise them.
     */
    static void backwardParams(ConvShape s, MemorySegment x, MemorySegment dy, MemorySegment dw, int rows, int xo,
                               int go, int wo) {
        int ow = s.outW();
        int pairs = ow & ~1;
        long kb = 4L * s.outC();
        long step = 4L * s.stride() * s.inC();
        long xRowStep = 4L * s.stride() * s.inW() * s.inC();
        long o = 4L * wo;
        FloatVector a00 = FloatVector.fromMemorySegment(S, dw, o, ORDER);
        FloatVector a01 = FloatVector.fromMemorySegment(S, dw, o + LB, ORDER);
        FloatVector a10 = FloatVector.fromMemorySegment(S, dw, o + kb, ORDER);
        FloatVector a11 = FloatVector.fromMemorySegment(S, dw, o + kb + LB, ORDER);
        FloatVector a20 = FloatVector.fromMemorySegment(S, dw, o + 2 * kb, ORDER);
        FloatVector a21 = FloatVector.fromMemorySegment(S, dw, o + 2 * kb + LB, ORDER);
        FloatVector a30 = FloatVector.fromMemorySegment(S, dw, o + 3 * kb, ORDER);
        FloatVector a31 = FloatVector.fromMemorySegment(S, dw, o + 3 * kb + LB, ORDER);
        long g = 4L * go;
        for (int r = 0; r < rows; r++) {
            long xi = 4L * xo + r * xRowStep;
            // vector body: pixels ox and ox+1 (the loop walks x by the convolution's stride)
            for (long xEnd = xi + pairs * step; xi < xEnd; xi += 2 * step, g += 2 * kb) {
                long xj = xi + step;
                FloatVector g0 = FloatVector.fromMemorySegment(S, dy, g, ORDER);
                FloatVector g1 = FloatVector.fromMemorySegment(S, dy, g + LB, ORDER);
                FloatVector g2 = FloatVector.fromMemorySegment(S, dy, g + kb, ORDER);
                FloatVector g3 = FloatVector.fromMemorySegment(S, dy, g + kb + LB, ORDER);
                FloatVector v = FloatVector.broadcast(S, x.get(F, xi));
                a00 = v.fma(g0, a00);
                a01 = v.fma(g1, a01);
                v = FloatVector.broadcast(S, x.get(F, xj));
                a00 = v.fma(g2, a00);
                a01 = v.fma(g3, a01);
                v = FloatVector.broadcast(S, x.get(F, xi + 4));
                a10 = v.fma(g0, a10);
                a11 = v.fma(g1, a11);
                v = FloatVector.broadcast(S, x.get(F, xj + 4));
                a10 = v.fma(g2, a10);
                a11 = v.fma(g3, a11);
                v = FloatVector.broadcast(S, x.get(F, xi + 8));
                a20 = v.fma(g0, a20);
                a21 = v.fma(g1, a21);
                v = FloatVector.broadcast(S, x.get(F, xj + 8));
                a20 = v.fma(g2, a20);
                a21 = v.fma(g3, a21);
                v = FloatVector.broadcast(S, x.get(F, xi + 12));
                a30 = v.fma(g0, a30);
                a31 = v.fma(g1, a31);
                v = FloatVector.broadcast(S, x.get(F, xj + 12));
                a30 = v.fma(g2, a30);
                a31 = v.fma(g3, a31);
            }
            // odd pixel
            if (pairs < ow) {
                FloatVector g0 = FloatVector.fromMemorySegment(S, dy, g, ORDER);
                FloatVector g1 = FloatVector.fromMemorySegment(S, dy, g + LB, ORDER);
                FloatVector v = FloatVector.broadcast(S, x.get(F, xi));
                a00 = v.fma(g0, a00);
                a01 = v.fma(g1, a01);
                v = FloatVector.broadcast(S, x.get(F, xi + 4));
                a10 = v.fma(g0, a10);
                a11 = v.fma(g1, a11);
                v = FloatVector.broadcast(S, x.get(F, xi + 8));
                a20 = v.fma(g0, a20);
                a21 = v.fma(g1, a21);
                v = FloatVector.broadcast(S, x.get(F, xi + 12));
                a30 = v.fma(g0, a30);
                a31 = v.fma(g1, a31);
                g += kb;
            }
        }
        // stores: the sums go back where they were read
        a00.intoMemorySegment(dw, o, ORDER);
        a01.intoMemorySegment(dw, o + LB, ORDER);
        a10.intoMemorySegment(dw, o + kb, ORDER);
        a11.intoMemorySegment(dw, o + kb + LB, ORDER);
        a20.intoMemorySegment(dw, o + 2 * kb, ORDER);
        a21.intoMemorySegment(dw, o + 2 * kb + LB, ORDER);
        a30.intoMemorySegment(dw, o + 3 * kb, ORDER);
        a31.intoMemorySegment(dw, o + 3 * kb + LB, ORDER);
    }

    /**
     * {@link #backwardParams} one vector of channels wide (k0..k0+L): dw rows wo..wo+3K, one vector each, with
     * pixels ox (into a) and ox+1 (into e) summed apart, so there are 8 accumulators as in the two-vector
     * tile; the two sums are added into dw at the end.
     */
    static void backwardParamsOne(ConvShape s, MemorySegment x, MemorySegment dy, MemorySegment dw, int rows, int xo,
                                  int go, int wo) {
        int ow = s.outW();
        int pairs = ow & ~1;
        long kb = 4L * s.outC();
        long step = 4L * s.stride() * s.inC();
        long xRowStep = 4L * s.stride() * s.inW() * s.inC();
        long o = 4L * wo;
        FloatVector a0 = FloatVector.fromMemorySegment(S, dw, o, ORDER);
        FloatVector a1 = FloatVector.fromMemorySegment(S, dw, o + kb, ORDER);
        FloatVector a2 = FloatVector.fromMemorySegment(S, dw, o + 2 * kb, ORDER);
        FloatVector a3 = FloatVector.fromMemorySegment(S, dw, o + 3 * kb, ORDER);
        FloatVector e0 = FloatVector.zero(S), e1 = e0, e2 = e0, e3 = e0;
        long g = 4L * go;
        for (int r = 0; r < rows; r++) {
            long xi = 4L * xo + r * xRowStep;
            // vector body: pixels ox and ox+1 (the loop walks x by the convolution's stride)
            for (long xEnd = xi + pairs * step; xi < xEnd; xi += 2 * step, g += 2 * kb) {
                long xj = xi + step;
                FloatVector g0 = FloatVector.fromMemorySegment(S, dy, g, ORDER);
                FloatVector g1 = FloatVector.fromMemorySegment(S, dy, g + kb, ORDER);
                a0 = FloatVector.broadcast(S, x.get(F, xi)).fma(g0, a0);
                e0 = FloatVector.broadcast(S, x.get(F, xj)).fma(g1, e0);
                a1 = FloatVector.broadcast(S, x.get(F, xi + 4)).fma(g0, a1);
                e1 = FloatVector.broadcast(S, x.get(F, xj + 4)).fma(g1, e1);
                a2 = FloatVector.broadcast(S, x.get(F, xi + 8)).fma(g0, a2);
                e2 = FloatVector.broadcast(S, x.get(F, xj + 8)).fma(g1, e2);
                a3 = FloatVector.broadcast(S, x.get(F, xi + 12)).fma(g0, a3);
                e3 = FloatVector.broadcast(S, x.get(F, xj + 12)).fma(g1, e3);
            }
            // odd pixel
            if (pairs < ow) {
                FloatVector g0 = FloatVector.fromMemorySegment(S, dy, g, ORDER);
                a0 = FloatVector.broadcast(S, x.get(F, xi)).fma(g0, a0);
                a1 = FloatVector.broadcast(S, x.get(F, xi + 4)).fma(g0, a1);
                a2 = FloatVector.broadcast(S, x.get(F, xi + 8)).fma(g0, a2);
                a3 = FloatVector.broadcast(S, x.get(F, xi + 12)).fma(g0, a3);
                g += kb;
            }
        }
        // stores: the sums go back where they were read
        a0.add(e0).intoMemorySegment(dw, o, ORDER);
        a1.add(e1).intoMemorySegment(dw, o + kb, ORDER);
        a2.add(e2).intoMemorySegment(dw, o + 2 * kb, ORDER);
        a3.add(e3).intoMemorySegment(dw, o + 3 * kb, ORDER);
    }

    /**
     * dw of channels k0..k0+3 and window entries r0..r0+2L of one kernel row, kept transposed in {@code dwT}
     * (one row of the window per channel: the window row on the lanes), over {@code rows} output rows of one
     * sample. Per pixel: the two vectors of its window row (contiguous in x) times 4 broadcast dy values, 8
     * accumulators and 6 loads per 8 FMAs, where {@link #backwardParamsOne} (window entries broadcast, channels
     * on the lanes) needs 10. {@code xo}: offset in x of entry r0 of this kernel row for the chunk's first
     * pixel; {@code go}: offset in dy of that pixel's channel k0; {@code to}: offset in dwT of (k0, r0), whose
     * channels are {@code windowRow} floats apart.
     */
    static void backwardParamsLanes(ConvShape s, MemorySegment x, MemorySegment dy, MemorySegment dwT, int rows, int xo,
                                    int go, int to) {
        int ow = s.outW();
        long kb = 4L * s.outC();
        long rowB = 4L * s.windowRow();
        long step = 4L * s.stride() * s.inC();
        long xRowStep = 4L * s.stride() * s.inW() * s.inC();
        long o = 4L * to;
        FloatVector a00 = FloatVector.fromMemorySegment(S, dwT, o, ORDER);
        FloatVector a01 = FloatVector.fromMemorySegment(S, dwT, o + LB, ORDER);
        FloatVector a10 = FloatVector.fromMemorySegment(S, dwT, o + rowB, ORDER);
        FloatVector a11 = FloatVector.fromMemorySegment(S, dwT, o + rowB + LB, ORDER);
        FloatVector a20 = FloatVector.fromMemorySegment(S, dwT, o + 2 * rowB, ORDER);
        FloatVector a21 = FloatVector.fromMemorySegment(S, dwT, o + 2 * rowB + LB, ORDER);
        FloatVector a30 = FloatVector.fromMemorySegment(S, dwT, o + 3 * rowB, ORDER);
        FloatVector a31 = FloatVector.fromMemorySegment(S, dwT, o + 3 * rowB + LB, ORDER);
        long g = 4L * go;
        for (int r = 0; r < rows; r++) {
            long xi = 4L * xo + r * xRowStep;
            // one pixel per step: the loop walks x by the convolution's stride and dy by K
            for (long xEnd = xi + ow * step; xi < xEnd; xi += step, g += kb) {
                FloatVector x0 = FloatVector.fromMemorySegment(S, x, xi, ORDER);
                FloatVector x1 = FloatVector.fromMemorySegment(S, x, xi + LB, ORDER);
                FloatVector d = FloatVector.broadcast(S, dy.get(F, g));
                a00 = x0.fma(d, a00);
                a01 = x1.fma(d, a01);
                d = FloatVector.broadcast(S, dy.get(F, g + 4));
                a10 = x0.fma(d, a10);
                a11 = x1.fma(d, a11);
                d = FloatVector.broadcast(S, dy.get(F, g + 8));
                a20 = x0.fma(d, a20);
                a21 = x1.fma(d, a21);
                d = FloatVector.broadcast(S, dy.get(F, g + 12));
                a30 = x0.fma(d, a30);
                a31 = x1.fma(d, a31);
            }
        }
        a00.intoMemorySegment(dwT, o, ORDER);
        a01.intoMemorySegment(dwT, o + LB, ORDER);
        a10.intoMemorySegment(dwT, o + rowB, ORDER);
        a11.intoMemorySegment(dwT, o + rowB + LB, ORDER);
        a20.intoMemorySegment(dwT, o + 2 * rowB, ORDER);
        a21.intoMemorySegment(dwT, o + 2 * rowB + LB, ORDER);
        a30.intoMemorySegment(dwT, o + 3 * rowB, ORDER);
        a31.intoMemorySegment(dwT, o + 3 * rowB + LB, ORDER);
    }

    /**
     * {@link #forward} over the kernel rows in {@code rows} only (bit ky), for the sparse path ({@link
     * Conv2d#forwardSparse}: the rows not 0 in one of the 4 windows; the others' terms are {@code 0 * w}): the same
     * chains. A tile of its own: looping over the rows' bits in forward's own loop made the dense forward 5-25 %
     * slower (ConvBench, bench/scripts/conv1-sparse/conv-dense-check.log).
     */
    static void forwardRows(ConvShape s, MemorySegment x, MemorySegment w, MemorySegment b, MemorySegment y,
                        int x0, int x1, int x2, int x3, int yo, int k0, int count, long rows) {
        int row = s.windowRow();
        // x by address: the broadcasts are 1 in 3 of this loop's loads, and a segment get's bounds check
        // (which C2 cannot hoist from these strided offsets) was 12% of a training thread (JFR); Conv2d.forward
        // checked x's size and that it is off-heap
        long xa = x.address();
        long kb = 4L * s.outC();
        long inRowB = 4L * s.inW() * s.inC();
        FloatVector b0 = FloatVector.fromMemorySegment(S, b, 4L * k0, ORDER);
        FloatVector b1 = FloatVector.fromMemorySegment(S, b, 4L * k0 + LB, ORDER);
        FloatVector a00 = b0, a01 = b1, a10 = b0, a11 = b1, a20 = b0, a21 = b1, a30 = b0, a31 = b1;
        long r0 = 4L * x0, r1 = 4L * x1, r2 = 4L * x2, r3 = 4L * x3;
        if ((row & 1) == 0) {
            // vector body: window entries j and j+1 of each kernel row in rows (the loop walks the weight rows, a
            // stride known at run time)
            for (long left = rows; left != 0; left &= left - 1) {
                int ky = Long.numberOfTrailingZeros(left);
                long xj = ky * inRowB;
                for (long wo = ky * row * kb + 4L * k0, wEnd = wo + row * kb; wo < wEnd; wo += 2 * kb, xj += 8) {
                    FloatVector w0 = FloatVector.fromMemorySegment(S, w, wo, ORDER);
                    FloatVector w1 = FloatVector.fromMemorySegment(S, w, wo + LB, ORDER);
                    FloatVector w2 = FloatVector.fromMemorySegment(S, w, wo + kb, ORDER);
                    FloatVector w3 = FloatVector.fromMemorySegment(S, w, wo + kb + LB, ORDER);
                    FloatVector v = FloatVector.broadcast(S, UnsafeApi.getFloat(xa + r0 + xj));
                    a00 = v.fma(w0, a00);
                    a01 = v.fma(w1, a01);
                    v = FloatVector.broadcast(S, UnsafeApi.getFloat(xa + r0 + xj + 4));
                    a00 = v.fma(w2, a00);
                    a01 = v.fma(w3, a01);
                    v = FloatVector.broadcast(S, UnsafeApi.getFloat(xa + r1 + xj));
                    a10 = v.fma(w0, a10);
                    a11 = v.fma(w1, a11);
                    v = FloatVector.broadcast(S, UnsafeApi.getFloat(xa + r1 + xj + 4));
                    a10 = v.fma(w2, a10);
                    a11 = v.fma(w3, a11);
                    v = FloatVector.broadcast(S, UnsafeApi.getFloat(xa + r2 + xj));
                    a20 = v.fma(w0, a20);
                    a21 = v.fma(w1, a21);
                    v = FloatVector.broadcast(S, UnsafeApi.getFloat(xa + r2 + xj + 4));
                    a20 = v.fma(w2, a20);
                    a21 = v.fma(w3, a21);
                    v = FloatVector.broadcast(S, UnsafeApi.getFloat(xa + r3 + xj));
                    a30 = v.fma(w0, a30);
                    a31 = v.fma(w1, a31);
                    v = FloatVector.broadcast(S, UnsafeApi.getFloat(xa + r3 + xj + 4));
                    a30 = v.fma(w2, a30);
                    a31 = v.fma(w3, a31);
                }
            }
        } else {
            // odd window rows: one entry at a time (awkward shapes only)
            for (long left = rows; left != 0; left &= left - 1) {
                int ky = Long.numberOfTrailingZeros(left);
                long xj = ky * inRowB;
                for (long wo = ky * row * kb + 4L * k0, wEnd = wo + row * kb; wo < wEnd; wo += kb, xj += 4) {
                    FloatVector w0 = FloatVector.fromMemorySegment(S, w, wo, ORDER);
                    FloatVector w1 = FloatVector.fromMemorySegment(S, w, wo + LB, ORDER);
                    FloatVector v = FloatVector.broadcast(S, UnsafeApi.getFloat(xa + r0 + xj));
                    a00 = v.fma(w0, a00);
                    a01 = v.fma(w1, a01);
                    v = FloatVector.broadcast(S, UnsafeApi.getFloat(xa + r1 + xj));
                    a10 = v.fma(w0, a10);
                    a11 = v.fma(w1, a11);
                    v = FloatVector.broadcast(S, UnsafeApi.getFloat(xa + r2 + xj));
                    a20 = v.fma(w0, a20);
                    a21 = v.fma(w1, a21);
                    v = FloatVector.broadcast(S, UnsafeApi.getFloat(xa + r3 + xj));
                    a30 = v.fma(w0, a30);
                    a31 = v.fma(w1, a31);
                }
            }
        }
        // stores, one pixel after another
        long o = 4L * yo;
        a00.intoMemorySegment(y, o, ORDER);
        a01.intoMemorySegment(y, o + LB, ORDER);
        if (count > 1) {
            a10.intoMemorySegment(y, o + kb, ORDER);
            a11.intoMemorySegment(y, o + kb + LB, ORDER);
        }
        if (count > 2) {
            a20.intoMemorySegment(y, o + 2 * kb, ORDER);
            a21.intoMemorySegment(y, o + 2 * kb + LB, ORDER);
        }
        if (count > 3) {
            a30.intoMemorySegment(y, o + 3 * kb, ORDER);
            a31.intoMemorySegment(y, o + 3 * kb + LB, ORDER);
        }
    }

    /**
     * {@link #forwardOne} over the kernel rows in {@code rows} only, as {@link #forwardRows}: the same chains.
     */
    static void forwardOneRows(ConvShape s, MemorySegment x, MemorySegment w, MemorySegment b, MemorySegment y,
                           int x0, int x1, int x2, int x3, int yo, int k0, int count, long rows) {
        int row = s.windowRow();
        long xa = x.address(); // by address, as in forward
        long kb = 4L * s.outC();
        long inRowB = 4L * s.inW() * s.inC();
        FloatVector a0 = FloatVector.fromMemorySegment(S, b, 4L * k0, ORDER);
        FloatVector a1 = a0, a2 = a0, a3 = a0;
        FloatVector e0 = FloatVector.zero(S), e1 = e0, e2 = e0, e3 = e0;
        long r0 = 4L * x0, r1 = 4L * x1, r2 = 4L * x2, r3 = 4L * x3;
        if ((row & 1) == 0) {
            // vector body: window entries j (into a) and j+1 (into e) of each kernel row in rows
            for (long left = rows; left != 0; left &= left - 1) {
                int ky = Long.numberOfTrailingZeros(left);
                long xj = ky * inRowB;
                for (long wo = ky * row * kb + 4L * k0, wEnd = wo + row * kb; wo < wEnd; wo += 2 * kb, xj += 8) {
                    FloatVector w0 = FloatVector.fromMemorySegment(S, w, wo, ORDER);
                    FloatVector w1 = FloatVector.fromMemorySegment(S, w, wo + kb, ORDER);
                    a0 = FloatVector.broadcast(S, UnsafeApi.getFloat(xa + r0 + xj)).fma(w0, a0);
                    e0 = FloatVector.broadcast(S, UnsafeApi.getFloat(xa + r0 + xj + 4)).fma(w1, e0);
                    a1 = FloatVector.broadcast(S, UnsafeApi.getFloat(xa + r1 + xj)).fma(w0, a1);
                    e1 = FloatVector.broadcast(S, UnsafeApi.getFloat(xa + r1 + xj + 4)).fma(w1, e1);
                    a2 = FloatVector.broadcast(S, UnsafeApi.getFloat(xa + r2 + xj)).fma(w0, a2);
                    e2 = FloatVector.broadcast(S, UnsafeApi.getFloat(xa + r2 + xj + 4)).fma(w1, e2);
                    a3 = FloatVector.broadcast(S, UnsafeApi.getFloat(xa + r3 + xj)).fma(w0, a3);
                    e3 = FloatVector.broadcast(S, UnsafeApi.getFloat(xa + r3 + xj + 4)).fma(w1, e3);
                }
            }
        } else {
            // odd window rows: one entry at a time (awkward shapes only)
            for (long left = rows; left != 0; left &= left - 1) {
                int ky = Long.numberOfTrailingZeros(left);
                long xj = ky * inRowB;
                for (long wo = ky * row * kb + 4L * k0, wEnd = wo + row * kb; wo < wEnd; wo += kb, xj += 4) {
                    FloatVector w0 = FloatVector.fromMemorySegment(S, w, wo, ORDER);
                    a0 = FloatVector.broadcast(S, UnsafeApi.getFloat(xa + r0 + xj)).fma(w0, a0);
                    a1 = FloatVector.broadcast(S, UnsafeApi.getFloat(xa + r1 + xj)).fma(w0, a1);
                    a2 = FloatVector.broadcast(S, UnsafeApi.getFloat(xa + r2 + xj)).fma(w0, a2);
                    a3 = FloatVector.broadcast(S, UnsafeApi.getFloat(xa + r3 + xj)).fma(w0, a3);
                }
            }
        }
        // stores, one pixel after another
        long o = 4L * yo;
        a0.add(e0).intoMemorySegment(y, o, ORDER);
        if (count > 1) {
            a1.add(e1).intoMemorySegment(y, o + kb, ORDER);
        }
        if (count > 2) {
            a2.add(e2).intoMemorySegment(y, o + 2 * kb, ORDER);
        }
        if (count > 3) {
            a3.add(e3).intoMemorySegment(y, o + 3 * kb, ORDER);
        }
    }

    /**
     * {@link #backwardParams} over the runs of pixels whose window row here is not all 0, for the sparse path
     * ({@link Conv2d#backwardParamsSparse}; {@code index}: its marks, {@code flags}: where the first output row's
     * bits are, {@code flagStep} ints from row to row): the same chains without their
     * {@code 0 * dy} terms. A tile of its own, as {@link #forwardRows} is.
     */
    static void backwardParamsRuns(ConvShape s, MemorySegment x, MemorySegment dy, MemorySegment dw, int rows, int xo,
                               int go, int wo, int[] index, int flags, int flagStep) {
        int ow = s.outW();
        long kb = 4L * s.outC();
        long step = 4L * s.stride() * s.inC();
        long xRowStep = 4L * s.stride() * s.inW() * s.inC();
        long o = 4L * wo;
        FloatVector a00 = FloatVector.fromMemorySegment(S, dw, o, ORDER);
        FloatVector a01 = FloatVector.fromMemorySegment(S, dw, o + LB, ORDER);
        FloatVector a10 = FloatVector.fromMemorySegment(S, dw, o + kb, ORDER);
        FloatVector a11 = FloatVector.fromMemorySegment(S, dw, o + kb + LB, ORDER);
        FloatVector a20 = FloatVector.fromMemorySegment(S, dw, o + 2 * kb, ORDER);
        FloatVector a21 = FloatVector.fromMemorySegment(S, dw, o + 2 * kb + LB, ORDER);
        FloatVector a30 = FloatVector.fromMemorySegment(S, dw, o + 3 * kb, ORDER);
        FloatVector a31 = FloatVector.fromMemorySegment(S, dw, o + 3 * kb + LB, ORDER);
        long g = 4L * go;
        for (int r = 0; r < rows; r++, g += ow * kb) {
            long xr = 4L * xo + r * xRowStep;
            // runs of pixels ox0..ox0+len-1: the row's runs of set bits
            for (long runs = ConvSparse.rowFlags(index, flags + r * flagStep); runs != 0; ) {
                int ox0 = Long.numberOfTrailingZeros(runs), len = Long.numberOfTrailingZeros(~(runs >>> ox0));
                runs &= ox0 + len >= 64 ? 0 : -1L << (ox0 + len);
                // two pixels per step, then an odd one
                long xi = xr + ox0 * step, gi = g + ox0 * kb;
                for (long xEnd = xi + (len & ~1) * step; xi < xEnd; xi += 2 * step, gi += 2 * kb) {
                    long xj = xi + step;
                    FloatVector g0 = FloatVector.fromMemorySegment(S, dy, gi, ORDER);
                    FloatVector g1 = FloatVector.fromMemorySegment(S, dy, gi + LB, ORDER);
                    FloatVector g2 = FloatVector.fromMemorySegment(S, dy, gi + kb, ORDER);
                    FloatVector g3 = FloatVector.fromMemorySegment(S, dy, gi + kb + LB, ORDER);
                    FloatVector v = FloatVector.broadcast(S, x.get(F, xi));
                    a00 = v.fma(g0, a00);
                    a01 = v.fma(g1, a01);
                    v = FloatVector.broadcast(S, x.get(F, xj));
                    a00 = v.fma(g2, a00);
                    a01 = v.fma(g3, a01);
                    v = FloatVector.broadcast(S, x.get(F, xi + 4));
                    a10 = v.fma(g0, a10);
                    a11 = v.fma(g1, a11);
                    v = FloatVector.broadcast(S, x.get(F, xj + 4));
                    a10 = v.fma(g2, a10);
                    a11 = v.fma(g3, a11);
                    v = FloatVector.broadcast(S, x.get(F, xi + 8));
                    a20 = v.fma(g0, a20);
                    a21 = v.fma(g1, a21);
                    v = FloatVector.broadcast(S, x.get(F, xj + 8));
                    a20 = v.fma(g2, a20);
                    a21 = v.fma(g3, a21);
                    v = FloatVector.broadcast(S, x.get(F, xi + 12));
                    a30 = v.fma(g0, a30);
                    a31 = v.fma(g1, a31);
                    v = FloatVector.broadcast(S, x.get(F, xj + 12));
                    a30 = v.fma(g2, a30);
                    a31 = v.fma(g3, a31);
                }
                if ((len & 1) != 0) {
                    FloatVector g0 = FloatVector.fromMemorySegment(S, dy, gi, ORDER);
                    FloatVector g1 = FloatVector.fromMemorySegment(S, dy, gi + LB, ORDER);
                    FloatVector v = FloatVector.broadcast(S, x.get(F, xi));
                    a00 = v.fma(g0, a00);
                    a01 = v.fma(g1, a01);
                    v = FloatVector.broadcast(S, x.get(F, xi + 4));
                    a10 = v.fma(g0, a10);
                    a11 = v.fma(g1, a11);
                    v = FloatVector.broadcast(S, x.get(F, xi + 8));
                    a20 = v.fma(g0, a20);
                    a21 = v.fma(g1, a21);
                    v = FloatVector.broadcast(S, x.get(F, xi + 12));
                    a30 = v.fma(g0, a30);
                    a31 = v.fma(g1, a31);
                }
            }
        }
        // stores: the sums go back where they were read
        a00.intoMemorySegment(dw, o, ORDER);
        a01.intoMemorySegment(dw, o + LB, ORDER);
        a10.intoMemorySegment(dw, o + kb, ORDER);
        a11.intoMemorySegment(dw, o + kb + LB, ORDER);
        a20.intoMemorySegment(dw, o + 2 * kb, ORDER);
        a21.intoMemorySegment(dw, o + 2 * kb + LB, ORDER);
        a30.intoMemorySegment(dw, o + 3 * kb, ORDER);
        a31.intoMemorySegment(dw, o + 3 * kb + LB, ORDER);
    }

    /**
     * {@link #backwardParamsLanes} over the runs of pixels whose window row here is not all 0, as
     * {@link #backwardParamsRuns}: the same chains without their {@code 0 * dy} terms.
     */
    static void backwardParamsLanesRuns(ConvShape s, MemorySegment x, MemorySegment dy, MemorySegment dwT, int rows, int xo,
                                    int go, int to, int[] index, int flags, int flagStep) {
        int ow = s.outW();
        long kb = 4L * s.outC();
        long rowB = 4L * s.windowRow();
        long step = 4L * s.stride() * s.inC();
        long xRowStep = 4L * s.stride() * s.inW() * s.inC();
        long o = 4L * to;
        FloatVector a00 = FloatVector.fromMemorySegment(S, dwT, o, ORDER);
        FloatVector a01 = FloatVector.fromMemorySegment(S, dwT, o + LB, ORDER);
        FloatVector a10 = FloatVector.fromMemorySegment(S, dwT, o + rowB, ORDER);
        FloatVector a11 = FloatVector.fromMemorySegment(S, dwT, o + rowB + LB, ORDER);
        FloatVector a20 = FloatVector.fromMemorySegment(S, dwT, o + 2 * rowB, ORDER);
        FloatVector a21 = FloatVector.fromMemorySegment(S, dwT, o + 2 * rowB + LB, ORDER);
        FloatVector a30 = FloatVector.fromMemorySegment(S, dwT, o + 3 * rowB, ORDER);
        FloatVector a31 = FloatVector.fromMemorySegment(S, dwT, o + 3 * rowB + LB, ORDER);
        long g = 4L * go;
        for (int r = 0; r < rows; r++, g += ow * kb) {
            long xr = 4L * xo + r * xRowStep;
            // runs of pixels ox0..ox0+len-1: the row's runs of set bits
            for (long runs = ConvSparse.rowFlags(index, flags + r * flagStep); runs != 0; ) {
                int ox0 = Long.numberOfTrailingZeros(runs), len = Long.numberOfTrailingZeros(~(runs >>> ox0));
                runs &= ox0 + len >= 64 ? 0 : -1L << (ox0 + len);
                // one pixel per step: the loop walks x by the convolution's stride and dy by K
                long gi = g + ox0 * kb;
                for (long xi = xr + ox0 * step, xEnd = xi + len * step; xi < xEnd; xi += step, gi += kb) {
                    FloatVector x0 = FloatVector.fromMemorySegment(S, x, xi, ORDER);
                    FloatVector x1 = FloatVector.fromMemorySegment(S, x, xi + LB, ORDER);
                    FloatVector d = FloatVector.broadcast(S, dy.get(F, gi));
                    a00 = x0.fma(d, a00);
                    a01 = x1.fma(d, a01);
                    d = FloatVector.broadcast(S, dy.get(F, gi + 4));
                    a10 = x0.fma(d, a10);
                    a11 = x1.fma(d, a11);
                    d = FloatVector.broadcast(S, dy.get(F, gi + 8));
                    a20 = x0.fma(d, a20);
                    a21 = x1.fma(d, a21);
                    d = FloatVector.broadcast(S, dy.get(F, gi + 12));
                    a30 = x0.fma(d, a30);
                    a31 = x1.fma(d, a31);
                }
            }
        }
        a00.intoMemorySegment(dwT, o, ORDER);
        a01.intoMemorySegment(dwT, o + LB, ORDER);
        a10.intoMemorySegment(dwT, o + rowB, ORDER);
        a11.intoMemorySegment(dwT, o + rowB + LB, ORDER);
        a20.intoMemorySegment(dwT, o + 2 * rowB, ORDER);
        a21.intoMemorySegment(dwT, o + 2 * rowB + LB, ORDER);
        a30.intoMemorySegment(dwT, o + 3 * rowB, ORDER);
        a31.intoMemorySegment(dwT, o + 3 * rowB + LB, ORDER);
    }

    /**
     * Two column vectors A and B of the windows of 4 consecutive pixels (two neighbours in one window row, or
     * the same columns of two window rows): {@code sum_k dy[p][k] * wt[ky][k][r]} in registers, one channel
     * per step, then added into dx pixel by pixel (windows may overlap, so the adds stay in order). The dy
     * values come broadcast already, from the table {@link Conv2d} fills once per pixel tile ({@code K,4}
     * vectors at byte offset {@code table} in {@code scratch}): plain vector loads, where scalar reads of dy
     * would each need a bounds check. {@code va, vb}: offsets in wt of (ky, k = 0, r) for A and B;
     * {@code xi}: offset in dx of pixel i's vector A, with B at {@code xi + db}. Only the first {@code count}
     * pixels are added.
     */
    static void backwardInput(ConvShape s, MemorySegment scratch, long table, MemorySegment dx, int va, int vb,
                              int db, int x0, int x1, int x2, int x3, int count) {
        long rowB = 4L * s.windowRow();
        long ob = 4L * (vb - va);
        FloatVector a00 = FloatVector.zero(S), a01 = a00, a10 = a00, a11 = a00;
        FloatVector a20 = a00, a21 = a00, a30 = a00, a31 = a00;
        long t = table;
        // vector body: one channel per step (the loop walks the rows of wt, a stride known at run time)
        for (long oa = 4L * va, end = oa + s.outC() * rowB; oa < end; oa += rowB, t += 4 * LB) {
            FloatVector w0 = FloatVector.fromMemorySegment(S, scratch, oa, ORDER);
            FloatVector w1 = FloatVector.fromMemorySegment(S, scratch, oa + ob, ORDER);
            FloatVector g = FloatVector.fromMemorySegment(S, scratch, t, ORDER);
            a00 = g.fma(w0, a00);
            a01 = g.fma(w1, a01);
            g = FloatVector.fromMemorySegment(S, scratch, t + LB, ORDER);
            a10 = g.fma(w0, a10);
            a11 = g.fma(w1, a11);
            g = FloatVector.fromMemorySegment(S, scratch, t + 2 * LB, ORDER);
            a20 = g.fma(w0, a20);
            a21 = g.fma(w1, a21);
            g = FloatVector.fromMemorySegment(S, scratch, t + 3 * LB, ORDER);
            a30 = g.fma(w0, a30);
            a31 = g.fma(w1, a31);
        }
        // read-modify-writes, in pixel order
        long bb = 4L * db;
        long o = 4L * x0;
        FloatVector.fromMemorySegment(S, dx, o, ORDER).add(a00).intoMemorySegment(dx, o, ORDER);
        FloatVector.fromMemorySegment(S, dx, o + bb, ORDER).add(a01).intoMemorySegment(dx, o + bb, ORDER);
        if (count > 1) {
            o = 4L * x1;
            FloatVector.fromMemorySegment(S, dx, o, ORDER).add(a10).intoMemorySegment(dx, o, ORDER);
            FloatVector.fromMemorySegment(S, dx, o + bb, ORDER).add(a11).intoMemorySegment(dx, o + bb, ORDER);
        }
        if (count > 2) {
            o = 4L * x2;
            FloatVector.fromMemorySegment(S, dx, o, ORDER).add(a20).intoMemorySegment(dx, o, ORDER);
            FloatVector.fromMemorySegment(S, dx, o + bb, ORDER).add(a21).intoMemorySegment(dx, o + bb, ORDER);
        }
        if (count > 3) {
            o = 4L * x3;
            FloatVector.fromMemorySegment(S, dx, o, ORDER).add(a30).intoMemorySegment(dx, o, ORDER);
            FloatVector.fromMemorySegment(S, dx, o + bb, ORDER).add(a31).intoMemorySegment(dx, o + bb, ORDER);
        }
    }

    /**
     * The table of {@link #backwardInput}: {@code dy[p + i][k]} broadcast to a vector at
     * {@code table + (k * 4 + i) * vector bytes}, for the 4 pixels of a tile (a short tile repeats its last).
     */
    static void broadcastTable(ConvShape s, MemorySegment dy, int p, int count, MemorySegment scratch, long table) {
        int k = s.outC();
        for (int i = 0; i < PIXELS; i++) {
            long g = 4L * (p + Math.min(i, count - 1)) * k;
            long t = table + i * LB;
            for (int kk = 0; kk < k; kk++, g += 4, t += 4 * LB) {
                FloatVector.broadcast(S, dy.get(F, g)).intoMemorySegment(scratch, t, ORDER);
            }
        }
    }
}
