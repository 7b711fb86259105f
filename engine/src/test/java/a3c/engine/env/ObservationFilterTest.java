package a3c.engine.env;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import a3c.atari.Environment;
import a3c.engine.Runs;
import a3c.engine.UserError;
import a3c.engine.config.ConfigFile;
import a3c.engine.config.TrainOptions;

/** The observation filters by hand (pytorch-a3c's running normalisation, centring, background subtraction) and the factory's choice. */
class ObservationFilterTest {
    private static MemorySegment of(Arena arena, float... values) {
        MemorySegment s = arena.allocate(4L * values.length, 64);
        for (int i = 0; i < values.length; i++) {
            s.setAtIndex(ValueLayout.JAVA_FLOAT, i, values[i]);
        }
        return s;
    }

    private static void assertFloats(MemorySegment s, double tolerance, float... expected) {
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], s.getAtIndex(ValueLayout.JAVA_FLOAT, i), tolerance, "float " + i);
        }
    }

    /**
     * <pre>
     * [1 2 3 4]: mean 2.5, std sqrt(1.25) = 1.1180; after one step the corrected averages are exactly those,
     *            so the observation becomes (x - 2.5) / 1.1180 = -1.3416 -0.4472 0.4472 1.3416
     * [2 2 2 2]: mean 2, std 0; corrected: (2.5 a + 2) / (1 + a) = 2.2499875, 1.1180 a / (1 + a) = 0.5589890
     *            (a = 0.9999), so each float becomes (2 - 2.2499875) / 0.5589890 = -0.4472136
     * </pre>
     */
    @Test
    void runningNormalizationTwoObservationsByHand() {
        assertTwoObservations(RunningNormalization.normalized(4), new float[] {-1.3416408f, -0.4472136f, 0.4472136f, 1.3416408f}, -0.4472136f);
    }

    /** Centred only: the same running means, nothing divided: {@code x - 2.5}, then {@code 2 - 2.2499875}. */
    @Test
    void centredOnlySubtractsTheRunningMean() {
        assertTwoObservations(RunningNormalization.centred(4), new float[] {-1.5f, -0.5f, 0.5f, 1.5f}, -0.2499875f);
    }

    /** {@code [1 2 3 4]} then {@code [2 2 2 2]} through {@code f}: the first becomes {@code first}, every float of the second {@code second}. */
    private static void assertTwoObservations(RunningNormalization f, float[] first, float second) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment x = of(arena, 1, 2, 3, 4);
            f.apply(x);
            assertFloats(x, 1e-6, first);
            MemorySegment y = of(arena, 2, 2, 2, 2);
            f.apply(y);
            assertFloats(y, 1e-6, second, second, second, second);
        }
    }

    /**
     * The most common value goes to 0 and nothing is scaled: a brown 0.34 background with a white paddle and a
     * ball; values within half a bin (1/510) of each other count as one (an area resize leaves such crumbs),
     * and the background is their mean. A black background (the first bin, crumbs and all) is left exactly as it was.
     */
    @Test
    void backgroundSubtractionPutsTheMostCommonValueAtZero() {
        try (Arena arena = Arena.ofConfined()) {
            BackgroundSubtraction f = new BackgroundSubtraction(8);
            MemorySegment pong = of(arena, 0.34f, 0.3401f, 0.3399f, 0.34f, 1f, 1f, 0.9f, 0.34f);
            f.apply(pong);
            float bg = (0.34f * 3 + 0.3401f + 0.3399f) / 5;
            assertFloats(pong, 1e-6, 0.34f - bg, 0.3401f - bg, 0.3399f - bg, 0.34f - bg, 1 - bg, 1 - bg, 0.9f - bg, 0.34f - bg);
            MemorySegment breakout = of(arena, 0, 0, 0.001f, 0.5f, 0.5f, 0.8f, 0, 0);
            f.apply(breakout);
            assertFloats(breakout, 0, 0, 0, 0.001f, 0.5f, 0.5f, 0.8f, 0, 0); // the crumb at 0.001 shares black's bin: nothing moves
        }
    }

    /**
     * The filter against its plain twin (one histogram of counts and double sums, the code of 2026-12-05 before the
     * histogram was split into tables for speed), bit for bit: observations whose background is a random grey with
     * crumbs inside its bin, values on the bins' edges, below 0, above 1, NaN, a black one and a white one; at 8 floats,
     * one frame, 42x42 and 4 stacked 84x84 frames (strides 1 to 7). One filter sees them all in turn, two
     * observations a background: the first finds a new background by its histogram, the second takes the check that
     * the last one still holds more than half of the samples. Every third background holds less than half (the rest
     * spread over every bin), so the check fails and the histogram decides again.
     */
    @Test
    void backgroundSubtractionGivesTheFloatsOfItsPlainTwin() {
        SplittableRandom rng = new SplittableRandom(20261205);
        for (int floats : new int[] {8, 42 * 42, 84 * 84, 4 * 84 * 84}) {
            BackgroundSubtraction filter = new BackgroundSubtraction(floats);
            for (int trial = 0; trial < 40; trial++) {
                // black, white (the last bin, which also holds every value above 1), then random greys
                float background = trial / 2 == 0 ? 0 : trial / 2 == 1 ? 1 : (float) rng.nextDouble();
                boolean weak = trial / 2 % 3 == 2;
                float[] values = new float[floats];
                for (int i = 0; i < floats; i++) {
                    values[i] = weak && rng.nextInt(10) < 7 ? (float) rng.nextDouble() : switch (rng.nextInt(10)) {
                        case 0 -> (float) rng.nextDouble();
                        case 1 -> (rng.nextInt(256) + 0.5f) / 255; // on a bin's edge
                        // below 0 or above 1; on the white screen far above (sums a double rounds: the last
                        // bin's path, which adds in the samples' order)
                        case 2 -> (float) (trial / 2 == 1 ? rng.nextDouble() * 1e9 : rng.nextDouble() * 3 - 1);
                        case 3 -> rng.nextInt(50) == 0 ? Float.NaN : background;
                        default -> background + (float) ((rng.nextDouble() - 0.5) / 600); // crumbs in its bin
                    };
                }
                try (Arena arena = Arena.ofConfined()) {
                    MemorySegment x = of(arena, values);
                    filter.apply(x);
                    plainTwin(values);
                    for (int i = 0; i < floats; i++) {
                        assertEquals(Float.floatToIntBits(values[i]), Float.floatToIntBits(x.getAtIndex(ValueLayout.JAVA_FLOAT, i)),
                                "float " + i + " of " + floats + ", trial " + trial);
                    }
                }
            }
        }
    }

    /** BackgroundSubtraction as it was first written: one histogram, its double sums, the scalar subtraction. */
    private static void plainTwin(float[] x) {
        int bins = 256, stride = 1 + x.length / 4096;
        int[] counts = new int[bins];
        double[] sums = new double[bins];
        for (int i = 0; i < x.length; i += stride) {
            int bin = Math.clamp(Math.round(x[i] * (bins - 1)), 0, bins - 1);
            counts[bin]++;
            sums[bin] += x[i];
        }
        int mode = 0;
        for (int b = 1; b < bins; b++) {
            if (counts[b] > counts[mode]) {
                mode = b;
            }
        }
        if (mode == 0) {
            return;
        }
        float background = (float) (sums[mode] / counts[mode]);
        for (int i = 0; i < x.length; i++) {
            x[i] = x[i] - background;
        }
    }

    /**
     * On the real games (their ROMs): Breakout's black background is its most common value, so its observations
     * pass unchanged, bit for bit, step after step; Pong's brown one becomes 0 (most floats exactly 0, none
     * of them 0 before) and its white paddles stay positive.
     */
    @Test
    void breakoutPassesUnchangedAndPongsBackgroundBecomesZero(@TempDir Path dir) {
        try (Environment plain = EnvFactory.create(Runs.options(dir, "--game", "breakout", "--subtract-background", "false"), 5);
             Environment filtered = EnvFactory.create(Runs.options(dir, "--game", "breakout", "--subtract-background"), 5);
             Arena arena = Arena.ofConfined()) {
            long bytes = plain.observationShape().bytes();
            MemorySegment a = arena.allocate(bytes, 64), b = arena.allocate(bytes, 64);
            plain.reset(a);
            filtered.reset(b);
            for (int t = 0; t < 300; t++) {
                assertEquals(-1, a.mismatch(b), "step " + t);
                int action = t % plain.actionCount();
                if (plain.step(action, a).gameOver() | filtered.step(action, b).gameOver()) {
                    plain.reset(a);
                    filtered.reset(b);
                }
            }
        }
        try (Environment plain = EnvFactory.create(Runs.options(dir, "--game", "pong", "--subtract-background", "false"), 5);
             Environment filtered = EnvFactory.create(Runs.options(dir, "--game", "pong", "--subtract-background"), 5);
             Arena arena = Arena.ofConfined()) {
            int floats = plain.observationShape().floats();
            MemorySegment a = arena.allocate(4L * floats, 64), b = arena.allocate(4L * floats, 64);
            plain.reset(a);
            filtered.reset(b);
            for (int t = 0; t < 50; t++) {
                plain.step(0, a);
                filtered.step(0, b);
            }
            int zerosBefore = 0, zerosAfter = 0;
            float max = 0;
            for (int i = 0; i < floats; i++) {
                zerosBefore += a.getAtIndex(ValueLayout.JAVA_FLOAT, i) == 0 ? 1 : 0;
                zerosAfter += b.getAtIndex(ValueLayout.JAVA_FLOAT, i) == 0 ? 1 : 0;
                max = Math.max(max, b.getAtIndex(ValueLayout.JAVA_FLOAT, i));
            }
            assertEquals(0, zerosBefore, "Pong's screen has no black pixel");
            assertTrue(zerosAfter > floats / 2, zerosAfter + " of " + floats + " floats at 0");
            assertTrue(max > 0.3, "the paddles, brighter than the background, stay positive: " + max);
        }
    }

    @Test
    void theFactoryFiltersOnlyWhenAskedAndEvaluationSeesWhatTrainingSaw(@TempDir Path dir) {
        try (Environment plain = EnvFactory.create(Runs.options(dir, "--env", "catch"), 1)) {
            assertEquals(false, plain instanceof FilteredEnvironment);
        }
        for (String[] flags : new String[][] {{"--normalize-observations"}, {"--center-observations"}, {"--subtract-background"},
                {"--center-observations", "--normalize-observations"}}) {
            String[] args = new String[flags.length + 2];
            args[0] = "--env";
            args[1] = "catch";
            System.arraycopy(flags, 0, args, 2, flags.length);
            try (Environment training = EnvFactory.create(Runs.options(dir, args), 1);
                 Environment evaluated = EnvFactory.createForEvaluation(Runs.options(dir, args), 1)) {
                ObservationFilter t = assertInstanceOf(FilteredEnvironment.class, training).filter();
                ObservationFilter e = assertInstanceOf(FilteredEnvironment.class, evaluated).filter();
                assertEquals(t.getClass(), e.getClass(), "evaluation sees what training saw");
                if (t instanceof RunningNormalization n) {
                    assertEquals(flags[flags.length - 1].equals("--normalize-observations"), n.scales(), "normalising includes centring");
                    assertEquals(n.scales(), ((RunningNormalization) e).scales());
                } else {
                    assertInstanceOf(BackgroundSubtraction.class, t);
                }
            }
        }
        assertThrows(UserError.class, () -> Runs.options(dir, "--env", "cartpole", "--subtract-background").validate());
    }

    /**
     * {@code --observation-scale} multiplies what the other filters made: with the running normalisation (which
     * would undo a scale given before it) every float is 255 times the normalised one, on the same game.
     */
    @Test
    void theScaleComesAfterTheOtherFilters(@TempDir Path dir) {
        try (Arena arena = Arena.ofConfined();
             Environment normalised = EnvFactory.create(Runs.options(dir, "--env", "catch", "--normalize-observations"), 5);
             Environment scaled = EnvFactory.create(Runs.options(dir, "--env", "catch", "--normalize-observations", "--observation-scale", "255"), 5)) {
            int floats = normalised.observationShape().floats();
            MemorySegment a = arena.allocate(4L * floats, 64);
            MemorySegment b = arena.allocate(4L * floats, 64);
            normalised.reset(a);
            scaled.reset(b);
            for (int step = 0; step < 20; step++) {
                double largest = 0;
                for (int i = 0; i < floats; i++) {
                    float x = a.getAtIndex(ValueLayout.JAVA_FLOAT, i);
                    assertEquals(255 * x, b.getAtIndex(ValueLayout.JAVA_FLOAT, i), 1e-3 * (1 + Math.abs(255 * x)), "step " + step + " float " + i);
                    largest = Math.max(largest, Math.abs(x));
                }
                assertTrue(largest > 0.5, "a normalised frame has floats of about 1: " + largest);
                if (normalised.step(step % 3, a).episodeOver()) { // catch's games are short: both end together
                    normalised.reset(a);
                    assertTrue(scaled.step(step % 3, b).episodeOver());
                    scaled.reset(b);
                } else {
                    scaled.step(step % 3, b);
                }
            }
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment x = of(arena, 0, 0.5f, 1, -0.25f);
            new ObservationScale(4, 255).apply(x);
            assertFloats(x, 0, 0, 127.5f, 255, -63.75f);
        }
        for (String bad : new String[] {"0", "-1", "NaN", "Infinity"}) {
            UserError e = assertThrows(UserError.class, () -> Runs.options(dir, "--env", "catch", "--observation-scale", bad).validate(), bad);
            assertTrue(e.getMessage().startsWith("--observation-scale=" + (bad.equals("0") ? "0.0" : bad.equals("-1") ? "-1.0" : bad)), e.getMessage());
        }
    }

    /**
     * The running normalisations subtract a mean of their own: with either, the background subtraction is off by
     * default (and the config says so), asked for with them it is one line, and a config saved while it was
     * recorded on but not applied resumes with it off.
     */
    @Test
    void aRunningNormalisationTakesTheBackgroundSubtractionsPlace(@TempDir Path dir) {
        for (String flag : new String[] {"--normalize-observations", "--center-observations"}) {
            TrainOptions o = Runs.options(dir, "--game", "pong", flag);
            assertEquals(false, o.subtractBackground, flag);
            assertEquals("false", ConfigFile.entries(o).get("subtract-background"), flag);
            UserError e = assertThrows(UserError.class, () -> Runs.options(dir, "--game", "pong", flag, "--subtract-background").validate());
            assertEquals("--subtract-background with " + flag + ": that subtracts a running mean instead of the background; give one of them",
                    e.getMessage());
            Map<String, String> saved = ConfigFile.entries(o);
            saved.put("subtract-background", "true");
            assertEquals(false, ConfigFile.parse(saved, List.of(), "test").resolve().subtractBackground, flag + ", saved as recorded before");
        }
    }

    /**
     * On by default for Atari, off for the built-in games and in the presets of sources that do not do it; a run
     * or checkpoint saved before the option existed keeps the frames its network learned from.
     */
    @Test
    void defaultsAndRunsSavedBeforeTheOptionExisted(@TempDir Path dir) {
        assertEquals(true, Runs.options(dir, "--game", "pong").subtractBackground);
        assertEquals(false, Runs.options(dir, "--env", "catch").subtractBackground);
        assertEquals(false, Runs.options(dir, "--env", "cartpole").subtractBackground);
        for (String preset : new String[] {"paper", "notebook", "keras", "universe"}) {
            assertEquals(false, Runs.options(dir, "--game", "breakout", "--preset", preset).subtractBackground, preset);
        }
        Map<String, String> saved = ConfigFile.entries(Runs.options(dir, "--game", "pong"));
        assertEquals("true", saved.get("subtract-background"), "the config file records it");
        assertEquals(true, ConfigFile.parse(saved, List.of(), "test").resolve().subtractBackground);
        saved.remove("subtract-background");
        assertEquals(false, ConfigFile.parse(saved, List.of(), "test").resolve().subtractBackground, "saved before it existed");
        assertEquals(true, ConfigFile.parse(saved, List.of("--subtract-background"), "test").resolve().subtractBackground,
                "unless the command line asks");
    }
}
