package a3c.atari.pipeline;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;

import a3c.atari.EnvOptions;
import a3c.atari.Environment;
import a3c.atari.ObservationShape;
import a3c.atari.Screen;
import a3c.atari.StepResult;

/**
 * DeepMind preprocessing over a raw {@link Emulator} (Mnih et al. 2015, 2016; the wrappers of OpenAI
 * baselines' {@code wrap_deepmind}).
 *
 * <pre>
 * step(a):  repeat a for frameSkip frames (stop early at game over or the frame cap), summing rewards;
 *           read the screens of the last two frames; max them colour by colour, luminance, resize
 *           ({@link FrameProcessor});
 *           push the frame on the stack ({@link FrameStack}); lost life -&gt; episode over if episodicLife;
 *           reward clipped to [-1, 1] if clipRewards (raw return kept).
 * reset():  after game over: new game, 1..noopMax NOOP frames (a new game if one ends meanwhile);
 *           then, and after a lost life, one FIRE step if fireReset and the action set has FIRE (without
 *           episodic life, where no reset comes between lives, step() presses it right after the lost life,
 *           its frames and reward part of that step);
 *           the stack is filled with the first frame.
 * </pre>
 *
 * <p>The two screen buffers are native memory of this environment's own arena, freed by {@link #close()}
 * with the emulator. Nothing in {@link #reset} or {@link #step} allocates.
 */
public final class AtariEnvironment implements Environment, Screen {
    private final String name;
    private final Emulator emulator;
    private final int[] actions;
    private final int frameSkip;
    private final boolean maxPool;
    private final int noopMax;
    private final boolean episodicLife;
    private final boolean fireOnReset;
    private final boolean clipRewards;
    private final int maxGameFrames;
    private final ObservationShape shape;
    private final FrameProcessor processor;
    private final FrameStack stack;
    private final SplittableRandom random;
    private final StepResult result = new StepResult();
    private final Arena arena;
    private final MemorySegment[] screens = new MemorySegment[2];

    /** Index in {@link #screens} of the last screen read, and how many were read this step (1 or 2). */
    private int newestScreen;
    private int screensRead;
    private int lives;
    private boolean gameOver = true;
    private boolean truncated;
    private long gameFrames;
    private double episodeReturn;
    private int episodeLength;
    private boolean closed;

    /**
     * Takes ownership of {@code emulator}.
     *
     * @param options validated options
     * @param seed    seeds the no-op starts (the emulator is seeded by whoever built it)
     */
    public AtariEnvironment(String name, Emulator emulator, EnvOptions options, long seed) {
        this.name = name;
        this.emulator = emulator;
        this.actions = options.fullActionSet() ? emulator.legalActions() : emulator.minimalActions();
        this.frameSkip = options.frameSkip();
        this.maxPool = options.maxPool();
        this.noopMax = options.noopMax();
        this.episodicLife = options.episodicLife();
        this.fireOnReset = options.fireReset() && hasFire(actions);
        this.clipRewards = options.clipRewards();
        this.maxGameFrames = options.maxEpisodeFrames();
        this.shape = ObservationShape.image(options.frameHeight(), options.frameWidth(), options.frameStack());
        this.processor = new FrameProcessor(emulator.screenHeight(), emulator.screenWidth(),
                emulator.rgbPalette(), options);
        this.stack = new FrameStack(options.frameStack(), processor.frameFloats());
        this.random = new SplittableRandom(seed);
        this.arena = Arena.ofShared();
        long screenBytes = (long) emulator.screenHeight() * emulator.screenWidth();
        screens[0] = arena.allocate(screenBytes, 64);
        screens[1] = arena.allocate(screenBytes, 64);
    }

    private static boolean hasFire(int[] actions) {
        for (int a : actions) {
            if (a == ActionNames.FIRE) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ObservationShape observationShape() {
        return shape;
    }

    @Override
    public int actionCount() {
        return actions.length;
    }

    @Override
    public String actionName(int action) {
        return ActionNames.of(actions[action]);
    }

    /** The emulator action code behind an action index. */
    public int actionCode(int action) {
        return actions[action];
    }

    @Override
    public int framesPerStep() {
        return frameSkip;
    }

    @Override
    public void reset(MemorySegment observation) {
        checkUsable(observation);
        if (gameOver) {
            startGame();
        }
        if (fireOnReset) {
            episodeReturn += repeat(ActionNames.FIRE);
            if (endOfGame()) {
                // FIRE ended the game (cannot happen in practice): start over without pressing it again.
                startGame();
                readOneScreen();
            }
        } else {
            readOneScreen();
        }
        lives = emulator.lives();
        stack.fill(processor.process(newestScreenSegment(), previousScreenSegment()));
        stack.write(observation);
    }

    /** The next reset starts a new game, as after a game over; a lost life's reset would continue this one. */
    @Override
    public void endGame() {
        gameOver = true;
    }

    @Override
    public StepResult step(int action, MemorySegment observation) {
        checkUsable(observation);
        if (gameOver) {
            throw new IllegalStateException("step after game over: call reset first");
        }
        if (action < 0 || action >= actions.length) {
            throw new IllegalArgumentException("action=" + action + " is out of range: use 0 .. " + (actions.length - 1));
        }
        int raw = repeat(actions[action]);
        int nowLives = emulator.lives();
        boolean lifeLost = nowLives < lives;
        lives = nowLives;
        gameOver = endOfGame();
        if (lifeLost && !gameOver && !episodicLife && fireOnReset) {
            // A whole game (no reset between lives): the next life starts with FIRE here, as reset() starts each
            // training episode's, so a policy trained that way is not left waiting for a serve it never learned
            raw += repeat(ActionNames.FIRE);
            lives = emulator.lives();
            gameOver = endOfGame();
        }
        episodeReturn += raw;
        episodeLength++;
        stack.push(processor.process(newestScreenSegment(), previousScreenSegment()));
        stack.write(observation);
        float reward = clipRewards ? Math.clamp((float) raw, -1f, 1f) : raw;
        return result.record(reward, raw, gameOver || (episodicLife && lifeLost), lifeLost, gameOver, truncated);
    }

    /** A new game: reset, then 1..noopMax NOOP frames; a game that ends meanwhile starts again. */
    private void startGame() {
        for (int attempt = 0; ; attempt++) {
            emulator.resetGame();
            gameFrames = 0;
            truncated = false;
            episodeReturn = 0;
            episodeLength = 0;
            int noops = noopMax > 0 ? 1 + random.nextInt(noopMax) : 0;
            for (int i = 0; i < noops && !endOfGame(); i++) {
                episodeReturn += frame(ActionNames.NOOP);
            }
            if (!endOfGame() || attempt >= 100) {
                break;
            }
        }
        gameOver = false;
    }

    /**
     * Plays one action code for up to frameSkip frames, reading the screens of the last two (or of the
     * last frame alone when the game ends early or max-pooling is off).
     */
    private int repeat(int code) {
        int reward = 0;
        screensRead = 0;
        for (int i = 0; i < frameSkip; i++) {
            reward += frame(code);
            boolean end = endOfGame();
            if (end || i >= frameSkip - 2) {
                readScreen();
            }
            if (end) {
                break;
            }
        }
        return reward;
    }

    private int frame(int code) {
        int reward = emulator.act(code);
        gameFrames++;
        if (maxGameFrames > 0 && gameFrames >= maxGameFrames && !emulator.gameOver()) {
            truncated = true;
        }
        return reward;
    }

    private boolean endOfGame() {
        return truncated || emulator.gameOver();
    }

    private void readOneScreen() {
        screensRead = 0;
        readScreen();
    }

    private void readScreen() {
        newestScreen ^= 1;
        emulator.readScreen(screens[newestScreen]);
        screensRead++;
    }

    private MemorySegment newestScreenSegment() {
        return screens[newestScreen];
    }

    private MemorySegment previousScreenSegment() {
        return maxPool && screensRead >= 2 ? screens[newestScreen ^ 1] : null;
    }

    private void checkUsable(MemorySegment observation) {
        if (closed) {
            throw new IllegalStateException(name + ": environment is closed");
        }
        if (observation.byteSize() < shape.bytes()) {
            throw new IllegalArgumentException("observation buffer has " + observation.byteSize()
                    + " bytes; " + shape + " floats need " + shape.bytes());
        }
    }

    @Override
    public boolean gameOver() {
        return gameOver;
    }

    @Override
    public int lives() {
        return lives;
    }

    @Override
    public double episodeReturn() {
        return episodeReturn;
    }

    @Override
    public int episodeLength() {
        return episodeLength;
    }

    /** Emulator frames played in the current game, including no-op and FIRE frames of resets. */
    public long gameFrames() {
        return gameFrames;
    }

    /** Whether the native screen buffers are still allocated (false after close). */
    boolean screensAlive() {
        return arena.scope().isAlive();
    }

    @Override
    public int screenHeight() {
        return emulator.screenHeight();
    }

    @Override
    public int screenWidth() {
        return emulator.screenWidth();
    }

    /** The emulator's current frame in colour (for recordings: it allocates a palette copy and a buffer). */
    @Override
    public void screenRgb(byte[] rgb) {
        int pixels = emulator.screenHeight() * emulator.screenWidth();
        int[] palette = emulator.rgbPalette();
        try (Arena scratch = Arena.ofConfined()) {
            MemorySegment screen = scratch.allocate(pixels);
            emulator.readScreen(screen);
            for (int i = 0; i < pixels; i++) {
                int c = palette[screen.get(java.lang.foreign.ValueLayout.JAVA_BYTE, i) & 0xFF];
                rgb[3 * i] = (byte) (c >> 16);
                rgb[3 * i + 1] = (byte) (c >> 8);
                rgb[3 * i + 2] = (byte) c;
            }
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            try {
                emulator.close();
            } finally {
                arena.close();
            }
        }
    }
}
