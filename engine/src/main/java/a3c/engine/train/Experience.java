package a3c.engine.train;

import java.lang.foreign.MemorySegment;

import a3c.kernels.memory.AlignedBlock;

/**
 * GA3C: up to t_max steps of one agent's game, handed from the agent to a trainer through the training queue
 * and back: the observations (off-heap rows), the actions, the rewards and, once the agent has the bootstrap
 * value, the n-step returns. Each agent owns a few and reuses them: nothing is allocated per step.
 */
final class Experience implements AutoCloseable {
    private final AlignedBlock observations;
    /** Each step's observation row, sliced once: a slice is an object. */
    private final MemorySegment[] rows;
    private final int inputFloats;
    final int[] actions;
    final float[] rewards;
    final float[] returns;
    /** The shared model's update count when each step's action was chosen (the policy lag's start). */
    final long[] versions;
    /** Steps filled. */
    int count;
    /** Free for its agent to fill: set by the trainer that consumed it, read by the agent. */
    private volatile boolean free = true;

    Experience(int tMax, int inputFloats) {
        this.inputFloats = inputFloats;
        this.observations = AlignedBlock.ofFloats((long) tMax * inputFloats);
        this.actions = new int[tMax];
        this.rewards = new float[tMax];
        this.returns = new float[tMax];
        this.versions = new long[tMax];
        this.rows = new MemorySegment[tMax];
        for (int t = 0; t < tMax; t++) {
            rows[t] = observations.segment().asSlice((long) t * inputFloats * Float.BYTES, (long) inputFloats * Float.BYTES);
        }
    }

    MemorySegment observation(int step) {
        return rows[step];
    }

    /** Copies step {@code step}'s observation to {@code dst} (a network's observation row). */
    void copyObservation(int step, MemorySegment dst) {
        MemorySegment.copy(observations.segment(), (long) step * inputFloats * Float.BYTES, dst, 0, (long) inputFloats * Float.BYTES);
    }

    boolean isFree() {
        return free;
    }

    /** Taken by its agent: it fills it from step 0. */
    void take() {
        count = 0;
        free = false;
    }

    /** Given back by the trainer that consumed it. */
    void release() {
        free = true;
    }

    /** The n-step returns of the filled steps, from {@code bootstrap} (the value after the last step; 0 at an episode's end). */
    void finish(float bootstrap, double gamma) {
        double r = bootstrap;
        for (int t = count - 1; t >= 0; t--) {
            r = rewards[t] + gamma * r;
            returns[t] = (float) r;
        }
    }

    @Override
    public void close() {
        observations.close();
    }
}
