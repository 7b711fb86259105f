package a3c.kernels;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Zero padding around images, {@code x: N,H,W,C -> y: N,H+top+bottom,W+left+right,C} (row-major, channels
 * last, as {@link Conv2d} reads them). Forward copies each input row of {@code W*C} floats into the middle of
 * its padded row; the border is written as zeros every call, so {@code y} needs no clearing. Backward adds
 * the middle of each padded row of the gradient back into the input's gradient; the border's gradient is
 * dropped (padding is not a value). Each entry checks every tensor once ({@link Bounds}).
 */
public final class Pad2d {
    private static final VectorSpecies<Float> S = Simd.SPECIES;
    private static final ByteOrder ORDER = Simd.ORDER;
    private static final ValueLayout.OfFloat F = Simd.FLOAT;

    private Pad2d() {
    }

    /** {@code y = pad(x)} for {@code n} images. */
    public static void forward(PadShape s, int n, MemorySegment x, MemorySegment y) {
        Bounds.require(x, (long) n * s.inSize(), "x");
        Bounds.require(y, (long) n * s.outSize(), "y");
        long rowIn = (long) s.inW() * s.channels(), rowOut = (long) s.outW() * s.channels();
        long before = (long) s.left() * s.channels(), after = (long) s.right() * s.channels();
        for (int img = 0; img < n; img++) {
            long yImage = (long) img * s.outSize();
            y.asSlice(4 * yImage, 4 * rowOut * s.top()).fill((byte) 0);
            for (int r = 0; r < s.inH(); r++) {
                long dst = yImage + (s.top() + r) * rowOut;
                y.asSlice(4 * dst, 4 * before).fill((byte) 0);
                MemorySegment.copy(x, 4 * ((long) img * s.inSize() + r * rowIn), y, 4 * (dst + before), 4 * rowIn);
                y.asSlice(4 * (dst + before + rowIn), 4 * after).fill((byte) 0);
            }
            y.asSlice(4 * (yImage + (s.top() + s.inH()) * rowOut), 4 * rowOut * s.bottom()).fill((byte) 0);
        }
    }

    /** {@code dx += the middle of dy} for {@code n} images. */
    public static void backward(PadShape s, int n, MemorySegment dy, MemorySegment dx) {
        Bounds.require(dy, (long) n * s.outSize(), "dy");
        Bounds.require(dx, (long) n * s.inSize(), "dx");
        int rowIn = s.inW() * s.channels();
        long rowOut = (long) s.outW() * s.channels(), before = (long) s.left() * s.channels();
        for (int img = 0; img < n; img++) {
            for (int r = 0; r < s.inH(); r++) {
                addRow(dy, (long) img * s.outSize() + (s.top() + r) * rowOut + before, dx, (long) img * s.inSize() + (long) r * rowIn, rowIn);
            }
        }
    }

    /** {@code dst[to..to+length) += src[from..from+length)}, in floats. */
    private static void addRow(MemorySegment src, long from, MemorySegment dst, long to, int length) {
        int i = 0;
        // vector body
        for (int bound = Simd.loopBound(length); i < bound; i += Simd.LANES) {
            FloatVector a = FloatVector.fromMemorySegment(S, src, 4 * (from + i), ORDER);
            a.add(FloatVector.fromMemorySegment(S, dst, 4 * (to + i), ORDER)).intoMemorySegment(dst, 4 * (to + i), ORDER);
        }
        // scalar tail
        for (; i < length; i++) {
            dst.setAtIndex(F, to + i, dst.getAtIndex(F, to + i) + src.getAtIndex(F, from + i));
        }
    }
}
