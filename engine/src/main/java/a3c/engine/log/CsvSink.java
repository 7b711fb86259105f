package a3c.engine.log;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import a3c.engine.io.CsvWriter;

/**
 * The run directory's CSV files: {@code metrics.csv} (a row per progress interval), {@code episodes.csv}
 * (a row per finished game) and {@code eval.csv} (a row per evaluation and policy, opened at the first one,
 * so a run without evaluations has none). A resumed run appends to the same files.
 */
final class CsvSink implements RunSink {
    private final Path runDir;
    private final CsvWriter metrics;
    private final boolean cluster;
    private final CsvWriter episodes;
    private CsvWriter evaluations;

    /** {@code cluster}: a cluster learner's run, whose metrics.csv adds the nodes and the traffic. */
    CsvSink(Path runDir, boolean cluster) {
        this.runDir = runDir;
        List<String> columns = new ArrayList<>(List.of("frames", "seconds", "frames_per_s", "episodes",
                "mean_return_100", "policy_loss", "value_loss", "entropy", "lr", "grad_norm", "policy_lag",
                "backlog_updates"));
        if (cluster) {
            columns.addAll(List.of("nodes", "syncs_per_s", "mb_per_s"));
        }
        this.cluster = cluster;
        metrics = new CsvWriter(runDir.resolve(RunLog.METRICS), columns.toArray(String[]::new));
        episodes = new CsvWriter(runDir.resolve(RunLog.EPISODES), "frames", "thread", "raw_return", "length");
    }

    @Override
    public void metrics(MetricsRow r) {
        metrics.add(r.frames()).add(r.seconds()).add(r.framesPerSecond()).add(r.games()).add(r.meanReturn100())
                .add(r.policyLoss()).add(r.valueLoss()).add(r.entropy()).add(r.learningRate()).add(r.gradNorm())
                .add(r.policyLag()).add(r.backlogUpdates());
        if (cluster) {
            metrics.add(r.nodes()).add(r.syncsPerSecond()).add(r.megabytesPerSecond());
        }
        metrics.endRow();
    }

    @Override
    public void game(long frames, int thread, double rawReturn, long length) {
        episodes.add(frames).add(thread).add(rawReturn).add(length).endRow();
    }

    @Override
    public void evaluation(Evaluation e) {
        if (evaluations == null) {
            evaluations = new CsvWriter(runDir.resolve(RunLog.EVALUATIONS), "frames", "seconds", "policy", "games", "mean", "std",
                    "min", "max", "mean_length", "wall_seconds", "stalled",
                    "first_layer_alive", "dead_layer");
        }
        evaluations.add(e.frames()).add(e.seconds()).add(e.policy()).add(e.games()).add(e.mean()).add(e.std())
                .add(e.min()).add(e.max()).add(e.meanLength()).add(e.wallSeconds()).add(e.stalled());
        Evaluation.Health h = e.health();
        (h.firstLayerAlive() < 0 ? evaluations.add("") : evaluations.add(h.firstLayerAlive())).add(h.deadLayer() == null ? "" : h.deadLayer()).endRow();
    }

    @Override
    public void flush() {
        metrics.flush();
        episodes.flush();
        if (evaluations != null) {
            evaluations.flush();
        }
    }

    @Override
    public void sync() {
        metrics.sync();
        episodes.sync();
        if (evaluations != null) {
            evaluations.sync();
        }
    }

    @Override
    public void close() {
        metrics.close();
        episodes.close();
        if (evaluations != null) {
            evaluations.close();
        }
    }
}
