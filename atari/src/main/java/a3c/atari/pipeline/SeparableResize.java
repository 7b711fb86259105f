package a3c.atari.pipeline;

import a3c.atari.EnvOptions;

/**
 * Separable resize of the {@link GrayScreen} onto the output frame, by the {@link AxisTaps} of the frames'
 * kind, with the optional crop; redoes only the output rows that read a changed gray row.
 *
 * <pre>
 * columns[y]  = sum_k rowWeight[r][k] * gray[firstRow[r] + k]          r = y + rowOffset; whole rows (vectorised)
 * frame[y][x] = sum_k colWeight[k][x] * columns[y][firstCol[x] + k]    a few taps a pixel (scalar)
 * DEEPMIND: area average, 210 -> 84 rows, 160 -> 84 columns, scaled to [0, 1].
 * NOTEBOOK: bilinear (OpenCV's INTER_LINEAR, the notebook's cv2.resize) of the 0/1 screen, 210 -> 110 rows, rows
 *           cropTop .. cropTop + 84 kept, 160 -> 84 columns.
 * UNIVERSE: rows 34 .. 194 (all 160 columns), bilinear to 80x80, then bilinear to 42x42, scaled to [0, 1]:
 *           the two resizes chained into one set of taps an axis.
 * KERAS:    bilinear (OpenCV's INTER_LINEAR, the Keras tutorial's cv2.resize) of the whole screen, scaled to [0, 1].
 * </pre>
 *
 * <p>Rows go first: the row pass runs along whole source rows (long, contiguous, vectorised by the JIT)
 * and shrinks the data 2.5x before the column pass, which gathers a few taps per pixel.
 */
final class SeparableResize {
    /** UNIVERSE: universe-starter-agent's {@code frame[34:34+160, :160]}, then 80x80 before the output size. */
    private static final int UNIVERSE_CROP_TOP = 34;
    private static final int UNIVERSE_SQUARE = 160;
    private static final int UNIVERSE_HALF = 80;

    private final int outHeight;
    private final int outWidth;
    private final int srcWidth;
    private final int rowOffset;
    private final AxisTaps rows;
    private final int[] firstColumn;
    /** Column weights by tap: {@code colWeights[k][x]} weighs {@code columns[y][firstColumn[x] + k]}. */
    private final float[][] colWeights;
    /** Rows resized, one array a kept output row, with slack for the zero-weight taps past the end. */
    private final float[][] columns;
    private final boolean[] columnsChanged;
    /** The output frame, kept between calls: unchanged rows are not recomputed. */
    private final float[] frame;

    SeparableResize(int srcHeight, int srcWidth, EnvOptions options) {
        this.outHeight = options.frameHeight();
        this.outWidth = options.frameWidth();
        this.srcWidth = srcWidth;
        AxisTaps cols;
        switch (options.frames()) {
            case DEEPMIND -> {
                rowOffset = 0;
                rows = AxisTaps.area(srcHeight, outHeight, 1.0 / 255.0);
                cols = AxisTaps.area(srcWidth, outWidth, 1.0);
            }
            case NOTEBOOK -> { // the notebook's screen is 0/1 already
                rowOffset = options.cropTop();
                rows = AxisTaps.bilinear(srcHeight, options.resizeHeight());
                cols = AxisTaps.bilinear(srcWidth, outWidth);
            }
            case UNIVERSE -> {
                if (srcHeight < UNIVERSE_CROP_TOP + UNIVERSE_SQUARE || srcWidth < UNIVERSE_SQUARE) {
                    throw new IllegalArgumentException("the universe crop needs a screen of at least "
                            + (UNIVERSE_CROP_TOP + UNIVERSE_SQUARE) + "x" + UNIVERSE_SQUARE + ", not " + srcHeight + "x" + srcWidth);
                }
                rowOffset = 0;
                rows = AxisTaps.bilinear(UNIVERSE_SQUARE, UNIVERSE_HALF).then(AxisTaps.bilinear(UNIVERSE_HALF, outHeight))
                        .scaled(1.0 / 255.0).shifted(UNIVERSE_CROP_TOP, srcHeight);
                cols = AxisTaps.bilinear(UNIVERSE_SQUARE, UNIVERSE_HALF).then(AxisTaps.bilinear(UNIVERSE_HALF, outWidth))
                        .shifted(0, srcWidth);
            }
            case KERAS -> {
                rowOffset = 0;
                rows = AxisTaps.bilinear(srcHeight, outHeight).scaled(1.0 / 255.0);
                cols = AxisTaps.bilinear(srcWidth, outWidth);
            }
            default -> throw new IllegalArgumentException("frames " + options.frames());
        }
        this.firstColumn = cols.first;
        this.colWeights = new float[cols.width][outWidth];
        for (int x = 0; x < outWidth; x++) {
            for (int k = 0; k < cols.width; k++) {
                colWeights[k][x] = cols.weights[x * cols.width + k];
            }
        }
        this.columns = new float[outHeight][srcWidth + cols.width];
        this.columnsChanged = new boolean[outHeight];
        this.frame = new float[outHeight * outWidth];
    }

    int frameFloats() {
        return frame.length;
    }

    /** The frame of {@code gray}; clears its dirty rows. */
    float[] resize(GrayScreen gray) {
        resizeRows(gray);
        gray.clearDirty();
        for (int y = 0; y < outHeight; y++) {
            if (columnsChanged[y]) {
                columnsChanged[y] = false;
                if (colWeights.length == 3) {
                    resizeColumns3(y);
                } else {
                    resizeColumnsByTap(y);
                }
            }
        }
        return frame;
    }

    private void resizeRows(GrayScreen gray) {
        int w = srcWidth;
        for (int y = 0; y < outHeight; y++) {
            int r = y + rowOffset;
            int first = rows.first[r];
            int count = rows.count[r];
            if (!gray.anyDirty(first, count)) {
                continue;
            }
            columnsChanged[y] = true;
            float[] c = columns[y];
            float[] g0 = gray.row(first);
            float w0 = rows.weights[r * rows.width];
            for (int x = 0; x < w; x++) {
                c[x] = w0 * g0[x];
            }
            for (int k = 1; k < count; k++) {
                float[] gk = gray.row(first + k);
                float wk = rows.weights[r * rows.width + k];
                for (int x = 0; x < w; x++) {
                    c[x] += wk * gk[x];
                }
            }
        }
    }

    /**
     * Every output reads the same number of taps, short ones padded with zero weights (each row has slack
     * for taps past its end). Shrinking by less than 2 (160 -&gt; 84) needs at most 3, summed in registers.
     */
    private void resizeColumns3(int y) {
        float[] w0 = colWeights[0];
        float[] w1 = colWeights[1];
        float[] w2 = colWeights[2];
        float[] c = columns[y];
        int dst = y * outWidth;
        for (int x = 0; x < outWidth; x++) {
            int f = firstColumn[x];
            frame[dst + x] = w0[x] * c[f] + w1[x] * c[f + 1] + w2[x] * c[f + 2];
        }
    }

    /** Wider shrinks: tap by tap over the row. */
    private void resizeColumnsByTap(int y) {
        float[] c = columns[y];
        int dst = y * outWidth;
        float[] w0 = colWeights[0];
        for (int x = 0; x < outWidth; x++) {
            frame[dst + x] = w0[x] * c[firstColumn[x]];
        }
        for (int k = 1; k < colWeights.length; k++) {
            float[] wk = colWeights[k];
            for (int x = 0; x < outWidth; x++) {
                frame[dst + x] += wk[x] * c[firstColumn[x] + k];
            }
        }
    }
}
