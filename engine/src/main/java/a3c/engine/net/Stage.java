package a3c.engine.net;

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
}
