package a3c.atari.ale;

import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.SplittableRandom;

import org.bytedeco.ale.ALEInterface;
import org.bytedeco.ale.ALEScreen;
import org.bytedeco.ale.ColourPalette;
import org.bytedeco.javacpp.IntPointer;

import a3c.atari.EnvironmentException;
import a3c.atari.pipeline.Emulator;

/**
 * One ALE instance ({@code ALEInterface} through the JavaCPP preset) behind {@link Emulator}.
 *
 * <p>The screen is read without a JNI call or a copy inside ALE: {@code getScreen().getArray()} is the
 * address of ALE's own frame buffer (palette values, 210x160), fixed for the life of the instance, and
 * {@link #readScreen} copies it into the caller's native buffer. The colours come from ALE's palette
 * ({@code ColourPalette::getRGB}); their luminance ({@link a3c.atari.pipeline.Luminance}) is exactly ALE's
 * {@code getScreenGrayscale}. Frame skipping and max-pooling are left to the pipeline: ALE runs with
 * {@code frame_skip=1}.
 *
 * <p>Not thread-safe; each thread uses its own instance. {@link #close()} deletes the C++ object.
 */
public final class AleEmulator implements Emulator {
    private final ALEInterface ale;
    private final MemorySegment screen;
    private final int height;
    private final int width;
    private final int[] rgb = new int[256];
    private final int[] minimal;
    private final int[] legal;
    private boolean closed;

    /**
     * Starts ALE on a ROM already checked by {@link Roms#resolve}.
     *
     * @param seed                    seeds ALE's own randomness (sticky actions)
     * @param repeatActionProbability sticky-action probability, 0 for none
     */
    @SuppressWarnings("restricted") // reinterpret: ALE's screen buffer lives as long as this instance
    public AleEmulator(Path rom, long seed, double repeatActionProbability) {
        AleLibrary.load();
        // One ALE starts at a time: construction and loadROM touch ALE's process-wide state (its logger,
        // Stella's settings); playing afterwards is independent per instance.
        synchronized (AleLibrary.class) {
            ale = new ALEInterface();
            configure(rom, seed, repeatActionProbability);
        }
        try {
            ALEScreen s = ale.getScreen();
            height = (int) s.height();
            width = (int) s.width();
            screen = MemorySegment.ofAddress(s.getArray().address()).reinterpret((long) height * width);
            ColourPalette colours = ale.theOSystem().colourPalette();
            for (int i = 0; i < rgb.length; i++) {
                rgb[i] = colours.getRGB(i);
            }
            minimal = toArray(ale.getMinimalActionSet());
            legal = toArray(ale.getLegalActionSet());
        } catch (RuntimeException e) {
            ale.close();
            throw new EnvironmentException(EnvironmentException.Kind.EMULATOR,
                    "ALE could not start " + rom + ": " + e.getMessage(), e);
        }
    }

    private void configure(Path rom, long seed, double repeatActionProbability) {
        try {
            ale.setInt("random_seed", new SplittableRandom(seed).nextInt(Integer.MAX_VALUE));
            ale.setFloat("repeat_action_probability", (float) repeatActionProbability);
            ale.setInt("frame_skip", 1);
            ale.setInt("max_num_frames_per_episode", 0);
            ale.setBool("color_averaging", false);
            ale.loadROM(rom.toString());
        } catch (RuntimeException e) {
            ale.close();
            throw new EnvironmentException(EnvironmentException.Kind.EMULATOR,
                    "ALE could not load " + rom + ": " + e.getMessage(), e);
        }
    }

    private static int[] toArray(IntPointer actions) {
        int[] a = new int[(int) actions.limit()];
        actions.get(a);
        actions.close();
        return a;
    }

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
        return rgb.clone();
    }

    @Override
    public int[] minimalActions() {
        return minimal.clone();
    }

    @Override
    public int[] legalActions() {
        return legal.clone();
    }

    @Override
    public int act(int actionCode) {
        return ale.act(actionCode);
    }

    @Override
    public boolean gameOver() {
        return ale.game_over();
    }

    @Override
    public void resetGame() {
        ale.reset_game();
    }

    @Override
    public int lives() {
        return ale.lives();
    }

    @Override
    public void readScreen(MemorySegment dst) {
        MemorySegment.copy(screen, 0, dst, 0, screen.byteSize());
    }

    /** ALE's own grayscale screen, through its JNI call (for tests that compare the two paths). */
    void screenGrayscale(byte[] dst) {
        ale.getScreenGrayscale(dst);
    }

    /** ALE's own gray level of each palette value (for tests that check our luminance against it). */
    int[] aleGrayscalePalette() {
        ColourPalette colours = ale.theOSystem().colourPalette();
        int[] gray = new int[256];
        for (int i = 0; i < gray.length; i++) {
            gray[i] = colours.getGrayscale(i) & 0xFF;
        }
        return gray;
    }

    /** Whether the C++ object has been deleted. */
    boolean isClosed() {
        return closed && ale.isNull();
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            ale.close();
        }
    }
}
