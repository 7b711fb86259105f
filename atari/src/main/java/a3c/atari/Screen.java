package a3c.atari;

/**
 * An environment that can show its screen as a player sees it, at its own resolution (210x160 for Atari),
 * for recordings; not used while training.
 */
public interface Screen {
    int screenHeight();

    int screenWidth();

    /** Writes the current screen into {@code rgb}: row-major, 3 bytes (R, G, B) per pixel. */
    void screenRgb(byte[] rgb);
}
