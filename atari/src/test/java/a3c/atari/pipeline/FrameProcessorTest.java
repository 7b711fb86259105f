package a3c.atari.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import a3c.atari.EnvOptions;

/** The frame processor against {@link FramesReference}, on random synthetic screens. */
class FrameProcessorTest {
    private static final double TOLERANCE = 2e-6;

    /** Random colours 0xRRGGBB. */
    private static int[] randomPalette(Random r) {
        int[] p = new int[256];
        for (int i = 0; i < 256; i++) {
            p[i] = r.nextInt(1 << 24);
        }
        return p;
    }

    private static byte[] randomScreen(Random r, int pixels) {
        byte[] s = new byte[pixels];
        r.nextBytes(s);
        return s;
    }

    /** Changes a few random rectangles of {@code s} (what moves between two Atari frames). */
    private static byte[] perturb(Random r, byte[] s, int h, int w) {
        byte[] t = s.clone();
        for (int n = r.nextInt(4); n >= 0; n--) {
            int y0 = r.nextInt(h);
            int x0 = r.nextInt(w);
            int y1 = Math.min(h, y0 + 1 + r.nextInt(12));
            int x1 = Math.min(w, x0 + 1 + r.nextInt(12));
            byte v = (byte) r.nextInt(256);
            for (int y = y0; y < y1; y++) {
                for (int x = x0; x < x1; x++) {
                    t[y * w + x] = v;
                }
            }
        }
        return t;
    }

    /** Colour i is the gray level i. */
    private static int[] grayPalette() {
        int[] palette = new int[256];
        for (int i = 0; i < 256; i++) {
            palette[i] = i * 0x010101;
        }
        return palette;
    }

    /** A 210x160 screen whose colour index is its row ({@code byRow}) or its column everywhere. */
    private static byte[] ramp(boolean byRow) {
        byte[] s = new byte[210 * 160];
        for (int y = 0; y < 210; y++) {
            for (int x = 0; x < 160; x++) {
                s[y * 160 + x] = (byte) (byRow ? y : x);
            }
        }
        return s;
    }

    private static MemorySegment native_(Arena arena, byte[] screen) {
        MemorySegment m = arena.allocate(screen.length);
        MemorySegment.copy(MemorySegment.ofArray(screen), 0, m, 0, screen.length);
        return m;
    }

    private static void assertFrame(double[][] expected, float[] actual, String what) {
        int w = expected[0].length;
        for (int y = 0; y < expected.length; y++) {
            for (int x = 0; x < w; x++) {
                assertEquals(expected[y][x], actual[y * w + x], TOLERANCE, what + " at y=" + y + " x=" + x);
            }
        }
    }

    /**
     * A sequence of screens, each a small change of the last, through one (incremental) processor: every
     * frame must equal the reference computed from scratch, with and without max-pooling.
     */
    @ParameterizedTest(name = "{0}x{1} -> {2}x{3}")
    @CsvSource({"210, 160, 84, 84", "210, 160, 40, 30", "13, 21, 5, 7", "64, 64, 64, 64", "210, 160, 1, 1"})
    void deepMindMatchesReferenceIncrementally(int h, int w, int outH, int outW) {
        long seed = System.nanoTime();
        Random r = new Random(seed);
        int[] palette = randomPalette(r);
        EnvOptions options = EnvOptions.defaults().frameHeight(outH).frameWidth(outW).build();
        FrameProcessor processor = new FrameProcessor(h, w, palette, options);
        byte[] previous = randomScreen(r, h * w);
        try (Arena arena = Arena.ofConfined()) {
            for (int step = 0; step < 40; step++) {
                byte[] newest = step % 7 == 3 ? randomScreen(r, h * w) : perturb(r, previous, h, w);
                boolean pool = step % 5 != 2;
                float[] frame = processor.process(native_(arena, newest), pool ? native_(arena, previous) : null);
                double[][] expected = FramesReference.deepMind(
                        FramesReference.gray(newest, pool ? previous : null, palette, h, w), outH, outW);
                assertFrame(expected, frame, "seed=" + seed + " step=" + step);
                previous = newest;
            }
        }
    }

    @Test
    void notebookThresholdsThenResizesAndCrops() {
        long seed = System.nanoTime();
        Random r = new Random(seed);
        int[] palette = randomPalette(r);
        // Mostly black with a few bright blocks, as the notebook's games are.
        for (int i = 0; i < 200; i++) {
            palette[i] = 0;
        }
        EnvOptions options = EnvOptions.defaults().frames(EnvOptions.Frames.NOTEBOOK).threshold(40).build();
        FrameProcessor processor = new FrameProcessor(210, 160, palette, options);
        byte[] previous = randomScreen(r, 210 * 160);
        int checked = 0, partial = 0;
        try (Arena arena = Arena.ofConfined()) {
            for (int step = 0; step < 10; step++) {
                byte[] newest = perturb(r, previous, 210, 160);
                float[] frame = processor.process(native_(arena, newest), native_(arena, previous));
                double[][] expected = FramesReference.notebook(
                        FramesReference.gray(newest, previous, palette, 210, 160), 40, 110, 26, 84, 84);
                for (int y = 0; y < 84; y++) {
                    for (int x = 0; x < 84; x++) {
                        assertEquals(expected[y][x], frame[y * 84 + x], 1e-5,
                                "seed=" + seed + " step=" + step + " y=" + y + " x=" + x);
                        if (expected[y][x] > 0 && expected[y][x] < 1) {
                            partial++; // a pixel on an edge: the average of a binary screen, not a binary pixel
                        }
                        checked++;
                    }
                }
                previous = newest;
            }
        }
        assertEquals(10 * 84 * 84, checked);
        assertTrue(partial > 0, "the resize comes after the threshold, so edges average to fractions");
    }

    /**
     * The order by hand. A screen of gray level 30 left of column 81 and 200 from it, threshold 40: the binary
     * screen is 0 | 1. Output column 42 (of 84) samples the source at (42 + 0.5) * 160 / 84 - 0.5 = 80.452
     * (OpenCV's INTER_LINEAR: the pixel centre mapped back), between column 80 (0) and 81 (1): 0.452.
     * Thresholding after the resize (the old order) would have interpolated the levels to 106.9
     * and given 1.
     */
    @Test
    void aDimEdgeBesideABrightOneInterpolatesTheBinaryScreen() {
        int[] palette = grayPalette();
        byte[] screen = new byte[210 * 160];
        for (int y = 0; y < 210; y++) {
            for (int x = 0; x < 160; x++) {
                screen[y * 160 + x] = (byte) (x < 81 ? 30 : 200);
            }
        }
        FrameProcessor processor = new FrameProcessor(210, 160, palette, EnvOptions.defaults().frames(EnvOptions.Frames.NOTEBOOK).threshold(40).build());
        try (Arena arena = Arena.ofConfined()) {
            float[] frame = processor.process(native_(arena, screen), null);
            for (int y = 0; y < 84; y++) {
                assertEquals(0f, frame[y * 84 + 41], 1e-6);
                assertEquals(42.5 * 160 / 84 - 0.5 - 80, frame[y * 84 + 42], 1e-5, "row " + y);
                assertEquals(1f, frame[y * 84 + 43], 1e-6);
            }
        }
    }

    /**
     * universe-starter-agent's frames, incrementally, against the reference: the channels' mean, the crop, two
     * bilinear resizes (42x42 as the preset; 84x84 enlarges the 80x80; 21x30 is neither square nor a divisor).
     */
    @ParameterizedTest(name = "210x160 -> {0}x{1}")
    @CsvSource({"42, 42", "84, 84", "21, 30"})
    void universeMatchesReferenceIncrementally(int outH, int outW) {
        matchesReferenceIncrementally(EnvOptions.Frames.UNIVERSE, outH, outW,
                (newest, previous, palette) -> FramesReference.universe(FramesReference.channelMean(newest, previous, palette, 210, 160), outH, outW));
    }

    /** The reference frame of a step's screens (previous: null when not max-pooled). */
    private interface Reference {
        double[][] of(byte[] newest, byte[] previous, int[] palette);
    }

    /** 20 screens of 210x160, each a small change of the last (or a new one), through one processor, against the reference. */
    private static void matchesReferenceIncrementally(EnvOptions.Frames kind, int outH, int outW, Reference reference) {
        long seed = System.nanoTime();
        Random r = new Random(seed);
        int[] palette = randomPalette(r);
        EnvOptions options = EnvOptions.defaults().frames(kind).frameHeight(outH).frameWidth(outW).build();
        FrameProcessor processor = new FrameProcessor(210, 160, palette, options);
        byte[] previous = randomScreen(r, 210 * 160);
        try (Arena arena = Arena.ofConfined()) {
            for (int step = 0; step < 20; step++) {
                byte[] newest = step % 7 == 3 ? randomScreen(r, 210 * 160) : perturb(r, previous, 210, 160);
                boolean pool = step % 5 != 2;
                float[] frame = processor.process(native_(arena, newest), pool ? native_(arena, previous) : null);
                assertFrame(reference.of(newest, pool ? previous : null, palette), frame, kind + " seed=" + seed + " step=" + step);
                previous = newest;
            }
        }
    }

    /**
     * By hand: a screen whose gray level is its column (0 .. 159) everywhere. 160 -&gt; 80 averages column pairs,
     * 2j + 0.5; 80 -&gt; 42 samples at (i + 0.5) 80/42 - 0.5 between two of those, a straight line, so output i is
     * (i + 0.5) 160/42 - 0.5 (1.405 at 0, 157.595 at 41) over 255. The same screen with its row as the level:
     * the crop adds 34. And a pure red reads (255 + 0 + 0) / 3 = 85, where its luminance would be 76.
     */
    @Test
    void universeByHand() {
        int[] palette = grayPalette();
        palette[255] = 0xFF0000;
        byte[] byColumn = ramp(false);
        byte[] byRow = ramp(true);
        EnvOptions options = EnvOptions.defaults().frames(EnvOptions.Frames.UNIVERSE).frameHeight(42).frameWidth(42).build();
        try (Arena arena = Arena.ofConfined()) {
            float[] columns = new FrameProcessor(210, 160, palette, options).process(native_(arena, byColumn), null);
            float[] rows = new FrameProcessor(210, 160, palette, options).process(native_(arena, byRow), null);
            for (int i = 0; i < 42; i++) {
                double line = (i + 0.5) * 160 / 42 - 0.5;
                for (int j = 0; j < 42; j++) {
                    assertEquals(line / 255, columns[j * 42 + i], 1e-6, "column ramp, output column " + i);
                    assertEquals((line + 34) / 255, rows[i * 42 + j], 1e-6, "row ramp, output row " + i);
                }
            }
            assertEquals(1.405 / 255, columns[0], 1e-5);
            assertEquals(157.595 / 255, columns[41], 1e-5);
            MemorySegment red = arena.allocate(210 * 160).fill((byte) 255);
            for (float v : new FrameProcessor(210, 160, palette, options).process(red, null)) {
                assertEquals(85 / 255f, v, 1e-6);
            }
        }
    }

    /**
     * The Keras tutorial's frames, incrementally, against the reference: the luminance, then one bilinear resize of
     * the whole screen (80x80 as the preset; 84x84; 21x30 is neither square nor a divisor; 210x160 is the screen).
     */
    @ParameterizedTest(name = "210x160 -> {0}x{1}")
    @CsvSource({"80, 80", "84, 84", "21, 30", "210, 160"})
    void kerasMatchesReferenceIncrementally(int outH, int outW) {
        matchesReferenceIncrementally(EnvOptions.Frames.KERAS, outH, outW,
                (newest, previous, palette) -> FramesReference.keras(FramesReference.gray(newest, previous, palette, 210, 160), outH, outW));
    }

    /**
     * By hand: a screen whose gray level is its column (0 .. 159) everywhere. Bilinear 160 -&gt; 80 samples at
     * (i + 0.5) 2 - 0.5 = 2i + 0.5, halfway between two columns, so output column i is 2i + 0.5 over 255. With the
     * row as the level, output row i samples (i + 0.5) 210/80 - 0.5: 0.8125 at 0, 208.1875 at 79. And one white
     * row (100) on black: only output row 38 samples near it (at 100.5625: 0.4375 of row 100 and 0.5625 of row
     * 101), where an area average would spread it over output row 38 as 1/2.625 = 0.381.
     */
    @Test
    void kerasByHand() {
        int[] palette = grayPalette();
        byte[] byColumn = ramp(false);
        byte[] byRow = ramp(true);
        EnvOptions options = EnvOptions.defaults().frames(EnvOptions.Frames.KERAS).frameHeight(80).frameWidth(80).build();
        try (Arena arena = Arena.ofConfined()) {
            float[] columns = new FrameProcessor(210, 160, palette, options).process(native_(arena, byColumn), null);
            float[] rows = new FrameProcessor(210, 160, palette, options).process(native_(arena, byRow), null);
            for (int i = 0; i < 80; i++) {
                for (int j = 0; j < 80; j++) {
                    assertEquals((2 * i + 0.5) / 255, columns[j * 80 + i], 1e-6, "column ramp, output column " + i);
                    assertEquals(((i + 0.5) * 210 / 80 - 0.5) / 255, rows[i * 80 + j], 1e-6, "row ramp, output row " + i);
                }
            }
            assertEquals(0.8125 / 255, rows[0], 1e-6);
            assertEquals(208.1875 / 255, rows[79 * 80], 1e-6);
            MemorySegment line = arena.allocate(210 * 160);
            line.asSlice(100 * 160, 160).fill((byte) 255);
            float[] frame = new FrameProcessor(210, 160, palette, options).process(line, null);
            for (int i = 0; i < 80; i++) {
                for (int j = 0; j < 80; j++) {
                    assertEquals(i == 38 ? 0.4375 : 0, frame[i * 80 + j], 1e-6, "one white row, output row " + i);
                }
            }
        }
    }

    @Test
    void aResizeChainedIsTheTwoResizes() {
        AxisTaps chained = AxisTaps.bilinear(160, 80).then(AxisTaps.bilinear(80, 42));
        double[][] ramp = new double[1][160];
        for (int x = 0; x < 160; x++) {
            ramp[0][x] = Math.sin(x * 0.37) * 100 + x;
        }
        double[][] twice = FramesReference.bilinear(FramesReference.bilinear(ramp, 1, 80), 1, 42);
        for (int i = 0; i < 42; i++) {
            double sum = 0;
            for (int k = 0; k < chained.count[i]; k++) {
                sum += chained.weights[i * chained.width + k] * ramp[0][chained.first[i] + k];
            }
            assertEquals(twice[0][i], sum, 1e-4, "output " + i);
        }
    }

    @Test
    void uniformScreensGiveUniformFrames() {
        int[] palette = grayPalette();
        FrameProcessor processor = new FrameProcessor(210, 160, palette, EnvOptions.defaults().build());
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment a = arena.allocate(210 * 160).fill((byte) 200);
            MemorySegment b = arena.allocate(210 * 160).fill((byte) 100);
            for (float v : processor.process(a, b)) {
                assertEquals(200 / 255f, v, 1e-6);
            }
            for (float v : processor.process(b, null)) {
                assertEquals(100 / 255f, v, 1e-6);
            }
        }
    }

    @Test
    void poolingTakesTheMaxOfEachColourThenTheLuminance() {
        assertEquals(76, Luminance.of(0xFF0000));
        assertEquals(150, Luminance.of(0x00FF00));
        assertEquals(226, Luminance.ofMax(0xFF0000, 0x00FF00)); // yellow, brighter than either
        assertEquals(Luminance.of(0x4A4A4A), Luminance.ofMax(0x4A4A4A, 0x000000));
        for (int v = 0; v < 256; v++) {
            assertEquals(v, Luminance.of(v * 0x010101), "gray stays gray");
        }
    }

    @Test
    void axisTapsCoverEachOutputExactlyOnce() {
        for (int[] nm : new int[][] {{210, 84}, {160, 84}, {210, 110}, {21, 7}, {5, 2}, {84, 84}}) {
            AxisTaps taps = AxisTaps.area(nm[0], nm[1], 1.0);
            double total = 0;
            for (int i = 0; i < nm[1]; i++) {
                double sum = 0;
                for (int k = 0; k < taps.count[i]; k++) {
                    sum += taps.weights[i * taps.width + k];
                }
                assertEquals(1.0, sum, 1e-6, nm[0] + "->" + nm[1] + " output " + i);
                total += sum;
            }
            assertEquals(nm[1], total, 1e-4);
        }
    }
}
