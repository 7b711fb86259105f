package a3c.kernels;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Max-pool over windows of {@link PoolShape} (any window, stride, VALID or SAME), channels on the lanes.
 * <pre>
 *   x, dx     : N,H,W,C
 *   y, dy     : N,OH,OW,C
 *   argmax    : N,OH,OW,C ints ({@link PoolShape#argmaxInts()} per sample, caller-provided), the window
 *               cell ky*KW + kx of each output's winner
 * </pre>
 * Forward keeps argmax for backward: backward then needs neither x nor y, and routes each gradient to
 * exactly one input even where a window holds equal values. The first largest value in scan order
 * (ky, then kx) wins; padded cells are skipped, so they never win.
 */
public final class MaxPool2d {
    private static final VectorSpecies<Float> S = Simd.SPECIES;
    private static final ByteOrder ORDER = Simd.ORDER;
    private static final ValueLayout.OfFloat F = Simd.FLOAT;
    private static final int L = Simd.LANES;
    /** Ints with the same lane count as {@link Simd#SPECIES}: argmax travels beside the floats. */
    private static final VectorSpecies<Integer> INTS = Simd.SPECIES.vectorShape().withLanes(int.class);

    private MaxPool2d() {
    }

    /** {@code y = max over each window}, overwriting y and argmax. */
    public static void forward(PoolShape s, int n, MemorySegment x, MemorySegment y, MemorySegment argmax) {
        // x: N,H,W,C   y: N,OH,OW,C   argmax: N,OH,OW,C (ints)
        requireSizes(s, n, x, "x", y, "y", argmax);
        // the shape's derived sizes, once: each is a division
        int c = s.channels();
        int outH = s.outH(), outW = s.outW(), stride = s.stride(), padTop = s.padTop(), padLeft = s.padLeft();
        int inH = s.inH(), inW = s.inW(), kH = s.kH(), kW = s.kW();
        for (int ni = 0, o = 0; ni < n; ni++) {
            for (int oy = 0; oy < outH; oy++) {
                int iy = oy * stride - padTop;
                int ky0 = Math.max(0, -iy);
                int ky1 = Math.min(kH, inH - iy);
                forwardRow(s, x, y, argmax, ((ni * inH + iy) * inW) * c, o, ky0, ky1);
                o += outW * c;
            }
        }
    }

    /** {@code dx += dL/dx}: each dy entry added to the input its argmax names. */
    public static void backward(PoolShape s, int n, MemorySegment argmax, MemorySegment dy, MemorySegment dx) {
        // argmax: N,OH,OW,C (ints)   dy: N,OH,OW,C   dx: N,H,W,C (+=)
        requireSizes(s, n, dx, "dx", dy, "dy", argmax);
        // the shape's derived sizes, once: each is a division
        int c = s.channels();
        int outH = s.outH(), outW = s.outW(), stride = s.stride(), padTop = s.padTop(), padLeft = s.padLeft();
        int inH = s.inH(), inW = s.inW(), kH = s.kH(), kW = s.kW();
        for (int ni = 0, o = 0; ni < n; ni++) {
            for (int oy = 0; oy < outH; oy++) {
                int iy = oy * stride - padTop;
                int ky0 = Math.max(0, -iy);
                int ky1 = Math.min(kH, inH - iy);
                backwardRow(s, argmax, dy, dx, ((ni * inH + iy) * inW) * c, o, ky0, ky1);
                o += outW * c;
            }
        }
    }

    /**
     * One output row (sample and oy fixed; window rows ky0..ky1 real), all its pixels and channels. Each pixel's
     * real cells are walked in one flat loop (scan order), two channel vectors at a time; the rest goes to
     * {@link #forwardRest}. The pixels loop here, beside the vector code, so that C2 hoists the segments'
     * checks out of it. {@code rowX}: offset in x of input row iy = oy * stride - padTop (may be negative:
     * only real cells are read); {@code o}: offset in y of the row's first output.
     */
    private static void forwardRow(PoolShape s, MemorySegment x, MemorySegment y, MemorySegment argmax, int rowX,
                                   int o, int ky0, int ky1) {
        int c = s.channels();
        int outW = s.outW(), stride = s.stride(), padLeft = s.padLeft(), inW = s.inW(), kW = s.kW();
        long cb = 4L * c;
        for (int ox = 0; ox < outW; ox++, o += c) {
            int ix = ox * stride - padLeft;
            int kx0 = Math.max(0, -ix);
            int kx1 = Math.min(kW, inW - ix);
            int xw = rowX + ix * c;
            int w = kx1 - kx0;
            int cells = (ky1 - ky0) * w;
            long rowSkip = 4L * inW * c - w * cb; // from past a window row's last real cell to the next row
            int idSkip = kW - w;
            int id0 = ky0 * kW + kx0;
            long first = 4L * (xw + ky0 * inW * c + kx0 * c);
            int c0 = 0;
            // vector body: two channel vectors; strictly greater replaces, so the first max in scan order stays
            for (; c0 + 2 * L <= c; c0 += 2 * L) {
                long at = first + 4L * c0;
                FloatVector best0 = FloatVector.fromMemorySegment(S, x, at, ORDER);
                FloatVector best1 = FloatVector.fromMemorySegment(S, x, at + 4L * L, ORDER);
                IntVector cell0 = IntVector.broadcast(INTS, id0);
                IntVector cell1 = cell0;
                for (int t = 1, left = w - 1, id = id0; t < cells; t++) {
                    at += cb;
                    id++;
                    if (left-- == 0) {
                        left = w - 1;
                        at += rowSkip;
                        id += idSkip;
                    }
                    FloatVector v0 = FloatVector.fromMemorySegment(S, x, at, ORDER);
                    FloatVector v1 = FloatVector.fromMemorySegment(S, x, at + 4L * L, ORDER);
                    VectorMask<Float> wins0 = v0.compare(VectorOperators.GT, best0);
                    VectorMask<Float> wins1 = v1.compare(VectorOperators.GT, best1);
                    best0 = best0.blend(v0, wins0);
                    best1 = best1.blend(v1, wins1);
                    cell0 = cell0.blend(id, wins0.cast(INTS));
                    cell1 = cell1.blend(id, wins1.cast(INTS));
                }
                long out = 4L * (o + c0);
                best0.intoMemorySegment(y, out, ORDER);
                best1.intoMemorySegment(y, out + 4L * L, ORDER);
                cell0.intoMemorySegment(argmax, out, ORDER);
                cell1.intoMemorySegment(argmax, out + 4L * L, ORDER);
            }
            if (c0 < c) {
                forwardRest(s, x, y, argmax, xw, o, ky0, ky1, kx0, kx1, c0);
            }
        }
    }

    /** Channels c0.. of one output pixel: one vector, then scalars, the same comparisons. */
    private static void forwardRest(PoolShape s, MemorySegment x, MemorySegment y, MemorySegment argmax, int xw,
                                    int o, int ky0, int ky1, int kx0, int kx1, int c0) {
        int c = s.channels();
        int kW = s.kW();
        int cells = (ky1 - ky0) * (kx1 - kx0);
        int rowSkip = s.inW() * c - (kx1 - kx0) * c;
        int first = xw + ky0 * s.inW() * c + kx0 * c;
        // one-vector tail
        if (c0 + L <= c) {
            FloatVector best = FloatVector.fromMemorySegment(S, x, 4L * (first + c0), ORDER);
            IntVector cell = IntVector.broadcast(INTS, ky0 * kW + kx0);
            for (int t = 1, ky = ky0, kx = kx0, at = first; t < cells; t++) {
                at += c;
                if (++kx == kx1) {
                    kx = kx0;
                    ky++;
                    at += rowSkip;
                }
                FloatVector v = FloatVector.fromMemorySegment(S, x, 4L * (at + c0), ORDER);
                VectorMask<Float> wins = v.compare(VectorOperators.GT, best);
                best = best.blend(v, wins);
                cell = cell.blend(ky * kW + kx, wins.cast(INTS));
            }
            best.intoMemorySegment(y, 4L * (o + c0), ORDER);
            cell.intoMemorySegment(argmax, 4L * (o + c0), ORDER);
            c0 += L;
        }
        // scalar tail: same comparisons
        for (; c0 < c; c0++) {
            float best = x.getAtIndex(F, first + c0);
            int cell = ky0 * kW + kx0;
            for (int t = 1, ky = ky0, kx = kx0, at = first; t < cells; t++) {
                at += c;
                if (++kx == kx1) {
                    kx = kx0;
                    ky++;
                    at += rowSkip;
                }
                float v = x.getAtIndex(F, at + c0);
                if (v > best) {
                    best = v;
                    cell = ky * kW + kx;
                }
            }
            y.setAtIndex(F, o + c0, best);
            argmax.setAtIndex(ValueLayout.JAVA_INT, o + c0, cell);
        }
    }

    /**
     * One output row of dy (sample and oy fixed; window rows ky0..ky1 real) routed to the winning cells of each
     * pixel's window, walked as in {@link #forwardRow}; channels past the last pair of vectors go to
     * {@link #backwardRest}.
     */
    private static void backwardRow(PoolShape s, MemorySegment argmax, MemorySegment dy, MemorySegment dx, int rowX,
                                    int o, int ky0, int ky1) {
        int c = s.channels();
        int outW = s.outW(), stride = s.stride(), padLeft = s.padLeft(), inW = s.inW(), kW = s.kW();
        long cb = 4L * c;
        long lb = 4L * L;
        FloatVector zero = FloatVector.zero(S);
        for (int ox = 0; ox < outW; ox++, o += c) {
            int ix = ox * stride - padLeft;
            int kx0 = Math.max(0, -ix);
            int kx1 = Math.min(kW, inW - ix);
            int xw = rowX + ix * c;
            int w = kx1 - kx0;
            int cells = (ky1 - ky0) * w;
            long rowSkip = 4L * inW * c - w * cb;
            int idSkip = kW - w;
            int id0 = ky0 * kW + kx0;
            long first = 4L * (xw + ky0 * inW * c + kx0 * c);
            int c0 = 0;
            // vector body: two channel vectors; each real cell takes the lanes it won
            for (; c0 + 2 * L <= c; c0 += 2 * L) {
                long out = 4L * (o + c0);
                FloatVector g0 = FloatVector.fromMemorySegment(S, dy, out, ORDER);
                FloatVector g1 = FloatVector.fromMemorySegment(S, dy, out + lb, ORDER);
                IntVector cell0 = IntVector.fromMemorySegment(INTS, argmax, out, ORDER);
                IntVector cell1 = IntVector.fromMemorySegment(INTS, argmax, out + lb, ORDER);
                long at = first + 4L * c0;
                for (int t = 0, left = w - 1, id = id0; t < cells; t++) {
                    VectorMask<Float> won0 = cell0.compare(VectorOperators.EQ, id).cast(S);
                    VectorMask<Float> won1 = cell1.compare(VectorOperators.EQ, id).cast(S);
                    FloatVector.fromMemorySegment(S, dx, at, ORDER).add(zero.blend(g0, won0))
                            .intoMemorySegment(dx, at, ORDER);
                    FloatVector.fromMemorySegment(S, dx, at + lb, ORDER).add(zero.blend(g1, won1))
                            .intoMemorySegment(dx, at + lb, ORDER);
                    at += cb;
                    id++;
                    if (left-- == 0) {
                        left = w - 1;
                        at += rowSkip;
                        id += idSkip;
                    }
                }
            }
            if (c0 < c) {
                backwardRest(s, argmax, dy, dx, xw, o, ky0, ky1, kx0, kx1, c0);
            }
        }
    }

    /** Channels c0.. of one output pixel: one vector, then scalars. */
    private static void backwardRest(PoolShape s, MemorySegment argmax, MemorySegment dy, MemorySegment dx, int xw,
                                     int o, int ky0, int ky1, int kx0, int kx1, int c0) {
        int c = s.channels();
        int kW = s.kW();
        int cells = (ky1 - ky0) * (kx1 - kx0);
        int rowSkip = s.inW() * c - (kx1 - kx0) * c;
        int first = xw + ky0 * s.inW() * c + kx0 * c;
        // one-vector tail
        if (c0 + L <= c) {
            FloatVector zero = FloatVector.zero(S);
            FloatVector g = FloatVector.fromMemorySegment(S, dy, 4L * (o + c0), ORDER);
            IntVector cell = IntVector.fromMemorySegment(INTS, argmax, 4L * (o + c0), ORDER);
            for (int t = 0, ky = ky0, kx = kx0, at = first; t < cells; t++) {
                VectorMask<Float> won = cell.compare(VectorOperators.EQ, ky * kW + kx).cast(S);
                long b = 4L * (at + c0);
                FloatVector.fromMemorySegment(S, dx, b, ORDER).add(zero.blend(g, won)).intoMemorySegment(dx, b, ORDER);
                at += c;
                if (++kx == kx1) {
                    kx = kx0;
                    ky++;
                    at += rowSkip;
                }
            }
            c0 += L;
        }
        // scalar tail
        for (; c0 < c; c0++) {
            int cell = argmax.getAtIndex(ValueLayout.JAVA_INT, o + c0);
            int at = xw + (cell / kW) * s.inW() * c + (cell % kW) * c + c0;
            dx.setAtIndex(F, at, dx.getAtIndex(F, at) + dy.getAtIndex(F, o + c0));
        }
    }

    /** The size checks of both entry points: the batch, then each tensor against its shape. */
    private static void requireSizes(PoolShape s, int n, MemorySegment in, String inName, MemorySegment out,
                                     String outName, MemorySegment argmax) {
        Bounds.requireBatch(n, (long) n * Math.max(s.inSize(), s.outSize()));
        Bounds.require(in, (long) n * s.inSize(), inName);
        Bounds.require(out, (long) n * s.outSize(), outName);
        Bounds.require(argmax, (long) n * s.argmaxInts(), "argmax");
    }
}
