package a3c.engine.train;

import java.nio.file.Path;
import java.util.Map;

import a3c.engine.io.CsvWriter;
import a3c.engine.io.TensorBoardWriter;

/**
 * The run directory's logs, written on the monitor thread only: {@code metrics.csv} (a row per progress
 * interval), {@code episodes.csv} (a row per finished game), {@code eval.csv} (a row per evaluation and
 * policy) and, unless {@code --tensorboard false}, TensorBoard event files carrying the same numbers with
 * step = frames. Each session writes a new event file that opens with a session start (at 0, or one past a
 * resumed run's checkpoint frames): on it TensorBoard drops what a killed run had logged past the
 * checkpoint, as the CSV files' rewind does.
 */
public final class RunLog implements AutoCloseable {
    public static final String METRICS = "metrics.csv";
    public static final String EPISODES = "episodes.csv";
    public static final String EVALUATIONS = "eval.csv";

    private final CsvWriter metrics;
    private final CsvWriter episodes;
    private final Path runDir;
    /** Opened at the first evaluation, so a run without them has no eval.csv. */
    private CsvWriter evaluations;
    private final TensorBoardWriter board;

    /**
     * @param config every resolved setting, shown in TensorBoard as text
     * @param resumedAt the checkpoint's frames when the run resumes, else -1
     */
    public RunLog(Path runDir, boolean tensorboard, Map<String, String> config, long resumedAt) {
        metrics = new CsvWriter(runDir.resolve(METRICS), "frames", "seconds", "frames_per_s", "episodes",
                "mean_return_100", "policy_loss", "value_loss", "entropy", "lr", "grad_norm");
        episodes = new CsvWriter(runDir.resolve(EPISODES), "frames", "thread", "raw_return", "length");
        this.runDir = runDir;
        board = tensorboard ? new TensorBoardWriter(runDir) : null;
        if (board != null) {
            // Every session starts with one: TensorBoard's server ignores a run's first, so a resume's purges only if
            // the fresh run wrote one too. On it TensorBoard drops the steps >= its own: checkpoint + 1 keeps what
            // the checkpoint holds (its last metrics row, its last evaluation) and drops what a killed run logged after.
            long step = resumedAt >= 0 ? resumedAt + 1 : 0;
            board.sessionStart(step);
            StringBuilder text = new StringBuilder();
            config.forEach((k, v) -> text.append("    ").append(k).append('=').append(v).append('\n'));
            board.text("config", step, text.toString());
        }
    }

    /** One progress interval: losses and entropy are per-step means, NaN when the interval had no rollout. */
    void metrics(long frames, double seconds, double framesPerSecond, long games, double meanReturn100,
                 double policyLoss, double valueLoss, double entropy, double lr, double gradNorm) {
        metrics.add(frames).add(seconds).add(framesPerSecond).add(games).add(meanReturn100)
                .add(policyLoss).add(valueLoss).add(entropy).add(lr).add(gradNorm).endRow();
        scalar("perf/frames_per_s", frames, framesPerSecond);
        scalar("perf/training_seconds", frames, seconds);
        scalar("train/episodes", frames, games);
        scalar("train/mean_return_100", frames, meanReturn100);
        scalar("loss/policy", frames, policyLoss);
        scalar("loss/value", frames, valueLoss);
        scalar("policy/entropy", frames, entropy);
        scalar("optim/lr", frames, lr);
        scalar("optim/grad_norm", frames, gradNorm);
    }

    /** A finished game: its raw return and its length in agent steps, at the frame count it ended. */
    void game(long frames, int thread, double rawReturn, long length) {
        episodes.add(frames).add(thread).add(rawReturn).add(length).endRow();
        scalar("train/episode_return", frames, rawReturn);
        scalar("train/episode_length", frames, length);
    }

    /** One policy's evaluation: tags {@code eval/mean_return} etc. for sampled, {@code eval/greedy_mean_return} etc. for greedy. */
    void evaluation(Evaluation e) {
        if (evaluations == null) {
            evaluations = new CsvWriter(runDir.resolve(EVALUATIONS), "frames", "seconds", "policy", "games", "mean", "std",
                    "min", "max", "mean_length", "wall_seconds");
        }
        evaluations.add(e.frames()).add(e.seconds()).add(e.policy()).add(e.games()).add(e.mean()).add(e.std())
                .add(e.min()).add(e.max()).add(e.meanLength()).add(e.wallSeconds()).endRow();
        String p = e.policy().equals(Evaluation.SAMPLED) ? "eval/" : "eval/" + e.policy() + "_";
        scalar(p + "mean_return", e.frames(), e.mean());
        scalar(p + "std_return", e.frames(), e.std());
        scalar(p + "min_return", e.frames(), e.min());
        scalar(p + "max_return", e.frames(), e.max());
        scalar(p + "mean_length", e.frames(), e.meanLength());
        scalar(p + "wall_seconds", e.frames(), e.wallSeconds());
    }

    /** NaN (an empty cell in the CSV) is not written to TensorBoard, whose charts would show it as a gap anyway. */
    private void scalar(String tag, long step, double value) {
        if (board != null && !Double.isNaN(value)) {
            board.scalar(tag, step, value);
        }
    }

    void flush() {
        metrics.flush();
        episodes.flush();
        if (evaluations != null) {
            evaluations.flush();
        }
        if (board != null) {
            board.flush();
        }
    }

    @Override
    public void close() {
        flush();
        metrics.close();
        episodes.close();
        if (evaluations != null) {
            evaluations.close();
        }
        if (board != null) {
            board.close();
        }
    }
}
