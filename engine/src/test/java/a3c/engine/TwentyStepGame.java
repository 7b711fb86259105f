package a3c.engine;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import a3c.atari.Environment;
import a3c.atari.ObservationShape;
import a3c.atari.StepResult;

/** A scripted test game: four numbers, two actions, episodes of 20 steps; a step's reward is {@link #reward}, 1 unless overridden. */
abstract class TwentyStepGame implements Environment {
    private final String name;
    private final StepResult result = new StepResult();
    private long steps;
    private int length;

    TwentyStepGame(String name) {
        this.name = name;
    }

    /** The reward of this game's {@code step}-th step (from 1, over all its episodes). */
    float reward(long step) {
        return 1f;
    }

    public String name() {
        return name;
    }

    public ObservationShape observationShape() {
        return ObservationShape.vector(4);
    }

    public int actionCount() {
        return 2;
    }

    public String actionName(int action) {
        return action == 0 ? "LEFT" : "RIGHT";
    }

    public int framesPerStep() {
        return 1;
    }

    public void reset(MemorySegment observation) {
        length = 0;
        observation.fill((byte) 0);
    }

    public StepResult step(int action, MemorySegment observation) {
        steps++;
        length++;
        observation.setAtIndex(ValueLayout.JAVA_FLOAT, 0, (float) Math.sin(steps));
        boolean over = length == 20;
        return result.record(reward(steps), 1, over, false, over, false);
    }

    public boolean gameOver() {
        return length == 20;
    }

    public int lives() {
        return 0;
    }

    public double episodeReturn() {
        return length;
    }

    public int episodeLength() {
        return length;
    }

    public void close() {
    }
}
