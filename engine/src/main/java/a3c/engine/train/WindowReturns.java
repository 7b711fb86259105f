package a3c.engine.train;

/**
 * GA3C's sliding window ({@code --n-step-window n}, the reference notebook's): every step's return is
 * {@code r_t + gamma r_(t+1) + ... + gamma^(n-1) r_(t+n-1) + gamma^n V(s_(t+n))}, written into its experience once
 * the prediction of {@code s_(t+n)} comes; an episode's end flushes the steps still waiting, each with the rewards
 * to the end and no bootstrap (as {@link Returns#window} does for an A3C rollout). An agent holds one; it keeps
 * the last n steps, so it allocates nothing.
 */
final class WindowReturns {
    private final int n;
    private final double gamma;
    /** The waiting steps, oldest at {@code head}: their experience, their row in it and their reward. */
    private final Experience[] in;
    private final int[] at;
    private final float[] reward;
    private int head;
    private int count;
    private Experience resolvedIn;
    private int resolvedAt;

    WindowReturns(int n, double gamma) {
        this.n = n;
        this.gamma = gamma;
        this.in = new Experience[n];
        this.at = new int[n];
        this.reward = new float[n];
    }

    /** Step {@code step} of {@code e}, just played, waits for its return. */
    void add(Experience e, int step, float r) {
        int k = (head + count) % n;
        in[k] = e;
        at[k] = step;
        reward[k] = r;
        count++;
    }

    /**
     * The prediction after the newest step has come with {@code value}: the oldest step, if its window is full,
     * gets its return. Whether one did; {@link #resolvedIn()} and {@link #resolvedAt()} then say which.
     */
    boolean resolve(float value) {
        if (count < n) {
            return false;
        }
        double r = value;
        for (int j = n - 1; j >= 0; j--) {
            r = reward[(head + j) % n] + gamma * r;
        }
        resolvedIn = in[head];
        resolvedAt = at[head];
        write(head, r);
        head = (head + 1) % n;
        count--;
        return true;
    }

    Experience resolvedIn() {
        return resolvedIn;
    }

    int resolvedAt() {
        return resolvedAt;
    }

    /** The episode ended after the newest step: every waiting step gets the rewards to the end. */
    void flush() {
        double r = 0;
        for (int j = count - 1; j >= 0; j--) {
            int k = (head + j) % n;
            r = reward[k] + gamma * r;
            write(k, r);
        }
        head = 0;
        count = 0;
    }

    private void write(int k, double r) {
        in[k].returns[at[k]] = (float) r;
        in[k].targets[at[k]] = (float) r; // lambda 1: the advantage is the return minus the trainer's value
        in[k] = null;
    }
}
