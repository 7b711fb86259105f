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
    private static final int L = Simd.LANES;
    /** Ints with the same lane count as {@link Simd#SPECIES}: argmax travels beside the floats. */
    private static final VectorSpecies<Integer> INTS = Simd.SPECIES.vectorShape().withLanes(int.class);
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();

    private MaxPool2d() {
    }

    /** {@code y = max over each window}, overwriting y and argmax. */
    public static void forward(PoolShape s, int n, MemorySegment x, MemorySegment y, MemorySegment argmax) {
        // x: N,H,W,C   y: N,OH,OW,C   argmax: N,OH,OW,C (ints)
        requireSizes(s, n, x, "x", y, "y", argmax);
        int c = s.channels();
        for (int ni = 0, o = 0; ni < n; ni++) {
            for (int oy = 0; oy < s.outH(); oy++) {
                int iy = oy * s.stride() - s.padTop();
                int ky0 = Math.max(0, -iy);
                int ky1 = Math.min(s.kH(), s.inH() - iy);
                for (int ox = 0; ox < s.outW(); ox++, o += c) {
                    int ix = ox * s.stride() - s.padLeft();
                    int kx0 = Math.max(0, -ix);
                    int kx1 = Math.min(s.kW(), s.inW() - ix);
                    // window origin in x: may lie in the padding, but only real cells are read
                    int xw = ((ni * s.inH() + iy) * s.inW() + ix) * c;
                    forwardPixel(s, x, y, argmax, xw, o, ky0, ky1, kx0, kx1);
                }
            }
        }
    }

    /** {@code dx += dL/dx}: each dy entry added to the input its argmax names. */
    public static void backward(PoolShape s, int n, MemorySegment argmax, MemorySegment dy, MemorySegment dx) {
        // argmax: N,OH,OW,C (ints)   dy: N,OH,OW,C   dx: N,H,W,C (+=)
        requireSizes(s, n, dx, "dx", dy, "dy", argmax);
        int c = s.channels();
        for (int ni = 0, o = 0; ni < n; ni++) {
            for (int oy = 0; oy < s.outH(); oy++) {
                int iy = oy * s.stride() - s.padTop();
                int ky0 = Math.max(0, -iy);
                int ky1 = Math.min(s.kH(), s.inH() - iy);
                for (int ox = 0; ox < s.outW(); ox++, o += c) {
                    int ix = ox * s.stride() - s.padLeft();
                    int kx0 = Math.max(0, -ix);
                    int kx1 = Math.min(s.kW(), s.inW() - ix);
                    int xw = ((ni * s.inH() + iy) * s.inW() + ix) * c;
                    backwardPixel(s, argmax, dy, dx, xw, o, ky0, ky1, kx0, kx1);
                }
            }
        }
    }

    /**
     * One output pixel: the real cells ky0..ky1 x kx0..kx1 of the window at xw, all channels. The cells are
     * walked in one flat loop (scan order), two channel vectors at a time, then one vector, then scalars.
     */
    private static void forwardPixel(PoolShape s, MemorySegment x, MemorySegment y, MemorySegment argmax, int xw,
                                     int o, int ky0, int ky1, int kx0, int kx1) {
        int c = s.channels();
        int kW = s.kW();
        int cells = (ky1 - ky0) * (kx1 - kx0);
        int rowSkip = s.inW() * c - (kx1 - kx0) * c; // from past a window row's last real cell to the next row
        int first = xw + ky0 * s.inW() * c + kx0 * c;
        int c0 = 0;
        // vector body: two channel vectors; strictly greater replaces, so the first max in scan order stays
        for (; c0 + 2 * L <= c; c0 += 2 * L) {
            FloatVector best0 = Simd.load(x, first + c0);
            FloatVector best1 = Simd.load(x, first + c0 + L);
            IntVector cell0 = IntVector.broadcast(INTS, ky0 * kW + kx0);
            IntVector cell1 = cell0;
            for (int t = 1, ky = ky0, kx = kx0, at = first; t < cells; t++) {
                at += c;
                if (++kx == kx1) {
                    kx = kx0;
                    ky++;
                    at += rowSkip;
                }
                int id = ky * kW + kx;
                FloatVector v0 = Simd.load(x, at + c0);
                FloatVector v1 = Simd.load(x, at + c0 + L);
                VectorMask<Float> wins0 = v0.compare(VectorOperators.GT, best0);
                VectorMask<Float> wins1 = v1.compare(VectorOperators.GT, best1);
                best0 = best0.blend(v0, wins0);
                best1 = best1.blend(v1, wins1);
                cell0 = cell0.blend(id, wins0.cast(INTS));
                cell1 = cell1.blend(id, wins1.cast(INTS));
            }
            Simd.store(best0, y, o + c0);
            Simd.store(best1, y, o + c0 + L);
            cell0.intoMemorySegment(argmax, 4L * (o + c0), ORDER);
            cell1.intoMemorySegment(argmax, 4L * (o + c0 + L), ORDER);
        }
        // one-vector tail
        if (c0 + L <= c) {
            FloatVector best = Simd.load(x, first + c0);
            IntVector cell = IntVector.broadcast(INTS, ky0 * kW + kx0);
            for (int t = 1, ky = ky0, kx = kx0, at = first; t < cells; t++) {
                at += c;
                if (++kx == kx1) {
                    kx = kx0;
                    ky++;
                    at += rowSkip;
                }
                FloatVector v = Simd.load(x, at + c0);
                VectorMask<Float> wins = v.compare(VectorOperators.GT, best);
                best = best.blend(v, wins);
                cell = cell.blend(ky * kW + kx, wins.cast(INTS));
            }
            Simd.store(best, y, o + c0);
            cell.intoMemorySegment(argmax, 4L * (o + c0), ORDER);
            c0 += L;
        }
        // scalar tail: same comparisons
        for (; c0 < c; c0++) {
            float best = Simd.get(x, first + c0);
            int cell = ky0 * kW + kx0;
            for (int t = 1, ky = ky0, kx = kx0, at = first; t < cells; t++) {
                at += c;
                if (++kx == kx1) {
                    kx = kx0;
                    ky++;
                    at += rowSkip;
                }
                float v = Simd.get(x, at + c0);
                if (v > best) {
                    best = v;
                    cell = ky * kW + kx;
                }
            }
            Simd.set(y, o + c0, best);
            argmax.setAtIndex(ValueLayout.JAVA_INT, o + c0, cell);
        }
    }

    /** One output pixel: dy routed to the winning cells of the window at xw, walked as in forward. */
    private static void backwardPixel(PoolShape s, MemorySegment argmax, MemorySegment dy, MemorySegment dx, int xw,
                                      int o, int ky0, int ky1, int kx0, int kx1) {
        int c = s.channels();
        int kW = s.kW();
        int cells = (ky1 - ky0) * (kx1 - kx0);
        int rowSkip = s.inW() * c - (kx1 - kx0) * c;
        int first = xw + ky0 * s.inW() * c + kx0 * c;
        FloatVector zero = Simd.zero();
        int c0 = 0;
        // vector body: two channel vectors; each real cell takes the lanes it won
        for (; c0 + 2 * L <= c; c0 += 2 * L) {
            FloatVector g0 = Simd.load(dy, o + c0);
            FloatVector g1 = Simd.load(dy, o + c0 + L);
            IntVector cell0 = IntVector.fromMemorySegment(INTS, argmax, 4L * (o + c0), ORDER);
            IntVector cell1 = IntVector.fromMemorySegment(INTS, argmax, 4L * (o + c0 + L), ORDER);
            for (int t = 0, ky = ky0, kx = kx0, at = first; t < cells; t++) {
                int id = ky * kW + kx;
                VectorMask<Float> won0 = cell0.compare(VectorOperators.EQ, id).cast(Simd.SPECIES);
                VectorMask<Float> won1 = cell1.compare(VectorOperators.EQ, id).cast(Simd.SPECIES);
                Simd.store(Simd.load(dx, at + c0).add(zero.blend(g0, won0)), dx, at + c0);
                Simd.store(Simd.load(dx, at + c0 + L).add(zero.blend(g1, won1)), dx, at + c0 + L);
                at += c;
                if (++kx == kx1) {
                    kx = kx0;
                    ky++;
                    at += rowSkip;
                }
            }
        }
        // one-vector tail
        if (c0 + L <= c) {
            FloatVector g = Simd.load(dy, o + c0);
            IntVector cell = IntVector.fromMemorySegment(INTS, argmax, 4L * (o + c0), ORDER);
            for (int t = 0, ky = ky0, kx = kx0, at = first; t < cells; t++) {
                VectorMask<Float> won = cell.compare(VectorOperators.EQ, ky * kW + kx).cast(Simd.SPECIES);
                Simd.store(Simd.load(dx, at + c0).add(zero.blend(g, won)), dx, at + c0);
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
            Simd.set(dx, at, Simd.get(dx, at) + Simd.get(dy, o + c0));
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
