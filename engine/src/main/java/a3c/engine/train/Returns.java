package a3c.engine.train;

/**
 * n-step returns and advantages of a rollout, newest step first:
 * {@code R_t = r_t + gamma R_{t+1}} from {@code R_n = V(s_n)} (0 at a terminal state), the value target;
 * the policy's advantage is {@code R_t - V(s_t)}, or with {@code lambda < 1} the generalised advantage
 * {@code A_t = delta_t + gamma lambda A_{t+1}}, {@code delta_t = r_t + gamma V(s_{t+1}) - V(s_t)}.
 */
final class Returns {
    private Returns() {
    }

    /**
     * {@code values[0..n]}: the values of the n steps and, at n, the bootstrap value (0 if terminal).
     * Writes {@code returns[0..n-1]} and {@code advantages[0..n-1]}.
     */
    static void compute(int n, float[] rewards, float[] values, double gamma, double lambda, float[] returns, float[] advantages) {
        compute(n, 1, 0, rewards, values, null, gamma, lambda, returns, advantages);
    }

    /**
     * The same for game {@code game} of a rollout of {@code batch} games laid out step by step (index
     * {@code t * batch + game}), whose episodes may end inside the rollout: where {@code done[i]}, step i was the
     * last of its episode, so nothing after it is discounted back into it (the next step belongs to a new
     * episode). {@code values} holds the bootstrap values at step n; {@code done} may be null (no episode ended
     * before the last step, whose terminal the bootstrap value of 0 says).
     */
    static void compute(int n, int batch, int game, float[] rewards, float[] values, boolean[] done, double gamma, double lambda,
                        float[] returns, float[] advantages) {
        double r = values[n * batch + game];
        double gae = 0;
        for (int t = n - 1; t >= 0; t--) {
            int i = t * batch + game;
            float next = values[i + batch];
            if (done != null && done[i]) {
                r = 0;
                gae = 0;
                next = 0;
            }
            r = rewards[i] + gamma * r;
            returns[i] = (float) r;
            if (lambda == 1.0) {
                advantages[i] = (float) (r - values[i]);
            } else {
                double delta = rewards[i] + gamma * next - values[i];
                gae = delta + gamma * lambda * gae;
                advantages[i] = (float) gae;
            }
        }
    }

    /**
     * The reference notebook's sliding window: every sample gets exactly {@code window} steps of reward and a
     * bootstrap, {@code R_t = r_t + ... + gamma^(K-1) r_(t+K-1) + gamma^K V(s_(t+K))} with
     * {@code K = min(window, steps - t)}; K is short only when a terminal flushes the window ({@code values[steps]}
     * is then 0). Writes the first {@code samples} returns and advantages {@code R_t - V(s_t)}.
     *
     * @param values {@code values[0..steps]}: the steps' values and the bootstrap value (0 if terminal)
     */
    static void window(int samples, int steps, int window, float[] rewards, float[] values, double gamma, float[] returns,
                       float[] advantages) {
        window(samples, steps, window, 1, 0, rewards, values, null, gamma, returns, advantages);
    }

    /**
     * The same for game {@code game} of a rollout of {@code batch} games laid out step by step (index
     * {@code t * batch + game}), whose episodes may end inside the rollout: a window that reaches step i with
     * {@code done[i]} stops there, with no bootstrap (the episode's end flushes it; the next step is another
     * episode's). {@code done} may be null (no episode ended before the last step).
     */
    static void window(int samples, int steps, int window, int batch, int game, float[] rewards, float[] values, boolean[] done,
                       double gamma, float[] returns, float[] advantages) {
        for (int t = 0; t < samples; t++) {
            int end = Math.min(t + window, steps); // the first step after the window
            boolean episodeEnds = false;
            for (int j = t; done != null && j < end; j++) {
                if (done[j * batch + game]) {
                    end = j + 1;
                    episodeEnds = true;
                    break;
                }
            }
            double r = episodeEnds ? 0 : values[end * batch + game];
            for (int j = end - 1; j >= t; j--) {
                r = rewards[j * batch + game] + gamma * r;
            }
            int i = t * batch + game;
            returns[i] = (float) r;
            advantages[i] = (float) (r - values[i]);
        }
    }
}
