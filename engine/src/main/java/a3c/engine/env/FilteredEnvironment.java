package a3c.engine.env;

import java.lang.foreign.MemorySegment;

import a3c.atari.Environment;
import a3c.atari.ObservationShape;
import a3c.atari.StepResult;

/**
 * An environment whose observations pass through an {@link ObservationFilter}, in place, after every reset and
 * step; everything else is the wrapped environment's. Each filter keeps its own state (one per worker, one
 * for the evaluator), which starts afresh with the environment.
 */
public final class FilteredEnvironment implements Environment {
    private final Environment env;
    private final ObservationFilter filter;

    public FilteredEnvironment(Environment env, ObservationFilter filter) {
        this.env = env;
        this.filter = filter;
    }

    public ObservationFilter filter() {
        return filter;
    }

    @Override
    public void reset(MemorySegment observation) {
        env.reset(observation);
        filter.apply(observation);
    }

    @Override
    public StepResult step(int action, MemorySegment observation) {
        StepResult r = env.step(action, observation);
        filter.apply(observation);
        return r;
    }

    @Override
    public String name() {
        return env.name();
    }

    @Override
    public ObservationShape observationShape() {
        return env.observationShape();
    }

    @Override
    public int actionCount() {
        return env.actionCount();
    }

    @Override
    public String actionName(int action) {
        return env.actionName(action);
    }

    @Override
    public int framesPerStep() {
        return env.framesPerStep();
    }

    @Override
    public boolean gameOver() {
        return env.gameOver();
    }

    @Override
    public void endGame() {
        env.endGame();
    }

    @Override
    public int lives() {
        return env.lives();
    }

    @Override
    public double episodeReturn() {
        return env.episodeReturn();
    }

    @Override
    public int episodeLength() {
        return env.episodeLength();
    }

    @Override
    public void close() {
        env.close();
    }
}
