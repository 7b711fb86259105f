package a3c.kernels;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * 2-D convolution with VALID padding and one stride for both axes (geometry in {@link ConvShape}).
 *
 * <p>Layouts, channels innermost so that channels sit on the SIMD lanes:
 * <pre>
 *   x  : N,H,W,C      input activations          dx : N,H,W,C
 *   w  : KH,KW,C,K    weights, output channel K innermost (see {@link ConvShape#weightShape()})
 *   b  : K            bias
 *   y  : N,OH,OW,K    output activations         dy : N,OH,OW,K
 * </pre>
 * The weight layout is the one the design sketch proposes; with it the tiles run at 55-90% of the peak-FMA
 * benchmark at batch 5 and 20, so no other layout was tried.
 *
 * <p>Output pixels {@code p = (n, oy, ox)} are numbered across the batch in that order. One window row
 * {@code (kx, c)} of an output pixel is a contiguous run of {@code KW*C} floats both in x and (as rows of K)
 * in w, so each kernel row {@code ky} is a small matrix product: pixels x window row, times window row x K.
 *
 * <p>Forward keeps nothing for backward: {@link #backwardParams} reads the forward input x, and
 * {@link #backwardInput} reads the weights. Both backward passes ADD into their gradients.
 *
 * <p>Every loop is tiled the same way: register-blocked tiles from {@link ConvTiles} (4 pixels or 4 window
 * entries x two vectors; a short last tile of pixels repeats its last pixel and stores only the real ones),
 * then, where one vector of channels is left (conv1's 16 at 512 bits), one-vector tiles with as many
 * accumulators, then tails from {@link ConvTails} with the same arithmetic. The weight gradient of such a
 * one-vector block runs with the window row on the lanes instead where the row is whole vector pairs
 * ({@link ConvTiles#backwardParamsLanes}: fewer loads per FMA, summed transposed in the caller's scratch).
 *
 * <p>Offsets are ints: {@link ConvShape} bounds a sample, and every entry point refuses a batch whose
 * tensors would not fit 2^31 floats. Segments are checked against their shapes on entry, so a short one
 * fails there, not past its end (benchmarks and the engine run with vector bounds checks off).
 */
public final class Conv2d {
    private static final VectorSpecies<Float> S = Simd.SPECIES;
    private static final ByteOrder ORDER = Simd.ORDER;
    private static final ValueLayout.OfFloat F = Simd.FLOAT;
    private static final int L = Simd.LANES;

    private Conv2d() {
    }

    /** {@code y = conv(x, w) + b}, overwriting y. Shapes: see the class comment. */
    public static void forward(ConvShape s, int n, MemorySegment x, MemorySegment w, MemorySegment b, MemorySegment y) {
        // x: N,H,W,C   w: KH,KW,C,K   b: K   y: N,OH,OW,K
        requireSizes(s, n, x, "x", w, "w", y, "y");
        Bounds.require(b, s.outC(), "b");
        Bounds.requireNative(x, "x");
        int k = s.outC();
        int pixels = n * s.outH() * s.outW();
        int k0 = 0;
        // vector body: tiles of PIXELS pixels x two vectors of channels (the last tile may be short)
        for (; k0 + 2 * L <= k; k0 += 2 * L) {
            forwardTiles(s, pixels, x, w, b, y, k0, false);
        }
        // one vector of channels left: tiles of PIXELS pixels x one vector
        if (k0 + L <= k) {
            forwardTiles(s, pixels, x, w, b, y, k0, true);
            k0 += L;
        }
        // scalar tail
        for (; k0 < k; k0++) {
            for (int p = 0; p < pixels; p++) {
                ConvTails.forwardScalar(s, x, w, b, y, p, k0);
            }
        }
    }

    /** Every pixel, channels k0..k0+2L ({@link ConvTiles#forward}) or k0..k0+L ({@link ConvTiles#forwardOne}). */
    private static void forwardTiles(ConvShape s, int pixels, MemorySegment x, MemorySegment w, MemorySegment b,
                                     MemorySegment y, int k0, boolean oneVector) {
        int k = s.outC();
        int ow = s.outW();
        int oh = s.outH();
        for (int p = 0; p < pixels; p += ConvTiles.PIXELS) {
            int last = Math.min(pixels, p + ConvTiles.PIXELS) - 1;
            int x0 = windowStart(s, p, ow, oh), x1, x2, x3;
            if (last == p + 3 && (p % ow) + 3 < ow) {
                // four pixels of one output row: their windows are one stride apart
                int step = s.stride() * s.inC();
                x1 = x0 + step;
                x2 = x1 + step;
                x3 = x2 + step;
            } else {
                x1 = windowStart(s, Math.min(p + 1, last), ow, oh);
                x2 = windowStart(s, Math.min(p + 2, last), ow, oh);
                x3 = windowStart(s, Math.min(p + 3, last), ow, oh);
            }
            if (oneVector) {
                ConvTiles.forwardOne(s, x, w, b, y, x0, x1, x2, x3, p * k + k0, k0, last - p + 1);
            } else {
                ConvTiles.forward(s, x, w, b, y, x0, x1, x2, x3, p * k + k0, k0, last - p + 1);
            }
        }
    }

    /**
     * {@code dw += dL/dw, db += dL/db} for upstream gradient dy. x: the forward input. {@code scratch}: at
     * least {@link ConvShape#backwardParamsScratchFloats()} floats, overwritten: where the last channels fill
     * one vector and a window row is a whole number of vector pairs (conv1's 16 channels and 8x4 window row at
     * 512 bits), their dw is summed there transposed, the window row on the lanes ({@link
     * ConvTiles#backwardParamsLanes}), and added into dw at the end.
     */
    public static void backwardParams(ConvShape s, int n, MemorySegment x, MemorySegment dy, MemorySegment dw,
                                      MemorySegment db, MemorySegment scratch) {
        // x: N,H,W,C   dy: N,OH,OW,K   dw: KH,KW,C,K (+=)   db: K (+=)   scratch -> dwT: KH,L,KW,C
        requireSizes(s, n, x, "x", dw, "dw", dy, "dy");
        Bounds.require(db, s.outC(), "db");
        Bounds.require(scratch, s.backwardParamsScratchFloats(), "scratch");
        params(s, n, x, dy, dw, db, scratch, null);
    }

    /**
     * backwardParams' body: with {@code index} (sparse), each sample is marked before its chunks run, and runs the
     * sparse tiles if few enough of its window rows are marked ({@link ConvSparse#mark}).
     */
    private static void params(ConvShape s, int n, MemorySegment x, MemorySegment dy, MemorySegment dw,
                               MemorySegment db, MemorySegment scratch, int[] index) {
        biasGrad(s, n, dy, db);
        int lanesK0 = lanesChannels(s);
        if (lanesK0 >= 0) {
            // a vector loop, not a slice's fill: a slice is an object, and C2 does not always remove it
            FloatVector zero = FloatVector.zero(S);
            for (long o = 0, end = 4L * s.kH() * L * s.windowRow(); o < end; o += 4L * L) {
                zero.intoMemorySegment(scratch, o, ORDER);
            }
        }
        // Chunks of whole output rows of one sample, about CHUNK_PIXELS pixels: their dy rows and the x rows
        // they read stay in L1 while every tile of dw passes over them.
        int rows = Math.max(1, ConvTiles.CHUNK_PIXELS / s.outW());
        for (int ni = 0; ni < n; ni++) {
            int[] marks = index != null && ConvSparse.mark(s, x, ni, index) ? index : null;
            for (int oy0 = 0; oy0 < s.outH(); oy0 += rows) {
                paramsChunk(s, x, dy, dw, scratch, lanesK0, ni, oy0, Math.min(s.outH(), oy0 + rows), marks);
            }
        }
        if (lanesK0 >= 0) {
            addTransposed(s, scratch, dw, lanesK0);
        }
    }

    /**
     * The first of the last channels if they fill one vector and a window row is a whole number of vector
     * pairs, so their weight gradient runs window row on the lanes; -1 otherwise.
     */
    private static int lanesChannels(ConvShape s) {
        int k0 = s.outC() - s.outC() % (2 * L);
        return s.outC() - k0 >= L && s.windowRow() % (2 * L) == 0 ? k0 : -1;
    }

    /** {@code dw[ky][r][k0 + kk] += dwT[ky][kk][r]} for the one vector of channels from k0. */
    private static void addTransposed(ConvShape s, MemorySegment dwT, MemorySegment dw, int k0) {
        int k = s.outC();
        int row = s.windowRow();
        for (int ky = 0; ky < s.kH(); ky++) {
            for (int kk = 0; kk < L; kk++) {
                int t = (ky * L + kk) * row;
                for (int r = 0; r < row; r++) {
                    long i = (long) (ky * row + r) * k + k0 + kk;
                    dw.setAtIndex(F, i, dw.getAtIndex(F, i) + dwT.getAtIndex(F, t + r));
                }
            }
        }
    }

    /**
     * {@link #forward} leaving out the window rows of x that are 0 throughout (see {@link ConvSparse}): each tile of 4
     * neighbouring pixels of one output row runs only the kernel rows not 0 in one of its 4 windows (in Breakout's
     * frames 60 % of them, against 44 % of single window rows: a tile keeps its sums in registers over the whole
     * window, as forward's does). The same floats as {@link #forward}, but for a zero's sign and the NaN a
     * {@code 0 * ∞} weight would have made: the chains are forward's, without their {@code 0 * w} terms. Pays where
     * inputs are mostly 0 (Atari frames on a black or subtracted background); elsewhere it does forward's work and
     * marks the zeros besides. Shapes of more than 64 output columns or kernel rows run forward. {@code index}:
     * {@link ConvShape#sparseIndexInts()} ints, overwritten.
     */
    public static void forwardSparse(ConvShape s, int n, MemorySegment x, MemorySegment w, MemorySegment b,
                                     MemorySegment y, int[] index) {
        requireSizes(s, n, x, "x", w, "w", y, "y");
        Bounds.require(b, s.outC(), "b");
        Bounds.requireNative(x, "x");
        requireIndex(s, index);
        if (!ConvSparse.applies(s)) {
            forward(s, n, x, w, b, y);
            return;
        }
        int k = s.outC(), ow = s.outW();
        int step = s.stride() * s.inC();
        for (int ni = 0; ni < n; ni++) {
            boolean sparse = ConvSparse.mark(s, x, ni, index);
            for (int oy = 0; oy < s.outH(); oy++) {
                int p0 = (ni * s.outH() + oy) * ow;
                for (int ox = 0; ox < ow; ox += ConvTiles.PIXELS) {
                    int count = Math.min(ConvTiles.PIXELS, ow - ox);
                    long rows = sparse ? ConvSparse.tileRows(s, index, oy, ox, count) : 0;
                    int x0 = windowStart(s, p0 + ox);
                    int x1 = x0 + step * Math.min(1, count - 1);
                    int x2 = x0 + step * Math.min(2, count - 1);
                    int x3 = x0 + step * Math.min(3, count - 1);
                    int yo = (p0 + ox) * k;
                    int k0 = 0;
                    // a sample marked too full runs forward's own tiles, as forward would
                    for (; k0 + 2 * L <= k; k0 += 2 * L) {
                        if (sparse) {
                            ConvTiles.forwardRows(s, x, w, b, y, x0, x1, x2, x3, yo + k0, k0, count, rows);
                        } else {
                            ConvTiles.forward(s, x, w, b, y, x0, x1, x2, x3, yo + k0, k0, count);
                        }
                    }
                    if (k0 + L <= k) {
                        if (sparse) {
                            ConvTiles.forwardOneRows(s, x, w, b, y, x0, x1, x2, x3, yo + k0, k0, count, rows);
                        } else {
                            ConvTiles.forwardOne(s, x, w, b, y, x0, x1, x2, x3, yo + k0, k0, count);
                        }
                        k0 += L;
                    }
                    for (; k0 < k; k0++) {
                        for (int i = 0; i < count; i++) {
                            ConvTails.forwardScalar(s, x, w, b, y, p0 + ox + i, k0);
                        }
                    }
                }
            }
        }
    }

    /**
     * {@link #backwardParams} leaving out the window rows of x that are 0 throughout (see {@link ConvSparse}): each
     * sample is marked, and the weight gradient's tiles walk only the runs of pixels whose window row is not 0. The
     * same floats as {@link #backwardParams}, a zero's sign aside (the same chains without their {@code 0 * dy}
     * terms). Shapes of more than 64 output columns or kernel rows run backwardParams. {@code scratch}: as backwardParams';
     * {@code index}: {@link ConvShape#sparseIndexInts()} ints, overwritten.
     */
    public static void backwardParamsSparse(ConvShape s, int n, MemorySegment x, MemorySegment dy, MemorySegment dw,
                                            MemorySegment db, MemorySegment scratch, int[] index) {
        requireSizes(s, n, x, "x", dw, "dw", dy, "dy");
        Bounds.require(db, s.outC(), "db");
        Bounds.require(scratch, s.backwardParamsScratchFloats(), "scratch");
        requireIndex(s, index);
        params(s, n, x, dy, dw, db, scratch, ConvSparse.applies(s) ? index : null);
    }

    private static void requireIndex(ConvShape s, int[] index) {
        if (index.length < s.sparseIndexInts()) {
            throw new IllegalArgumentException("index holds " + index.length + " ints, " + s + " needs "
                    + s.sparseIndexInts());
        }
    }

    /**
     * {@code dx += dL/dx} for upstream gradient dy. {@code scratch}: at least
     * {@link ConvShape#backwardInputScratchFloats()} floats, overwritten with the weights transposed to
     * {@code KH,K,KW,C} (window row on the lanes), so the scatter into dx is the same broadcast-FMA shape
     * as forward, followed by a table of broadcast dy values for one tile of pixels. The first layer's dx is never needed: the engine does not call this for it.
     */
    public static void backwardInput(ConvShape s, int n, MemorySegment w, MemorySegment dy, MemorySegment dx,
                                     MemorySegment scratch) {
        // w: KH,KW,C,K   dy: N,OH,OW,K   dx: N,H,W,C (+=)   scratch -> wt: KH,K,KW,C, then dy table: K,4,LANES
        requireSizes(s, n, dx, "dx", w, "w", dy, "dy");
        Bounds.require(scratch, s.backwardInputScratchFloats(), "scratch");
        transpose(s, w, scratch);
        int pixels = n * s.outH() * s.outW();
        for (int p = 0; p < pixels; p += ConvTiles.PIXELS) {
            inputTile(s, scratch, dy, dx, p, Math.min(ConvTiles.PIXELS, pixels - p));
        }
    }

    /**
     * dx for the windows of the {@code count} (at most {@link ConvTiles#PIXELS}) pixels from p. The window's
     * full column vectors, row after row, are taken in pairs by {@link ConvTiles#backwardInput}; an odd one out
     * and the columns past the last full vector of each row go pixel by pixel through
     * {@link ConvTails#inputRowRest}.
     */
    private static void inputTile(ConvShape s, MemorySegment wt, MemorySegment dy, MemorySegment dx, int p,
                                  int count) {
        int k = s.outC();
        long table = 4L * s.weightSize();
        ConvTiles.broadcastTable(s, dy, p, count, wt, table);
        int row = s.windowRow();
        int inRow = s.inW() * s.inC();
        int last = p + count - 1;
        int x0 = windowStart(s, p);
        int x1, x2, x3;
        if (count == 4 && (p % s.outW()) + 3 < s.outW()) {
            // four pixels of one output row: their windows are one stride apart
            int step = s.stride() * s.inC();
            x1 = x0 + step;
            x2 = x1 + step;
            x3 = x2 + step;
        } else {
            x1 = windowStart(s, Math.min(p + 1, last));
            x2 = windowStart(s, Math.min(p + 2, last));
            x3 = windowStart(s, Math.min(p + 3, last));
        }
        int perRow = row / L;
        int vectors = s.kH() * perRow;
        // vector body: pairs of column vectors (ky, r), taken row after row
        for (int v = 0, ky = 0, col = 0; v + 1 < vectors; v += 2) {
            int kyA = ky;
            int rA = col * L;
            if (++col == perRow) {
                col = 0;
                ky++;
            }
            int kyB = ky;
            int rB = col * L;
            if (++col == perRow) {
                col = 0;
                ky++;
            }
            int dA = kyA * inRow + rA;
            int dB = kyB * inRow + rB;
            ConvTiles.backwardInput(s, wt, table, dx, kyA * k * row + rA, kyB * k * row + rB, dB - dA, x0 + dA,
                    x1 + dA, x2 + dA, x3 + dA, count);
        }
        // the odd vector out (last row) and each row's scalar columns, pixel by pixel
        for (int i = 0; i < count; i++) {
            int start = windowStart(s, p + i);
            for (int ky = 0; ky < s.kH(); ky++) {
                int from = (vectors % 2 == 1 && ky == s.kH() - 1) ? (perRow - 1) * L : perRow * L;
                if (from < row) {
                    ConvTails.inputRowRest(s, wt, dy, dx, p + i, start + ky * inRow, ky, from);
                }
            }
        }
    }

    /** Float offset in x of the top-left corner of output pixel p's window. */
    static int windowStart(ConvShape s, int p) {
        return windowStart(s, p, s.outW(), s.outH());
    }

    /** {@link #windowStart(ConvShape, int)} with the output size passed in (each of outW, outH is a division). */
    static int windowStart(ConvShape s, int p, int ow, int oh) {
        int row = p / ow;
        int ox = p - row * ow;
        int ni = row / oh;
        int oy = row - ni * oh;
        return ((ni * s.inH() + oy * s.stride()) * s.inW() + ox * s.stride()) * s.inC();
    }

    /** {@code db += sum over pixels of dy}. */
    private static void biasGrad(ConvShape s, int n, MemorySegment dy, MemorySegment db) {
        int k = s.outC();
        int pixels = n * s.outH() * s.outW();
        int k0 = 0;
        // vector body: one accumulator per channel vector, pixels in order
        for (; k0 + L <= k; k0 += L) {
            FloatVector acc = FloatVector.fromMemorySegment(S, db, 4L * k0, ORDER);
            for (int p = 0; p < pixels; p++) {
                acc = acc.add(FloatVector.fromMemorySegment(S, dy, 4L * ((long) p * k + k0), ORDER));
            }
            acc.intoMemorySegment(db, 4L * k0, ORDER);
        }
        // scalar tail
        for (; k0 < k; k0++) {
            float acc = db.getAtIndex(F, k0);
            for (int p = 0; p < pixels; p++) {
                acc += dy.getAtIndex(F, (long) p * k + k0);
            }
            db.setAtIndex(F, k0, acc);
        }
    }

    /**
     * All of dw over output rows oy0..oy1 of sample ni ({@code lanesK0}: see {@link #lanesChannels}; {@code index}: the
     * sample's marks for the sparse path, or null). The sparse path skips the pixels whose window row is 0 in the
     * two-vector and the lanes tiles; the one-vector tile sums alternate pixels apart, which skipping would regroup,
     * so it and the tails take every pixel (their 0 terms change nothing).
     */
    private static void paramsChunk(ConvShape s, MemorySegment x, MemorySegment dy, MemorySegment dw,
                                    MemorySegment dwT, int lanesK0, int ni, int oy0, int oy1, int[] index) {
        int k = s.outC();
        int row = s.windowRow();
        int k0 = 0;
        // vector body: tiles of ROWS window entries x two vectors of channels
        for (; k0 + 2 * L <= k; k0 += 2 * L) {
            paramsTiles(s, x, dy, dw, ni, oy0, oy1, k0, false, index);
        }
        // one vector of channels left: the window row on the lanes where it is whole vector pairs, else tiles
        // of ROWS window entries x one vector
        if (k0 + L <= k) {
            if (k0 == lanesK0) {
                paramsLanes(s, x, dy, dwT, ni, oy0, oy1, k0, index);
            } else {
                paramsTiles(s, x, dy, dw, ni, oy0, oy1, k0, true, null);
            }
            k0 += L;
        }
        // scalar tail
        for (; k0 < k; k0++) {
            for (int ky = 0; ky < s.kH(); ky++) {
                for (int j = 0; j < row; j++) {
                    ConvTails.paramsScalar(s, x, dy, dw, ni, oy0, oy1, ky, j, k0);
                }
            }
        }
    }

    /** dwT of channels k0..k0+L over output rows oy0..oy1 of sample ni: tiles of 4 channels x 2 vectors of a window row. */
    private static void paramsLanes(ConvShape s, MemorySegment x, MemorySegment dy, MemorySegment dwT, int ni,
                                    int oy0, int oy1, int k0, int[] index) {
        int k = s.outC();
        int row = s.windowRow();
        int go = ((ni * s.outH() + oy0) * s.outW()) * k + k0;
        for (int ky = 0; ky < s.kH(); ky++) {
            int xo = ((ni * s.inH() + oy0 * s.stride() + ky) * s.inW()) * s.inC();
            int flags = ConvSparse.flags(s, oy0 * s.stride() + ky);
            for (int kk = 0; kk < L; kk += 4) {
                for (int r0 = 0; r0 < row; r0 += 2 * L) {
                    if (index == null) {
                        ConvTiles.backwardParamsLanes(s, x, dy, dwT, oy1 - oy0, xo + r0, go + kk, (ky * L + kk) * row + r0);
                    } else {
                        ConvTiles.backwardParamsLanesRuns(s, x, dy, dwT, oy1 - oy0, xo + r0, go + kk,
                                (ky * L + kk) * row + r0, index, flags, 2 * s.stride());
                    }
                }
            }
        }
    }

    /**
     * dw of channels k0..k0+2L ({@link ConvTiles#backwardParams}) or k0..k0+L ({@link ConvTiles#backwardParamsOne})
     * over output rows oy0..oy1 of sample ni; window entries past the last tile of ROWS one vector at a time.
     */
    private static void paramsTiles(ConvShape s, MemorySegment x, MemorySegment dy, MemorySegment dw, int ni,
                                    int oy0, int oy1, int k0, boolean oneVector, int[] index) {
        int k = s.outC();
        int row = s.windowRow();
        int fullRows = row - row % ConvTiles.ROWS;
        for (int ky = 0; ky < s.kH(); ky++) {
            int xo = ((ni * s.inH() + oy0 * s.stride() + ky) * s.inW()) * s.inC();
            int go = ((ni * s.outH() + oy0) * s.outW()) * k + k0;
            int flags = ConvSparse.flags(s, oy0 * s.stride() + ky);
            for (int j = 0; j < fullRows; j += ConvTiles.ROWS) {
                if (oneVector) {
                    ConvTiles.backwardParamsOne(s, x, dy, dw, oy1 - oy0, xo + j, go, (ky * row + j) * k + k0);
                } else if (index == null) {
                    ConvTiles.backwardParams(s, x, dy, dw, oy1 - oy0, xo + j, go, (ky * row + j) * k + k0);
                } else {
                    ConvTiles.backwardParamsRuns(s, x, dy, dw, oy1 - oy0, xo + j, go, (ky * row + j) * k + k0, index,
                            flags, 2 * s.stride());
                }
            }
            for (int j = fullRows; j < row; j++) {
                ConvTails.paramsVector(s, x, dy, dw, ni, oy0, oy1, ky, j, k0);
                if (!oneVector) {
                    ConvTails.paramsVector(s, x, dy, dw, ni, oy0, oy1, ky, j, k0 + L);
                }
            }
        }
    }

    /** {@code wt[ky][k][r] = w[ky][r][k]} with r = (kx, c): the window row becomes contiguous per channel. */
    private static void transpose(ConvShape s, MemorySegment w, MemorySegment wt) {
        int k = s.outC();
        int row = s.windowRow();
        for (int ky = 0; ky < s.kH(); ky++) {
            int base = ky * row * k;
            for (int r = 0; r < row; r++) {
                for (int kk = 0; kk < k; kk++) {
                    wt.setAtIndex(F, base + kk * row + r, w.getAtIndex(F, base + r * k + kk));
                }
            }
        }
    }

    /** The size checks of every entry point: the batch, then each tensor against its shape. */
    private static void requireSizes(ConvShape s, int n, MemorySegment in, String inName, MemorySegment w,
                                     String wName, MemorySegment out, String outName) {
        Bounds.requireBatch(n, (long) n * Math.max(s.inSize(), s.outSize()));
        Bounds.require(in, (long) n * s.inSize(), inName);
        Bounds.require(w, s.weightSize(), wName);
        Bounds.require(out, (long) n * s.outSize(), outName);
    }
}
