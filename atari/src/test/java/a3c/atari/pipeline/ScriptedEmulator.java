package a3c.atari.pipeline;

import java.lang.foreign.MemorySegment;
import java.util.function.IntUnaryOperator;

/**
 * A fake {@link Emulator} that plays a script, so the pipeline is tested fast and exactly.
 *
 * <p>Frame {@code f} is the number of {@link #act} calls since the last {@link #resetGame} (0 right after
 * it). Its screen is uniform, every pixel {@code screen(f)}; palette value v is the gray colour v, so the
 * gray level is that value. {@code act} returns {@code reward(f)} for the frame it makes; lives are {@code lives(f)};
 * the game is over from frame {@code gameLength} on. Actions are logged (up to a fixed capacity, no
 * allocation).
 */
final class ScriptedEmulator implements Emulator {
    static final int[] MINIMAL = {ActionNames.NOOP, ActionNames.FIRE, 3, 4};

    int height = 210;
    int width = 160;
    int[] minimal = MINIMAL;
    IntUnaryOperator screen = f -> (f * 37) % 256;
    IntUnaryOperator reward = f -> 0;
    IntUnaryOperator lives = f -> 3;
    int gameLength = Integer.MAX_VALUE;

    int frame;
    int resets;
    boolean closed;
    final int[] log = new int[1 << 16];
    int logged;

    @Override
    public int screenHeight() {
        return height;
    }

    @Override
    public int screenWidth() {
        return width;
    }

    @Override
    public int[] rgbPalette() {
        int[] p = new int[256];
        for (int i = 0; i < 256; i++) {
            p[i] = i * 0x010101;
        }
        return p;
    }

    @Override
    public int[] minimalActions() {
        return minimal.clone();
    }

    @Override
    public int[] legalActions() {
        int[] all = new int[18];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        return all;
    }

    @Override
    public int act(int actionCode) {
        if (logged < log.length) {
            log[logged++] = actionCode;
        }
        if (gameOver()) {
            return 0;
        }
        frame++;
        return reward.applyAsInt(frame);
    }

    @Override
    public boolean gameOver() {
        return frame >= gameLength;
    }

    @Override
    public void resetGame() {
        frame = 0;
        resets++;
    }

    @Override
    public int lives() {
        return lives.applyAsInt(frame);
    }

    @Override
    public void readScreen(MemorySegment dst) {
        // The pipeline's screen buffers are exactly height x width bytes.
        dst.fill((byte) screen.applyAsInt(frame));
    }

    @Override
    public void close() {
        closed = true;
    }

    /** How many of the logged actions were {@code code}. */
    int count(int code) {
        int n = 0;
        for (int i = 0; i < logged; i++) {
            if (log[i] == code) {
                n++;
            }
        }
        return n;
    }

    void clearLog() {
        logged = 0;
    }
}
