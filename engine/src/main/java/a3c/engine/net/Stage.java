package a3c.engine.net;

/**
 * One layer at run time, bound to a worker's parameters, gradients and rollout buffers. Forward runs one
 * step (batch 1, at a row of the rollout); backward runs over the first {@code steps} rows at once, adding
 * into the parameter gradients and into the gradient of its input rows.
 */
interface Stage {
    void forward(int row);

    void backward(int steps);

    /** Recurrent stages: forget the carried state (a new episode starts). */
    default void resetState() {
    }

    /** Recurrent stages: the state after {@code row} becomes the state the next rollout starts from. */
    default void carryState(int row) {
    }
}
