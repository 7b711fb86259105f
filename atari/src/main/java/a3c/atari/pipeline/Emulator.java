package a3c.atari.pipeline;

import java.lang.foreign.MemorySegment;

/**
 * The raw Atari emulator under the preprocessing pipeline: one call, one frame.
 *
 * <p>ALE implements it ({@code a3c.atari.ale.AleEmulator}); tests implement it with scripted frames, so the
 * whole pipeline runs without a ROM. Screens are palette values, one byte a pixel, row-major
 * {@code screenHeight x screenWidth}; {@link #rgbPalette()} maps them to colours.
 */
public interface Emulator extends AutoCloseable {
    int screenHeight();

    int screenWidth();

    /** The colour 0xRRGGBB of each of the 256 palette values (read once). */
    int[] rgbPalette();

    /** The game's minimal action set, as emulator action codes (see {@link ActionNames}). */
    int[] minimalActions();

    /** All legal actions, as emulator action codes. */
    int[] legalActions();

    /** Emulates one frame with this action code; returns the frame's reward. */
    int act(int actionCode);

    boolean gameOver();

    /** Starts a new game. */
    void resetGame();

    int lives();

    /** Copies the current screen's palette values into {@code dst} (at least height x width bytes). */
    void readScreen(MemorySegment dst);

    @Override
    void close();
}
