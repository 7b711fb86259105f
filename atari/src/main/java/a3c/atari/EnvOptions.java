package a3c.atari;

import java.nio.file.Path;

/**
 * Every knob of the environments, with the defaults of Mnih et al. (2015, 2016).
 *
 * <p>Immutable: start from {@link #defaults()}, set what you need with the builder's fluent setters, and hand it
 * to {@link Environments#make}, which builds and calls {@link #validate()}: one place checks everything and
 * throws an {@link EnvironmentException} with a one-line {@code name=value} message. Each default is written
 * once, on the builder's field; the engine's flags start from them.
 *
 * <pre>
 * Atari (DeepMind):  repeat each action frameSkip=4 times, max over the last two frames, luminance,
 *                    area-resize 210x160 -> 84x84, stack frameStack=4 frames, 1..noopMax=30 no-op frames
 *                    at game start, episodic life, FIRE on reset, rewards clipped to [-1, 1],
 *                    minimal action set, sticky actions off, at most 108,000 frames a game.
 * Atari (notebook):  the same, but first a binary threshold (1 where the gray level is above threshold=1,
 *                    else 0), then bilinear (OpenCV's INTER_LINEAR) to 84 wide x 110 high, keep rows
 *                    cropTop=26 .. 26+84, as the TensorFlow Breakout notebook's cv2.threshold, cv2.resize and crop.
 * Atari (universe):  the same, but the mean of the colour channels instead of the luminance, rows 34 .. 194
 *                    (the 160x160 square below the score), bilinear to 80x80, then bilinear to 42x42
 *                    (frameHeight x frameWidth), as universe-starter-agent's _process_frame42.
 * Atari (keras):     the same as DeepMind's, but bilinear (OpenCV's INTER_LINEAR) instead of the area average:
 *                    the whole screen to frameHeight x frameWidth, as the Keras tutorial's cv2.resize.
 * catch:             a ball falls one cell a step on a catchCells x catchCells grid drawn catchSize pixels wide.
 * cartpole:          Gym CartPole-v1, at most cartpoleMaxSteps=500 steps.
 * </pre>
 */
public record EnvOptions(int frameSkip, boolean maxPool, int frameStack, int noopMax, boolean episodicLife, boolean fireReset,
                         boolean clipRewards, boolean fullActionSet, double repeatActionProbability, int maxEpisodeFrames,
                         Frames frames, int frameHeight, int frameWidth, int resizeHeight, int cropTop, int threshold,
                         Path romFile, Path romDir, int catchSize, int catchCells, int cartpoleMaxSteps) {
    /** How Atari frames become observations. */
    public enum Frames {
        /** Luminance, area-resize to frameHeight x frameWidth (84x84). */
        DEEPMIND,
        /** Luminance, binary threshold, then bilinear (OpenCV's INTER_LINEAR) to frameWidth x resizeHeight (84x110) and crop frameHeight rows from cropTop. */
        NOTEBOOK,
        /** Mean of the colour channels, rows 34..194, bilinear (OpenCV's INTER_LINEAR) to 80x80 then to frameHeight x frameWidth. */
        UNIVERSE,
        /** Luminance, bilinear (OpenCV's INTER_LINEAR) of the whole screen to frameHeight x frameWidth. */
        KERAS
    }

    /** A builder holding the defaults above. */
    public static Builder defaults() {
        return new Builder();
    }

    /**
     * Checks every option and their combinations.
     *
     * @return this
     * @throws EnvironmentException of kind {@code BAD_OPTION}, naming the first bad option as {@code name=value}
     */
    public EnvOptions validate() {
        range("frameSkip", frameSkip, 1, 64);
        range("frameStack", frameStack, 1, 64);
        range("noopMax", noopMax, 0, 10_000);
        range("maxEpisodeFrames", maxEpisodeFrames, 0, Integer.MAX_VALUE);
        if (!(repeatActionProbability >= 0 && repeatActionProbability < 1)) {
            throw bad("repeatActionProbability", repeatActionProbability, "is a probability: use 0 <= p < 1 (0 turns sticky actions off)");
        }
        if (frames == null) {
            throw bad("frames", "null", "must be DEEPMIND, NOTEBOOK, UNIVERSE or KERAS");
        }
        range("frameHeight", frameHeight, 1, 210);
        range("frameWidth", frameWidth, 1, 160);
        if (frames == Frames.NOTEBOOK) {
            range("resizeHeight", resizeHeight, 1, 210);
            range("threshold", threshold, 0, 254);
            if (cropTop < 0 || cropTop + frameHeight > resizeHeight) {
                throw bad("cropTop", cropTop, "with frameHeight=" + frameHeight + " must fit in resizeHeight="
                        + resizeHeight + ": use 0 <= cropTop <= " + (resizeHeight - frameHeight));
            }
        }
        if (romFile != null && romDir != null) {
            throw bad("romFile", romFile, "and romDir=" + romDir + " are both set: give one of them");
        }
        range("catchSize", catchSize, 3, 1024);
        range("catchCells", catchCells, 3, catchSize);
        if (catchSize % catchCells != 0) {
            throw bad("catchCells", catchCells, "must divide catchSize=" + catchSize + " so every cell is a whole square of pixels");
        }
        range("cartpoleMaxSteps", cartpoleMaxSteps, 1, Integer.MAX_VALUE);
        return this;
    }

    private static void range(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw bad(name, value, "is out of range: use " + min + " .. " + max);
        }
    }

    private static EnvironmentException bad(String name, Object value, String why) {
        return new EnvironmentException(EnvironmentException.Kind.BAD_OPTION, name + "=" + value + " " + why);
    }

    /** The options with some changed: fluent setters over the defaults, then {@link #build()}. */
    public static final class Builder {
        private int frameSkip = 4;
        private boolean maxPool = true;
        private int frameStack = 4;
        private int noopMax = 30;
        private boolean episodicLife = true;
        private boolean fireReset = true;
        private boolean clipRewards = true;
        private boolean fullActionSet;
        private double repeatActionProbability;
        private int maxEpisodeFrames = 108_000;
        private Frames frames = Frames.DEEPMIND;
        private int frameHeight = 84;
        private int frameWidth = 84;
        private int resizeHeight = 110;
        private int cropTop = 26;
        private int threshold = 1;
        private Path romFile;
        private Path romDir;
        private int catchSize = 84;
        private int catchCells = 7;
        private int cartpoleMaxSteps = 500;

        private Builder() {
        }

        public EnvOptions build() {
            return new EnvOptions(frameSkip, maxPool, frameStack, noopMax, episodicLife, fireReset, clipRewards, fullActionSet,
                    repeatActionProbability, maxEpisodeFrames, frames, frameHeight, frameWidth, resizeHeight, cropTop, threshold,
                    romFile, romDir, catchSize, catchCells, cartpoleMaxSteps);
        }

        /** Emulator frames each agent action is repeated for (the action repeat). */
        public Builder frameSkip(int v) {
            frameSkip = v;
            return this;
        }

        /** Max-pool the last two emulator frames of each step (removes Atari sprite flicker). */
        public Builder maxPool(boolean v) {
            maxPool = v;
            return this;
        }

        /** Frames stacked on the channel axis: 4 for feed-forward nets, 1 for the LSTM and seed nets. */
        public Builder frameStack(int v) {
            frameStack = v;
            return this;
        }

        /** At game start, 1 .. noopMax no-op frames chosen at random (0: none). */
        public Builder noopMax(int v) {
            noopMax = v;
            return this;
        }

        /** A lost life ends the training episode; the game resets only on game over. */
        public Builder episodicLife(boolean v) {
            episodicLife = v;
            return this;
        }

        /** Press FIRE on each reset, for games whose action set has FIRE (Breakout needs it to serve). */
        public Builder fireReset(boolean v) {
            fireReset = v;
            return this;
        }

        /** Clip training rewards to [-1, 1] (raw returns are reported either way). */
        public Builder clipRewards(boolean v) {
            clipRewards = v;
            return this;
        }

        /** Use all 18 Atari actions instead of the game's minimal set. */
        public Builder fullActionSet(boolean v) {
            fullActionSet = v;
            return this;
        }

        /** Sticky actions: each frame, the previous action repeats with this probability (ALE's own). */
        public Builder repeatActionProbability(double v) {
            repeatActionProbability = v;
            return this;
        }

        /** Emulator frames after which a game is cut off (0: never). */
        public Builder maxEpisodeFrames(int v) {
            maxEpisodeFrames = v;
            return this;
        }

        public Builder frames(Frames v) {
            frames = v;
            return this;
        }

        /** Observation height in pixels. */
        public Builder frameHeight(int v) {
            frameHeight = v;
            return this;
        }

        /** Observation width in pixels. */
        public Builder frameWidth(int v) {
            frameWidth = v;
            return this;
        }

        /** NOTEBOOK: height the screen is resized to before the crop. */
        public Builder resizeHeight(int v) {
            resizeHeight = v;
            return this;
        }

        /** NOTEBOOK: first resized row kept. */
        public Builder cropTop(int v) {
            cropTop = v;
            return this;
        }

        /** NOTEBOOK: gray levels (0..255) above this become 1, the rest 0, before the resize. */
        public Builder threshold(int v) {
            threshold = v;
            return this;
        }

        /** Use exactly this ROM file (its md5 is still checked). */
        public Builder romFile(Path v) {
            romFile = v;
            return this;
        }

        /** Look for {@code <game>.bin} here first. */
        public Builder romDir(Path v) {
            romDir = v;
            return this;
        }

        /** catch: screen side in pixels. */
        public Builder catchSize(int v) {
            catchSize = v;
            return this;
        }

        /** catch: grid side in cells (ball and paddle are one cell); must divide catchSize. */
        public Builder catchCells(int v) {
            catchCells = v;
            return this;
        }

        /** cartpole: steps after which an episode is cut off. */
        public Builder cartpoleMaxSteps(int v) {
            cartpoleMaxSteps = v;
            return this;
        }
    }
}
