package a3c.engine.log;

/**
 * One progress interval of a run: frames and training seconds at its end, its frames/s, games finished
 * so far, the mean raw return of the last 100 games, and the interval's per-step mean losses and entropy
 * and per-rollout mean gradient norm (before clipping); NaN where the interval had no game or rollout.
 */
public record MetricsRow(long frames, double seconds, double framesPerSecond, long games, double meanReturn100,
                         double policyLoss, double valueLoss, double entropy, double learningRate, double gradNorm) {
}
