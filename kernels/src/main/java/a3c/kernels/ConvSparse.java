package a3c.kernels;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Arrays;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The index of {@link Conv2d}'s sparse paths: which window rows of x are not all 0. A window row (kernel row ky of
 * one output pixel: {@code KW x C} floats, contiguous in x) that is 0 throughout adds only {@code 0 * w} terms to
 * its pixel's output and {@code 0 * dy} terms to the weight gradient, so the sparse paths leave it out of the same
 * FMA chains. In an Atari frame most are: Breakout's background is black, and 56 % of conv1's window rows are 0.
 *
 * <p>The index is an {@code int[]} of {@link ConvShape#sparseIndexInts()}, for one sample: a bit per block of
 * {@link #BLOCK} floats of each input row ({@code words(blocks)} ints a row), then a bit per window row (two ints,
 * a long, an input row: bit ox for the window row starting at column {@code ox * stride}, set where a block it
 * touches is not all 0, so never clear where the window row is not 0). The sparse paths take shapes of at most 64
 * output columns and 64 kernel rows ({@link #applies}: a long holds a row's pixels and a tile's kernel rows);
 * {@link Conv2d} runs the dense kernels for the others.
 */
final class ConvSparse {
    private static final VectorSpecies<Float> S = Simd.SPECIES;
    private static final ByteOrder ORDER = Simd.ORDER;
    private static final ValueLayout.OfFloat F = Simd.FLOAT;
    private static final int L = Simd.LANES;
    /**
     * Floats a bit of the input rows stands for: a whole number of vectors at every width, and conv1's step from one
     * window to the next (stride 4 x 4 frames), so its window rows (32 floats) are two blocks exactly.
     */
    static final int BLOCK = 16;
    /** The share of marked window rows above which a sample runs the dense tiles: see {@link #mark}. */
    static final double DENSE_ABOVE = 0.75;

    private ConvSparse() {
    }

    /** Ints of a bitmap of {@code bits} bits. */
    private static int words(int bits) {
        return (bits + 31) >>> 5;
    }

    /** Blocks of an input row (the last may be short). */
    private static int blocks(ConvShape s) {
        return (s.inW() * s.inC() + BLOCK - 1) / BLOCK;
    }

    /** Ints of the index: the blocks' bits of one sample's input rows, then the window rows' (a long a row). */
    static int indexInts(ConvShape s) {
        return s.inH() * (words(blocks(s)) + 2);
    }

    /**
     * Whether the sparse paths take this shape: at most 64 output columns (a long of window rows an input row) and 64
     * kernel rows (a long of a tile's kernel rows, {@link #tileRows}).
     */
    static boolean applies(ConvShape s) {
        return s.outW() <= 64 && s.kH() <= 64;
    }

    /** Bits 0..outW-1: every pixel of an output row. */
    private static long allPixels(ConvShape s) {
        return s.outW() == 64 ? -1L : (1L << s.outW()) - 1;
    }

    /** Where input row yy's window-row bits are in the index. */
    static int flags(ConvShape s, int yy) {
        return flagsStart(s) + 2 * yy;
    }

    /** The window-row bits at {@code at} (from {@link #flags}): bit ox, window row from column {@code ox * stride}. */
    static long rowFlags(int[] index, int at) {
        return (index[at] & 0xFFFF_FFFFL) | (long) index[at + 1] << 32;
    }

    /** Where the window rows' bits start: after the input rows' bits. */
    private static int flagsStart(ConvShape s) {
        return s.inH() * words(blocks(s));
    }

    /**
     * Marks sample ni of x: a bit for each block with a float not 0 (NaN is not 0; -0 is), by a vector pass, then a bit
     * for each window row that touches one. Returns whether the sparse tiles should run on the sample: whether at
     * most {@link #DENSE_ABOVE} of its window rows are marked (above it the skipping no longer pays for the runs
     * and tiles it cuts the work into: Pong's frames, whose subtracted background leaves crumbs beside every
     * object, mark 81 %, and the sparse paths ran 8-19 % slower there).
     */
    static boolean mark(ConvShape s, MemorySegment x, int ni, int[] index) {
        int rowFloats = s.inW() * s.inC();
        int blocks = blocks(s), full = rowFloats / BLOCK;
        int blockWords = words(blocks);
        int flags0 = flagsStart(s);
        int seg = s.windowRow(), step = s.stride() * s.inC();
        int marked = 0;
        for (int yy = 0; yy < s.inH(); yy++) {
            long base = 4L * (ni * s.inH() + yy) * rowFloats;
            int bits = yy * blockWords;
            // the blocks' bits, 32 to an int, gathered in a register
            for (int wi = 0; wi < blockWords; wi++) {
                int word = 0;
                for (int q = wi << 5, qEnd = Math.min(full, q + 32); q < qEnd; q++) {
                    boolean nonZero = false;
                    for (int v = 0; v < BLOCK; v += L) {
                        nonZero |= FloatVector.fromMemorySegment(S, x, base + 4L * (q * BLOCK + v), ORDER)
                                .compare(VectorOperators.NE, 0f).anyTrue();
                    }
                    word |= (nonZero ? 1 : 0) << (q & 31);
                }
                index[bits + wi] = word;
            }
            // a short last block, float by float
            for (int i = full * BLOCK; i < rowFloats; i++) {
                if (x.get(F, base + 4L * i) != 0f) {
                    index[bits + (full >>> 5)] |= 1 << (full & 31);
                }
            }
            long touched = 0;
            if (blocks <= 64) {
                // the row's bits in one long
                long row = (index[bits] & 0xFFFF_FFFFL) | (blockWords > 1 ? (long) index[bits + 1] << 32 : 0);
                if (row != 0 && step % BLOCK == 0) {
                    // window rows start on blocks, every m-th one, and each spans the same blocks: shifts and a
                    // pick of every m-th bit (conv1: m = 1, two blocks a window row)
                    int m = step / BLOCK, span = (seg + BLOCK - 1) / BLOCK;
                    for (int j = 0; j < span; j++) {
                        touched |= row >>> j;
                    }
                    touched = m == 1 ? touched : Long.compress(touched, every(m));
                } else if (row != 0) {
                    for (int ox = 0; ox < s.outW(); ox++) {
                        int from = ox * step, q0 = from / BLOCK, span = (from + seg - 1) / BLOCK - q0 + 1;
                        long blocksOf = (row >>> q0) & (span >= 64 ? -1L : (1L << span) - 1);
                        touched |= (blocksOf != 0 ? 1L : 0L) << ox;
                    }
                }
            } else {
                for (int ox = 0, from = 0; ox < s.outW(); ox++, from += step) {
                    int q0 = from / BLOCK;
                    touched |= (any(index, bits, q0, (from + seg - 1) / BLOCK - q0 + 1) ? 1L : 0L) << ox;
                }
            }
            touched &= allPixels(s);
            index[flags0 + 2 * yy] = (int) touched;
            index[flags0 + 2 * yy + 1] = (int) (touched >>> 32);
            marked += Long.bitCount(touched);
        }
        // every input row counts its window rows once for each kernel row that reads it; nearly enough the same share
        return marked <= DENSE_ABOVE * s.inH() * s.outW();
    }

    /**
     * The kernel rows (bit ky) in which one of the {@code count} windows of output row oy from column ox is not 0,
     * for the sample {@link #mark} last marked.
     */
    static long tileRows(ConvShape s, int[] index, int oy, int ox, int count) {
        long tile = ((1L << count) - 1) << ox;
        long rows = 0;
        for (int ky = 0, at = flags(s, oy * s.stride()); ky < s.kH(); ky++, at += 2) {
            rows |= ((rowFlags(index, at) & tile) != 0 ? 1L : 0L) << ky;
        }
        return rows;
    }

    /** Bits 0, m, 2m, ... of a long. */
    private static long every(int m) {
        long mask = 0;
        for (int i = 0; i < 64; i += m) {
            mask |= 1L << i;
        }
        return mask;
    }

    /** Whether any of bits {@code from .. from + len - 1} of the bitmap starting at int {@code row} is set. */
    private static boolean any(int[] index, int row, int from, int len) {
        int last = from + len - 1;
        int w0 = from >>> 5, w1 = last >>> 5;
        int head = -1 << (from & 31), tail = -1 >>> (31 - (last & 31));
        if (w0 == w1) {
            return (index[row + w0] & head & tail) != 0;
        }
        if ((index[row + w0] & head) != 0) {
            return true;
        }
        for (int wi = w0 + 1; wi < w1; wi++) {
            if (index[row + wi] != 0) {
                return true;
            }
        }
        return (index[row + w1] & tail) != 0;
    }
}
