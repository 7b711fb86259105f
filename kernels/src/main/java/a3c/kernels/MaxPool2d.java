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
 *   argmax    : N,OH,OW,C ints, the window cell ky*KW + kx of each output's winner
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
        requireSizes(s, n, x, y, argmax);
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
        requireSizes(s, n, dx, dy, argmax);
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

    /** One output pixel: the real cells ky0..ky1 x kx0..kx1 of the window at xw, all channels. */
    private static void forwardPixel(PoolShape s, MemorySegment x, MemorySegment y, MemorySegment argmax, int xw,
                                     int o, int ky0, int ky1, int kx0, int kx1) {
        int c = s.channels();
        int inRow = s.inW() * c;
        int first = xw + ky0 * inRow + kx0 * c;
        int c0 = 0;
        // vector body: running max and the cell it came from; strictly greater replaces, so the first max stays
        for (int bound = Simd.loopBound(c); c0 < bound; c0 += L) {
            FloatVector best = Simd.load(x, first + c0);
            IntVector cell = IntVector.broadcast(INTS, ky0 * s.kW() + kx0);
            for (int ky = ky0; ky < ky1; ky++) {
                for (int kx = (ky == ky0 ? kx0 + 1 : kx0); kx < kx1; kx++) {
                    FloatVector v = Simd.load(x, xw + ky * inRow + kx * c + c0);
                    VectorMask<Float> wins = v.compare(VectorOperators.GT, best);
                    best = best.blend(v, wins);
                    cell = cell.blend(ky * s.kW() + kx, wins.cast(INTS));
                }
            }
            Simd.store(best, y, o + c0);
            cell.intoMemorySegment(argmax, (long) (o + c0) << 2, ORDER);
        }
        // scalar tail: same comparisons
        for (; c0 < c; c0++) {
            float best = Simd.get(x, first + c0);
            int cell = ky0 * s.kW() + kx0;
            for (int ky = ky0; ky < ky1; ky++) {
                for (int kx = (ky == ky0 ? kx0 + 1 : kx0); kx < kx1; kx++) {
                    float v = Simd.get(x, xw + ky * inRow + kx * c + c0);
                    if (v > best) {
                        best = v;
                        cell = ky * s.kW() + kx;
                    }
                }
            }
            Simd.set(y, o + c0, best);
            argmax.setAtIndex(ValueLayout.JAVA_INT, o + c0, cell);
        }
    }

    /** One output pixel: dy routed to the winning cells of the window at xw. */
    private static void backwardPixel(PoolShape s, MemorySegment argmax, MemorySegment dy, MemorySegment dx, int xw,
                                      int o, int ky0, int ky1, int kx0, int kx1) {
        int c = s.channels();
        int inRow = s.inW() * c;
        int c0 = 0;
        // vector body: each real cell takes the lanes it won
        FloatVector zero = Simd.zero();
        for (int bound = Simd.loopBound(c); c0 < bound; c0 += L) {
            FloatVector g = Simd.load(dy, o + c0);
            IntVector cell = IntVector.fromMemorySegment(INTS, argmax, (long) (o + c0) << 2, ORDER);
            for (int ky = ky0; ky < ky1; ky++) {
                for (int kx = kx0; kx < kx1; kx++) {
                    VectorMask<Float> won = cell.compare(VectorOperators.EQ, ky * s.kW() + kx).cast(Simd.SPECIES);
                    int at = xw + ky * inRow + kx * c + c0;
                    Simd.store(Simd.load(dx, at).add(zero.blend(g, won)), dx, at);
                }
            }
        }
        // scalar tail
        for (; c0 < c; c0++) {
            int cell = argmax.getAtIndex(ValueLayout.JAVA_INT, o + c0);
            int at = xw + (cell / s.kW()) * inRow + (cell % s.kW()) * c + c0;
            Simd.set(dx, at, Simd.get(dx, at) + Simd.get(dy, o + c0));
        }
    }

    private static void requireSizes(PoolShape s, int n, MemorySegment x, MemorySegment y, MemorySegment argmax) {
        Bounds.requireBatch(n);
        Bounds.require(x, (long) n * s.inSize(), "x");
        Bounds.require(y, (long) n * s.outSize(), "y");
        Bounds.require(argmax, (long) n * s.outSize(), "argmax");
    }
}
