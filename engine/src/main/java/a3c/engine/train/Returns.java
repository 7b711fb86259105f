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
        double r = values[n];
        double gae = 0;
        for (int t = n - 1; t >= 0; t--) {
            r = rewards[t] + gamma * r;
            returns[t] = (float) r;
            if (lambda == 1.0) {
                advantages[t] = (float) (r - values[t]);
            } else {
                double delta = rewards[t] + gamma * values[t + 1] - values[t];
                gae = delta + gamma * lambda * gae;
                advantages[t] = (float) gae;
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
        for (int t = 0; t < samples; t++) {
            int k = Math.min(window, steps - t);
            double r = values[t + k];
            for (int j = t + k - 1; j >= t; j--) {
                r = rewards[j] + gamma * r;
            }
            returns[t] = (float) r;
            advantages[t] = (float) (r - values[t]);
        }
    }
}
