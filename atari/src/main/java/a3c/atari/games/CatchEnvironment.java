package a3c.atari.games;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.SplittableRandom;

import a3c.atari.EnvOptions;
import a3c.atari.Environment;
import a3c.atari.ObservationShape;
import a3c.atari.Screen;
import a3c.atari.StepResult;
import a3c.atari.pipeline.FrameStack;

/**
 * Catch (as in DeepMind's bsuite), on pixels: a ball falls one cell a step down a square grid and a
 * one-cell paddle on the bottom row must be under it when it lands.
 *
 * <pre>
 * grid: cells x cells (catchCells, default 7), drawn catchSize x catchSize pixels (default 84), 1.0 on 0.0
 * start: ball in row 0 at a random column; paddle in the middle of the bottom row
 * step:  LEFT / STAY / RIGHT moves the paddle one cell (clamped); the ball falls one row
 * end:   when the ball reaches the bottom row (cells - 1 steps): reward +1 if caught, else -1; 0 before
 * </pre>
 *
 * <p>Frames are stacked like Atari frames ({@code frameStack}), so the same networks read them. One agent
 * step is one frame. Deterministic for a seed; steps allocate nothing.
 */
public final class CatchEnvironment implements Environment, Screen {
    private static final String[] ACTIONS = {"LEFT", "STAY", "RIGHT"};

    private final int size;
    private final int cells;
    private final int cellPixels;
    private final ObservationShape shape;
    private final FrameStack stack;
    private final float[] frame;
    private final SplittableRandom random;
    private final StepResult result = new StepResult();
    private int ballRow;
    private int ballColumn;
    private int paddleColumn;
    private boolean over = true;
    private double episodeReturn;
    private int episodeLength;

    public CatchEnvironment(EnvOptions options, long seed) {
        this.size = options.catchSize();
        this.cells = options.catchCells();
        this.cellPixels = size / cells;
        this.shape = ObservationShape.image(size, size, options.frameStack());
        this.frame = new float[size * size];
        this.stack = new FrameStack(options.frameStack(), size * size);
        this.random = new SplittableRandom(seed);
    }

    @Override
    public String name() {
        return "catch";
    }

    @Override
    public ObservationShape observationShape() {
        return shape;
    }

    @Override
    public int actionCount() {
        return ACTIONS.length;
    }

    @Override
    public String actionName(int action) {
        return ACTIONS[action];
    }

    @Override
    public int framesPerStep() {
        return 1;
    }

    @Override
    public void reset(MemorySegment observation) {
        Games.checkBuffer(observation, shape);
        ballRow = 0;
        ballColumn = random.nextInt(cells);
        paddleColumn = cells / 2;
        over = false;
        episodeReturn = 0;
        episodeLength = 0;
        render();
        stack.fill(frame);
        stack.write(observation);
    }

    @Override
    public StepResult step(int action, MemorySegment observation) {
        Games.checkStep(observation, shape, over, action, ACTIONS.length);
        paddleColumn = Math.clamp(paddleColumn + action - 1, 0, cells - 1);
        ballRow++;
        float reward = 0f;
        if (ballRow == cells - 1) {
            over = true;
            reward = ballColumn == paddleColumn ? 1f : -1f;
        }
        episodeReturn += reward;
        episodeLength++;
        render();
        stack.push(frame);
        stack.write(observation);
        return result.record(reward, reward, over, false, over, false);
    }

    private void render() {
        Arrays.fill(frame, 0f);
        fillCell(ballRow, ballColumn);
        fillCell(cells - 1, paddleColumn);
    }

    private void fillCell(int row, int column) {
        for (int y = row * cellPixels; y < (row + 1) * cellPixels; y++) {
            Arrays.fill(frame, y * size + column * cellPixels, y * size + (column + 1) * cellPixels, 1f);
        }
    }

    /** Ball row, ball column and paddle column, for tests. */
    int[] state() {
        return new int[] {ballRow, ballColumn, paddleColumn};
    }

    @Override
    public boolean gameOver() {
        return over;
    }

    @Override
    public int lives() {
        return 0;
    }

    @Override
    public double episodeReturn() {
        return episodeReturn;
    }

    @Override
    public int episodeLength() {
        return episodeLength;
    }

    @Override
    public int screenHeight() {
        return size;
    }

    @Override
    public int screenWidth() {
        return size;
    }

    /** The current frame as gray levels. */
    @Override
    public void screenRgb(byte[] rgb) {
        for (int i = 0; i < frame.length; i++) {
            byte v = (byte) Math.round(255 * frame[i]);
            rgb[3 * i] = v;
            rgb[3 * i + 1] = v;
            rgb[3 * i + 2] = v;
        }
    }

    @Override
    public void close() {
        // Heap only: nothing to free.
    }
}
