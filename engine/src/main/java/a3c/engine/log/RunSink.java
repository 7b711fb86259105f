package a3c.engine.log;

/**
 * Where a run's numbers go: the monitor thread (never a worker) hands every progress interval, finished
 * game and evaluation to each sink of the run's {@link RunLog}. A new kind of output is one class.
 */
public interface RunSink extends AutoCloseable {
    /** One progress interval. */
    void metrics(MetricsRow row);

    /** A finished game: its raw return and its length in agent steps, at the frame count it ended. */
    void game(long frames, int thread, double rawReturn, long length);

    /** One policy's evaluation. */
    void evaluation(Evaluation e);

    /** Makes what was written so far durable enough for a reader (called at every progress interval). */
    void flush();

    /**
     * Flushes and forces what was written so far to the disk: called before a checkpoint records the counters
     * of what the logs hold, so that after any kill the logs hold at least what the checkpoint counts.
     */
    default void sync() {
        flush();
    }

    @Override
    void close();
}
