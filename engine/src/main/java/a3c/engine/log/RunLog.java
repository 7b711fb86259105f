package a3c.engine.log;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The one place the monitor hands a run's numbers to: it passes each to every sink, the CSV files always
 * and TensorBoard's event files unless {@code --tensorboard false}. Used on the monitor thread only.
 */
public final class RunLog implements AutoCloseable {
    public static final String METRICS = "metrics.csv";
    public static final String EPISODES = "episodes.csv";
    public static final String EVALUATIONS = "eval.csv";

    private final List<RunSink> sinks = new ArrayList<>();

    /**
     * @param config every resolved setting (TensorBoard shows it as text)
     * @param resumedAt the checkpoint's frames when the run resumes, else -1
     * @param cluster a cluster learner's run: metrics.csv adds the nodes and the traffic
     */
    public RunLog(Path runDir, boolean tensorboard, Map<String, String> config, long resumedAt, boolean cluster) {
        sinks.add(new CsvSink(runDir, cluster));
        if (tensorboard) {
            sinks.add(new TensorBoardSink(runDir, config, resumedAt));
        }
    }

    /** One more sink (a cluster's worker node forwards its games to the learner). */
    public void add(RunSink sink) {
        sinks.add(sink);
    }

    public void metrics(MetricsRow row) {
        sinks.forEach(s -> s.metrics(row));
    }

    public void game(long frames, int thread, double rawReturn, long length) {
        for (RunSink s : sinks) {
            s.game(frames, thread, rawReturn, length);
        }
    }

    public void evaluation(Evaluation e) {
        sinks.forEach(s -> s.evaluation(e));
    }

    public void flush() {
        sinks.forEach(RunSink::flush);
    }

    /** Flushes every sink and forces it to the disk (before a checkpoint). */
    public void sync() {
        sinks.forEach(RunSink::sync);
    }

    /** Syncs and closes every sink; the first failure is thrown after all were tried. */
    @Override
    public void close() {
        RuntimeException first = null;
        for (RunSink s : sinks) {
            try {
                try {
                    s.sync();
                } finally {
                    s.close();
                }
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
