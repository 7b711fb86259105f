package a3c.engine.net;

import java.lang.foreign.MemorySegment;

/**
 * One layer at run time, bound to a worker's parameters, gradients and rollout buffers. Forward runs one
 * step of every game the network acts for (a block of rows, see {@link Rows}); backward runs over the rows of
 * the first {@code steps} steps at once, adding into the parameter gradients and into the gradient of its
 * input rows.
 */
interface Stage {
    void forward(int step);

    void backward(int steps);

    /** Recurrent stages: game {@code game}'s next forwarded step starts a new episode from a zero state. */
    default void resetState(int game) {
    }

    /** Recurrent stages: the state after {@code step} becomes the state the next rollout starts from. */
    default void carryState(int step) {
    }

    /** Floats of one game's recurrent state ({@link #loadState}, {@link #storeState}); 0 for a stage without one. */
    default int stateFloats() {
        return 0;
    }

    /** Recurrent stages: game {@code game}'s next rollout starts from the state at {@code src}'s byte {@code offset}. */
    default void loadState(int game, MemorySegment src, long offset) {
    }

    /** Recurrent stages: writes game {@code game}'s state after step {@code step} to {@code dst} at byte {@code offset}. */
    default void storeState(int step, int game, MemorySegment dst, long offset) {
    }
}
