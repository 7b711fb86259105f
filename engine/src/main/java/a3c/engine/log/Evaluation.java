package a3c.engine.log;

/**
 * One evaluation of one policy: whole games played with a snapshot of the shared parameters taken at
 * {@code frames} training frames ({@code seconds} of training).
 *
 * @param policy      {@link #SAMPLED} (actions drawn from π, as in training) or {@link #GREEDY} (the most likely action)
 * @param meanLength  mean game length in agent steps
 * @param wallSeconds how long the games took to play (the evaluation's cost)
 * @param stalled     games ended by {@code --eval-stall-frames} (nothing happened for that long), not by play or the cap
 * @param health      which of the network's ReLU units fired during these games
 */
public record Evaluation(long frames, double seconds, String policy, int games, double mean, double std, double min,
                         double max, double meanLength, double wallSeconds, int stalled, Health health) {
    public static final String SAMPLED = "sampled";
    public static final String GREEDY = "greedy";

    /**
     * The first ReLU layer's channels (or units) that fired at least once, and the first ReLU layer
     * in which none fired ({@code null} when every layer had one). A ReLU that never fires gets no gradient, so
     * a layer with none alive leaves the network blind for good (docs/results: a dead first layer).
     *
     * @param firstLayerAlive -1 when the network has no ReLU layer (the universe net's ELUs cannot die)
     */
    public record Health(int firstLayerAlive, String deadLayer) {
        public static final Health NO_RELU = new Health(-1, null);
    }

    /** The statistics of {@code returns} (raw game returns) and {@code lengths}. */
    public static Evaluation of(long frames, double seconds, String policy, double[] returns, long[] lengths, double wallSeconds,
                                int stalled, Health health) {
        int n = returns.length;
        double sum = 0, min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY, steps = 0;
        for (int i = 0; i < n; i++) {
            sum += returns[i];
            min = Math.min(min, returns[i]);
            max = Math.max(max, returns[i]);
            steps += lengths[i];
        }
        double mean = sum / n, squares = 0;
        for (double r : returns) {
            squares += (r - mean) * (r - mean);
        }
        return new Evaluation(frames, seconds, policy, n, mean, Math.sqrt(squares / n), min, max, steps / n, wallSeconds, stalled, health);
    }
}
