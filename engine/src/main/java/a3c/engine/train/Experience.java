package a3c.engine.train;

import java.lang.foreign.MemorySegment;

import a3c.kernels.memory.AlignedBlock;

/**
 * GA3C: up to t_max steps of one agent's game, handed from the agent to a trainer through the training queue
 * and back: the observations (off-heap rows), the actions, the rewards, the values the predictor gave and, once
 * the agent has the bootstrap value, the n-step returns and the lambda-returns; for a recurrent network also the
 * state its first step started from. Each agent owns a few and reuses them: nothing is allocated per step.
 */
final class Experience implements AutoCloseable {
    private final AlignedBlock observations;
    /** Each step's observation row, sliced once: a slice is an object. */
    private final MemorySegment[] rows;
    private final int inputFloats;
    final int[] actions;
    final float[] rewards;
    /** The value the predictor gave each step's observation (GAE's deltas), and at {@code count} the bootstrap value. */
    final float[] values;
    /** {@link Returns#compute}'s advantages, from which the lambda-returns are made. */
    private final float[] advantages;
    /** n-step returns: the value target. */
    final float[] returns;
    /**
     * lambda-returns, {@code A_t + V(s_t)} with the generalised advantage {@code A_t} of the predictor's values:
     * the trainer's advantage is this minus its own {@code V(s_t)}; with lambda 1 the n-step return itself.
     */
    final float[] targets;
    /** The shared model's update count when each step's action was chosen (the policy lag's start). */
    final long[] versions;
    /** Steps filled. */
    int count;
    /** Free for its agent to fill: set by the trainer that consumed it, read by the agent. */
    private volatile boolean free = true;

    /** The recurrent state (a network's {@code stateFloats}) the first step started from; null for a feed-forward net. */
    private final AlignedBlock initialState;

    Experience(int tMax, int inputFloats, int stateFloats) {
        this.inputFloats = inputFloats;
        this.observations = AlignedBlock.ofFloats((long) tMax * inputFloats);
        this.initialState = stateFloats > 0 ? AlignedBlock.ofFloats(stateFloats) : null;
        this.actions = new int[tMax];
        this.rewards = new float[tMax];
        this.values = new float[tMax + 1];
        this.advantages = new float[tMax];
        this.returns = new float[tMax];
        this.targets = new float[tMax];
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

    /** The recurrent state its first step started from (the agent writes it when it takes the experience); null for a feed-forward net. */
    MemorySegment initialState() {
        return initialState == null ? null : initialState.segment();
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

    /**
     * The n-step returns and lambda-returns of the filled steps, from {@code bootstrap} (the value after the last
     * step; 0 at an episode's end), as {@link Returns#compute} makes them for an A3C rollout.
     */
    void finish(float bootstrap, double gamma, double lambda) {
        values[count] = bootstrap;
        Returns.compute(count, rewards, values, gamma, lambda, returns, advantages);
        for (int t = 0; t < count; t++) {
            targets[t] = lambda == 1.0 ? returns[t] : advantages[t] + values[t];
        }
    }

    @Override
    public void close() {
        observations.close();
        if (initialState != null) {
            initialState.close();
        }
    }
}
