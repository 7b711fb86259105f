package a3c.atari.pipeline;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Arrays;

import a3c.atari.EnvOptions;

/**
 * One agent step's screens to one observation frame: max of the last two screens in luminance, then a
 * separable area-averaging resize (rows first, then columns), then an optional crop and binary threshold.
 *
 * <pre>
 * screens: H,W palette bytes (210x160)
 *   gray    = max(palette[newest], palette[previous])                   H,W       floats 0..255
 *   columns = rows of gray averaged onto the kept output rows            outH,W    floats
 *   frame   = columns averaged onto the output columns                    outH,outW floats 0..1 (or 0/1)
 * DEEPMIND: 210 rows -> 84, 160 columns -> 84.
 * NOTEBOOK: 210 rows -> 110, keep rows cropTop..cropTop+84, 160 columns -> 84, 1 where > threshold.
 * </pre>
 *
 * <p>Rows go first because the row pass runs along whole source rows (long, contiguous, vectorisable
 * by the JIT) and shrinks the data 2.5x before the column pass, which gathers a few taps per pixel.
 *
 * <p><b>Incremental.</b> Little of an Atari screen changes from one step to the next (Breakout: about
 * 20 of 4200 eight-pixel chunks; Beam Rider, among the busiest: 600), so each stage redoes only what
 * changed: the gray chunks whose screen bytes changed, the output rows that read a changed gray row, the
 * output columns of those rows. The processor keeps every stage's result between calls, and its state
 * always equals what a from-scratch computation on the last screens would give (the tests check this).
 * All scratch is allocated once; {@link #process} allocates nothing.
 */
final class FrameProcessor {
    private static final ValueLayout.OfByte BYTE = ValueLayout.JAVA_BYTE;
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final int srcHeight;
    private final int srcWidth;
    private final int outHeight;
    private final int outWidth;
    private final int rowOffset;
    private final float[] palette = new float[256];
    private final AxisTaps rows;
    private final AxisTaps cols;
    private final boolean binary;
    private final float level;
    /** Gray screen, one array a row: same-index loops over two rows vectorise (no aliasing doubt). */
    private final float[][] gray;
    /**
     * The screens {@link #gray} was computed from, as longs of eight pixels: together with {@link #gray} they
     * always satisfy {@code gray = max(palette[seenNewest], palette[seenPrevious])} chunk by chunk.
     */
    private final long[] seenNewest;
    private final long[] seenPrevious;
    /** Whole chunks of eight pixels in a screen, and the ones that changed this step. */
    private final int chunks;
    private final int[] changedList;
    /** The gray row of each chunk's first pixel. */
    private final int[] chunkRow;
    private final int screenPixels;
    /** Rows resized, one array a kept output row, with slack for the zero-weight taps past the end. */
    private final float[][] columns;
    /** Gray rows changed since the last resize, and output rows whose columns changed since. */
    private final boolean[] grayRowDirty;
    private final boolean[] frameRowDirty;
    /** The output frame, outHeight x outWidth; kept between calls, since unchanged rows are not recomputed. */
    private final float[] frame;
    /** Column weights by tap: {@code colWeights[k][x]} weighs {@code columns[y][cols.first[x] + k]}. */
    private final float[][] colWeights;

    FrameProcessor(int srcHeight, int srcWidth, int[] palette, EnvOptions options) {
        if (palette.length != 256) {
            throw new IllegalArgumentException("palette has " + palette.length + " entries, not 256");
        }
        this.srcHeight = srcHeight;
        this.srcWidth = srcWidth;
        this.outHeight = options.frameHeight();
        this.outWidth = options.frameWidth();
        for (int i = 0; i < 256; i++) {
            this.palette[i] = palette[i];
        }
        this.binary = options.frames() == EnvOptions.Frames.NOTEBOOK;
        this.rowOffset = binary ? options.cropTop() : 0;
        int resizedRows = binary ? options.resizeHeight() : outHeight;
        // The binary variant compares gray levels 0..255 with the threshold; the other scales to 0..1.
        this.rows = new AxisTaps(srcHeight, resizedRows, binary ? 1.0 : 1.0 / 255.0);
        this.cols = new AxisTaps(srcWidth, outWidth, 1.0);
        this.level = options.threshold();
        this.gray = new float[srcHeight][srcWidth];
        // All-zero screens seen so far, so gray starts as palette[0] everywhere: the invariant holds.
        this.screenPixels = srcHeight * srcWidth;
        this.chunks = screenPixels >>> 3;
        this.seenNewest = new long[chunks];
        this.seenPrevious = new long[chunks];
        this.changedList = new int[chunks];
        this.chunkRow = new int[chunks];
        for (int j = 0; j < chunks; j++) {
            chunkRow[j] = (j << 3) / srcWidth;
        }
        for (float[] row : gray) {
            Arrays.fill(row, this.palette[0]);
        }
        this.columns = new float[outHeight][srcWidth + cols.width];
        this.frame = new float[outHeight * outWidth];
        this.frameRowDirty = new boolean[outHeight];
        // Everything dirty: the first call computes the whole frame.
        this.grayRowDirty = new boolean[srcHeight];
        Arrays.fill(grayRowDirty, true);
        this.colWeights = new float[cols.width][outWidth];
        for (int x = 0; x < outWidth; x++) {
            for (int k = 0; k < cols.width; k++) {
                colWeights[k][x] = cols.weights[x * cols.width + k];
            }
        }
    }

    int frameFloats() {
        return outHeight * outWidth;
    }

    /**
     * Computes the frame of one step.
     *
     * @param newest   the last screen of the step
     * @param previous the screen before it, or null to use {@code newest} alone
     * @return this processor's frame (outHeight x outWidth floats), overwritten by the next call
     */
    float[] process(MemorySegment newest, MemorySegment previous) {
        luminance(newest, previous);
        resizeRows();
        resizeColumns();
        return frame;
    }

    /**
     * {@code gray = max(palette[newest], palette[previous])}, in chunks of eight pixels (one long of each
     * screen). Most of an Atari screen does not change from one step to the next, so a first, tight pass
     * only lists the chunks whose screens differ from those {@link #gray} was last computed from
     * ({@link #seenNewest}, {@link #seenPrevious}); a second pass recomputes just those.
     */
    void luminance(MemorySegment newest, MemorySegment previous) {
        int changed = previous == null ? changedChunks(newest, newest) : changedChunks(newest, previous);
        for (int i = 0; i < changed; i++) {
            recompute(changedList[i]);
        }
        // tail (a screen whose size is not a multiple of 8), never skipped
        for (int p = chunks << 3; p < screenPixels; p++) {
            float a = palette[newest.get(BYTE, p) & 0xFF];
            float b = previous == null ? a : palette[previous.get(BYTE, p) & 0xFF];
            gray[p / srcWidth][p % srcWidth] = Math.max(a, b);
            grayRowDirty[p / srcWidth] = true;
        }
    }

    /** Lists the chunks that changed in {@link #changedList} and records their new screens; returns how many. */
    private int changedChunks(MemorySegment newest, MemorySegment previous) {
        long[] seenA = seenNewest;
        long[] seenB = seenPrevious;
        int[] list = changedList;
        int n = 0;
        for (int j = 0; j < chunks; j++) {
            long offset = (long) j << 3;
            long a = newest.get(LONG, offset);
            long b = previous.get(LONG, offset);
            if ((a ^ seenA[j] | b ^ seenB[j]) != 0) {
                seenA[j] = a;
                seenB[j] = b;
                list[n++] = j;
            }
        }
        return n;
    }

    /** Recomputes the eight gray pixels of chunk {@code j} from its recorded screens. */
    private void recompute(int j) {
        long a = seenNewest[j];
        long b = seenPrevious[j];
        int p = j << 3;
        int y = chunkRow[j];
        int x = p - y * srcWidth;
        if (x + 8 <= srcWidth) {
            // the chunk lies in one row (always, when the width is a multiple of 8)
            float[] g = gray[y];
            grayRowDirty[y] = true;
            if (a == b) {
                for (int k = 0; k < 8; k++) {
                    g[x + k] = palette[(int) (a >>> (k << 3)) & 0xFF];
                }
            } else {
                for (int k = 0; k < 8; k++) {
                    int shift = k << 3;
                    g[x + k] = Math.max(palette[(int) (a >>> shift) & 0xFF], palette[(int) (b >>> shift) & 0xFF]);
                }
            }
            return;
        }
        // the chunk runs on into the next row
        for (int k = 0; k < 8; k++, x++) {
            if (x == srcWidth) {
                x = 0;
                y++;
            }
            int shift = k << 3;
            gray[y][x] = Math.max(palette[(int) (a >>> shift) & 0xFF], palette[(int) (b >>> shift) & 0xFF]);
            grayRowDirty[y] = true;
        }
    }

    /**
     * {@code columns[y] = sum_k rowWeight[y][k] * gray[firstRow[y] + k]}, whole rows at a time, for the
     * output rows that read a gray row changed since the last call.
     */
    void resizeRows() {
        int w = srcWidth;
        int[] first = rows.first;
        int[] count = rows.count;
        float[] weights = rows.weights;
        int taps = rows.width;
        for (int y = 0; y < outHeight; y++) {
            int r = y + rowOffset;
            if (!anyDirty(first[r], count[r])) {
                continue;
            }
            frameRowDirty[y] = true;
            float[] c = columns[y];
            float[] g0 = gray[first[r]];
            float w0 = weights[r * taps];
            for (int x = 0; x < w; x++) {
                c[x] = w0 * g0[x];
            }
            for (int k = 1; k < count[r]; k++) {
                float[] gk = gray[first[r] + k];
                float wk = weights[r * taps + k];
                for (int x = 0; x < w; x++) {
                    c[x] += wk * gk[x];
                }
            }
        }
        Arrays.fill(grayRowDirty, false);
    }

    private boolean anyDirty(int from, int count) {
        for (int i = from; i < from + count; i++) {
            if (grayRowDirty[i]) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code frame[y][x] = sum_k colWeight[k][x] * columns[y][firstCol[x] + k]}, for the rows
     * {@link #resizeRows} changed. Outputs with fewer taps than the widest are padded with zero weights
     * (each row has slack at its end for taps past it), so every output reads the same number of taps.
     * Shrinking by less than 2 (160 -> 84) needs at most 3, the common case, summed in registers; wider
     * shrinks go tap by tap over the row.
     */
    void resizeColumns() {
        for (int y = 0; y < outHeight; y++) {
            if (frameRowDirty[y]) {
                frameRowDirty[y] = false;
                if (colWeights.length == 3) {
                    resizeColumns3(y);
                } else {
                    resizeColumnsByTap(y);
                }
            }
        }
    }

    private void resizeColumns3(int y) {
        int[] first = cols.first;
        float[] w0 = colWeights[0];
        float[] w1 = colWeights[1];
        float[] w2 = colWeights[2];
        float[] c = columns[y];
        float[] out = frame;
        int dst = y * outWidth;
        for (int x = 0; x < outWidth; x++) {
            int f = first[x];
            out[dst + x] = finish(w0[x] * c[f] + w1[x] * c[f + 1] + w2[x] * c[f + 2]);
        }
    }

    private void resizeColumnsByTap(int y) {
        int[] first = cols.first;
        float[] c = columns[y];
        float[] out = frame;
        int dst = y * outWidth;
        float[] w0 = colWeights[0];
        for (int x = 0; x < outWidth; x++) {
            out[dst + x] = w0[x] * c[first[x]];
        }
        for (int k = 1; k < colWeights.length; k++) {
            float[] wk = colWeights[k];
            for (int x = 0; x < outWidth; x++) {
                out[dst + x] += wk[x] * c[first[x] + k];
            }
        }
        for (int x = 0; x < outWidth; x++) {
            out[dst + x] = finish(out[dst + x]);
        }
    }

    /** The binary threshold of the NOTEBOOK frames; the identity otherwise. */
    private float finish(float v) {
        return binary ? (v > level ? 1f : 0f) : v;
    }
}
