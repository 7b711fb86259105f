package a3c.engine.log;

import java.nio.file.Path;
import java.util.Map;

import a3c.engine.io.TensorBoardWriter;

/**
 * TensorBoard event files with the CSV files' numbers, step = frames, under conventional tags: every
 * metrics column ({@code perf/}, {@code train/}, {@code loss/}, {@code policy/}, {@code optim/}), each
 * game's {@code train/episode_return} and {@code train/episode_length}, the evaluations ({@code eval/mean_return}
 * etc. for the sampled policy, {@code eval/greedy_mean_return} etc. for the greedy one) and the config as text.
 *
 * <p>Each session writes a new event file that opens with a session start, at 0 or one past a resumed
 * run's checkpoint frames: TensorBoard drops the steps from there on that it read before, which is what a
 * killed run logged past its checkpoint (the CSV files' rewind does the same). A fresh run writes one too,
 * because TensorBoard's server ignores the first session start of a run.
 */
final class TensorBoardSink implements RunSink {
    private final TensorBoardWriter board;

    TensorBoardSink(Path runDir, Map<String, String> config, long resumedAt) {
        board = new TensorBoardWriter(runDir);
        long step = resumedAt >= 0 ? resumedAt + 1 : 0;
        board.sessionStart(step);
        StringBuilder text = new StringBuilder();
        config.forEach((k, v) -> text.append("    ").append(k).append('=').append(v).append('\n')); // a Markdown code block
        board.text("config", step, text.toString());
    }

    @Override
    public void metrics(MetricsRow r) {
        long f = r.frames();
        scalar("perf/frames_per_s", f, r.framesPerSecond());
        scalar("perf/training_seconds", f, r.seconds());
        scalar("train/episodes", f, r.games());
        scalar("train/mean_return_100", f, r.meanReturn100());
        scalar("loss/policy", f, r.policyLoss());
        scalar("loss/value", f, r.valueLoss());
        scalar("policy/entropy", f, r.entropy());
        scalar("optim/lr", f, r.learningRate());
        scalar("optim/grad_norm", f, r.gradNorm());
        scalar("optim/policy_lag", f, r.policyLag());
        scalar("optim/backlog_updates", f, r.backlogUpdates());
        if (r.cluster()) {
            scalar("cluster/nodes", f, r.nodes());
            scalar("cluster/syncs_per_s", f, r.syncsPerSecond());
            scalar("cluster/mb_per_s", f, r.megabytesPerSecond());
        }
    }

    @Override
    public void game(long frames, int thread, double rawReturn, long length) {
        scalar("train/episode_return", frames, rawReturn);
        scalar("train/episode_length", frames, length);
    }

    @Override
    public void evaluation(Evaluation e) {
        String p = e.policy().equals(Evaluation.SAMPLED) ? "eval/" : "eval/" + e.policy() + "_";
        scalar(p + "mean_return", e.frames(), e.mean());
        scalar(p + "std_return", e.frames(), e.std());
        scalar(p + "min_return", e.frames(), e.min());
        scalar(p + "max_return", e.frames(), e.max());
        scalar(p + "mean_length", e.frames(), e.meanLength());
        scalar(p + "wall_seconds", e.frames(), e.wallSeconds());
        scalar(p + "stalled", e.frames(), e.stalled());
        if (e.health().firstLayerAlive() >= 0) {
            scalar(p + "first_layer_alive", e.frames(), e.health().firstLayerAlive());
        }
    }

    /** NaN (an empty cell in the CSV) is not written: TensorBoard's charts would show it as a gap anyway. */
    private void scalar(String tag, long step, double value) {
        if (!Double.isNaN(value)) {
            board.scalar(tag, step, value);
        }
    }

    @Override
    public void flush() {
        board.flush();
    }

    @Override
    public void close() {
        board.close();
    }
}
