package a3c.atari;

import java.lang.foreign.MemorySegment;

/**
 * A game an agent plays, one agent step at a time, writing each observation into a buffer the caller owns.
 *
 * <p><b>Observations</b> are float32 in native byte order: images are {@code H,W,C} channels-last with
 * values in [0, 1] and C the stacked frames (oldest first, newest last); vectors are flat. Every call
 * writes the whole observation, so a caller may pass a different buffer each step (for example the next
 * slot of a rollout). The buffer must hold at least {@link ObservationShape#bytes()}.
 *
 * <p><b>Episodes and games.</b> A training episode ends when {@link StepResult#episodeOver()}; with
 * episodic life that happens at every life lost, while the game goes on. {@link #reset} then starts the
 * next training episode: it continues the game after a lost life and starts a new game only after game
 * over. {@link #episodeReturn()} and {@link #episodeLength()} count the whole game, unclipped, for
 * reporting.
 *
 * <p><b>Cost.</b> After warm-up, {@code reset} and {@code step} allocate nothing on the Java heap.
 * An environment is used by one thread at a time. Closing it frees its native memory and emulator.
 */
public interface Environment extends AutoCloseable {
    /** The game's name, as given to the factory. */
    String name();

    ObservationShape observationShape();

    /** Number of actions; actions are {@code 0 .. actionCount() - 1}. */
    int actionCount();

    /** A short name for an action, e.g. {@code FIRE} or {@code LEFT}. */
    String actionName(int action);

    /** Emulator frames one agent step consumes: the action repeat for Atari, 1 for the built-in games. */
    int framesPerStep();

    /** Starts the next training episode (a new game if the last one is over) and writes its first observation. */
    void reset(MemorySegment observation);

    /**
     * Plays {@code action} for one agent step and writes the next observation.
     *
     * @return this environment's one {@link StepResult}, overwritten by the next call
     */
    StepResult step(int action, MemorySegment observation);

    /**
     * Ends the game in progress where it stands, so that the next {@link #reset} starts a new game (evaluation
     * giving up on a game in which nothing happens any more); its return and length stay readable until then.
     * The default suits environments whose reset always starts a new game.
     */
    default void endGame() {
    }

    /** Whether the game is over (as opposed to a training episode ended by a lost life). */
    boolean gameOver();

    /** Lives left in the current game (0 for games without lives). */
    int lives();

    /** Raw (unclipped) score of the current game so far, or of the game just finished until the next game starts. */
    double episodeReturn();

    /** Agent steps in the current game so far, or in the game just finished until the next game starts. */
    int episodeLength();

    @Override
    void close();
}
