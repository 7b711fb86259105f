package a3c.engine.log;

/**
 * One progress interval of a run: frames and training seconds at its end, its frames/s, games finished
 * so far, the mean raw return of the last 100 games, and the interval's per-step mean losses and entropy
 * and per-update mean gradient norm (before clipping) and policy lag (the updates the model took between the
 * parameters that chose the actions and the update that learns from them: other workers' for A3C, the
 * trainers' since each prediction for GA3C); NaN where the interval had no game or update. GA3C only (0 for
 * A3C): the interval's updates that found the trainers' queue more than 5 batches behind. A cluster's learner
 * only ({@code --cluster learner}; -1 and NaN otherwise): the worker nodes training, and the interval's syncs per
 * second and megabytes per second (parameter changes in and parameters out).
 */
public record MetricsRow(long frames, double seconds, double framesPerSecond, long games, double meanReturn100,
                         double policyLoss, double valueLoss, double entropy, double learningRate, double gradNorm, double policyLag,
                         long backlogUpdates, int nodes, double syncsPerSecond, double megabytesPerSecond) {
    /** Whether the row has a cluster learner's columns. */
    public boolean cluster() {
        return nodes >= 0;
    }
}
