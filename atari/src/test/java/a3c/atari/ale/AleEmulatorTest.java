package a3c.atari.ale;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import a3c.atari.pipeline.Luminance;
import a3c.atari.testing.TestRoms;

/** ALE behind the Emulator interface: the screen path, the palette, the action sets, closing. */
class AleEmulatorTest {
    @Test
    void ourScreenReadThroughThePaletteEqualsAlesGrayscaleScreen() {
        try (AleEmulator ale = new AleEmulator(TestRoms.rom("breakout"), 3, 0.0);
             Arena arena = Arena.ofConfined()) {
            assertEquals(210, ale.screenHeight());
            assertEquals(160, ale.screenWidth());
            int[] rgb = ale.rgbPalette();
            MemorySegment screen = arena.allocate(210 * 160);
            byte[] expected = new byte[210 * 160];
            SplittableRandom random = new SplittableRandom(1);
            int[] actions = ale.minimalActions();
            int compared = 0;
            for (int frame = 0; frame < 3000; frame++) {
                ale.act(actions[random.nextInt(actions.length)]);
                if (ale.gameOver() || frame == 1500) {
                    ale.resetGame(); // the screen buffer must stay where it was
                }
                if (frame % 250 == 0 || frame == 1501) {
                    ale.readScreen(screen);
                    ale.screenGrayscale(expected);
                    byte[] ours = new byte[expected.length];
                    for (int i = 0; i < ours.length; i++) {
                        ours[i] = (byte) Luminance.of(rgb[screen.get(ValueLayout.JAVA_BYTE, i) & 0xFF]);
                    }
                    assertArrayEquals(expected, ours, "frame " + frame);
                    compared++;
                }
            }
            assertEquals(13, compared);
        }
    }

    /**
     * Our luminance of ALE's colours is ALE's own gray level. Only even values are checked: the NTSC TIA
     * emits only those, and ALE 0.7.3's tables give odd values the next even value's gray level.
     */
    @Test
    void ourLuminanceIsAlesGrayscale() {
        try (AleEmulator ale = new AleEmulator(TestRoms.rom("pong"), 0, 0.0)) {
            int[] gray = ale.aleGrayscalePalette();
            int[] rgb = ale.rgbPalette();
            for (int i = 0; i < 256; i += 2) {
                assertEquals(gray[i], Luminance.of(rgb[i]), "palette value " + i);
            }
        }
    }

    @Test
    void actionSetsAndLives() {
        try (AleEmulator ale = new AleEmulator(TestRoms.rom("pong"), 0, 0.0)) {
            assertArrayEquals(new int[] {0, 1, 3, 4, 11, 12}, ale.minimalActions());
            assertEquals(18, ale.legalActions().length);
        }
        try (AleEmulator ale = new AleEmulator(TestRoms.rom("breakout"), 0, 0.0)) {
            assertEquals(5, ale.lives());
        }
    }

    @Test
    void closeDeletesTheEmulator() {
        AleEmulator ale = new AleEmulator(TestRoms.rom("pong"), 0, 0.0);
        assertFalse(ale.isClosed());
        ale.close();
        assertTrue(ale.isClosed());
        ale.close();
    }
}
