package a3c.atari.pipeline;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The luminance of a step's screens, max-pooled colour by colour ({@link Luminance#ofMax}), kept up to
 * date incrementally, with the rows that changed marked dirty for the resize.
 *
 * <p>Screens are compared in chunks of eight pixels (one long of each). Little of an Atari screen changes
 * from one step to the next (Breakout: about 20 of 4200 chunks; Beam Rider, among the busiest: 600), so a
 * first, tight pass lists the chunks whose bytes differ from those {@link #gray} was last computed from
 * ({@link #seenNewest}, {@link #seenPrevious}); a second pass recomputes just those, with one table
 * lookup a pixel where both screens agree (most pixels) and the colour-wise max where they differ.
 * Invariant, pixel by pixel: {@code gray = Y(max(rgb[seenNewest], rgb[seenPrevious]))}. It holds from the
 * start (zero screens seen, gray = Y(rgb[0])) and every update restores it.
 *
 * <p>With a threshold (the NOTEBOOK frames: binary threshold first, resize after) each level is replaced by
 * 1 where it is above the threshold and 0 elsewhere, through the same lookups, so the resize then interpolates
 * a binary screen. For the UNIVERSE frames the level is the mean of the three colour channels instead of
 * the luminance (universe-starter-agent's {@code frame.mean(2)}; it averages after resizing, which for these
 * linear steps is the same up to OpenCV's rounding of each resized channel to a byte).
 */
final class GrayScreen {
    private static final ValueLayout.OfByte BYTE = ValueLayout.JAVA_BYTE;
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final int width;
    private final int pixels;
    /** Colour of each palette value, and its gray level. */
    private final int[] rgb;
    private final float[] palette = new float[256];
    /** Levels above it become 1, the rest 0; negative: levels kept. */
    private final int threshold;
    /** The level of a colour: (R + G + B) / 3 instead of the luminance. */
    private final boolean channelMean;
    /** One array a row: the resize's same-index loops over rows then vectorise (no aliasing doubt). */
    private final float[][] gray;
    private final boolean[] dirty;
    /** Whole chunks of eight pixels; the row of each chunk's first pixel; the chunks changed this update. */
    private final int chunks;
    private final int[] chunkRow;
    private final int[] changed;
    private final long[] seenNewest;
    private final long[] seenPrevious;

    /** Luminance, no threshold: levels 0..255. */
    GrayScreen(int height, int width, int[] rgbPalette) {
        this(height, width, rgbPalette, -1, false);
    }

    /**
     * With {@code threshold} >= 0, each level becomes 1 where above it and 0 elsewhere; with {@code channelMean}
     * a colour's level is (R + G + B) / 3 (not rounded) instead of its luminance.
     */
    GrayScreen(int height, int width, int[] rgbPalette, int threshold, boolean channelMean) {
        if (rgbPalette.length != 256) {
            throw new IllegalArgumentException("palette has " + rgbPalette.length + " entries, not 256");
        }
        this.rgb = rgbPalette.clone();
        this.threshold = threshold;
        this.channelMean = channelMean;
        for (int i = 0; i < 256; i++) {
            this.palette[i] = level(rgb[i]);
        }
        this.width = width;
        this.pixels = height * width;
        this.gray = new float[height][width];
        for (float[] row : gray) {
            Arrays.fill(row, this.palette[0]);
        }
        this.dirty = new boolean[height];
        Arrays.fill(dirty, true); // the first resize computes everything
        this.chunks = pixels >>> 3;
        this.chunkRow = new int[chunks];
        for (int j = 0; j < chunks; j++) {
            chunkRow[j] = (j << 3) / width;
        }
        this.changed = new int[chunks];
        this.seenNewest = new long[chunks];
        this.seenPrevious = new long[chunks];
    }

    /** Row {@code y} of the gray screen (levels 0..255, or 0/1 with a threshold). */
    float[] row(int y) {
        return gray[y];
    }

    /** Whether any of rows {@code from .. from + count - 1} changed since {@link #clearDirty()}. */
    boolean anyDirty(int from, int count) {
        for (int i = from; i < from + count; i++) {
            if (dirty[i]) {
                return true;
            }
        }
        return false;
    }

    void clearDirty() {
        Arrays.fill(dirty, false);
    }

    /** Brings {@code gray} up to date with a step's screens ({@code previous} may be null: no pooling). */
    void update(MemorySegment newest, MemorySegment previous) {
        int n = previous == null ? listChanged(newest, newest) : listChanged(newest, previous);
        for (int i = 0; i < n; i++) {
            recompute(changed[i]);
        }
        // tail (a screen whose size is not a multiple of 8), never skipped
        for (int p = chunks << 3; p < pixels; p++) {
            int a = newest.get(BYTE, p) & 0xFF;
            int b = previous == null ? a : previous.get(BYTE, p) & 0xFF;
            gray[p / width][p % width] = pooled(a, b);
            dirty[p / width] = true;
        }
    }

    /** Lists the changed chunks in {@link #changed} and records their new bytes; returns how many. */
    private int listChanged(MemorySegment newest, MemorySegment previous) {
        long[] seenA = seenNewest;
        long[] seenB = seenPrevious;
        int[] list = changed;
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

    /** Recomputes the eight gray pixels of chunk {@code j} from its recorded bytes. */
    private void recompute(int j) {
        long a = seenNewest[j];
        long b = seenPrevious[j];
        int y = chunkRow[j];
        int x = (j << 3) - y * width;
        if (x + 8 <= width) {
            // the chunk lies in one row (always, when the width is a multiple of 8)
            float[] g = gray[y];
            dirty[y] = true;
            if (a == b) {
                for (int k = 0; k < 8; k++) {
                    g[x + k] = palette[(int) (a >>> (k << 3)) & 0xFF];
                }
            } else {
                for (int k = 0; k < 8; k++) {
                    int shift = k << 3;
                    g[x + k] = pooled((int) (a >>> shift) & 0xFF, (int) (b >>> shift) & 0xFF);
                }
            }
            return;
        }
        // the chunk runs on into the next row
        for (int k = 0; k < 8; k++, x++) {
            if (x == width) {
                x = 0;
                y++;
            }
            int shift = k << 3;
            gray[y][x] = pooled((int) (a >>> shift) & 0xFF, (int) (b >>> shift) & 0xFF);
            dirty[y] = true;
        }
    }

    /** The gray level of two palette values max-pooled colour by colour. */
    private float pooled(int a, int b) {
        return a == b ? palette[a] : level(maxColour(rgb[a], rgb[b]));
    }

    /** The colour 0xRRGGBB whose every channel is the larger of the two colours'. */
    private static int maxColour(int a, int b) {
        return Math.max(a & 0xFF0000, b & 0xFF0000) | Math.max(a & 0xFF00, b & 0xFF00) | Math.max(a & 0xFF, b & 0xFF);
    }

    private float level(int colour) {
        float level = channelMean ? ((colour >>> 16 & 0xFF) + (colour >>> 8 & 0xFF) + (colour & 0xFF)) / 3f : Luminance.of(colour);
        return threshold < 0 ? level : level > threshold ? 1f : 0f;
    }
}
