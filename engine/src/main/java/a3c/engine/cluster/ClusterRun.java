package a3c.engine.cluster;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

import a3c.engine.config.ConfigFile;
import a3c.engine.config.TrainOptions;
import a3c.engine.env.EnvFactory;
import a3c.engine.io.Checkpoint;
import a3c.engine.train.Training;

/** The two ways to take part in a run over several machines: {@code train --cluster learner} and {@code --cluster worker}. */
public final class ClusterRun {
    private ClusterRun() {
    }

    /** The learner of the run {@code o} (new, or resumed from {@code resume}), listening at {@code bind}. */
    public static Training.Result learner(TrainOptions o, ClusterSystem.Address bind, Checkpoint resume, PrintStream out) throws Exception {
        return new Training(o, out, EnvFactory::create, new Learner(bind, ConfigFile.entries(o), o.seed, o.runDir, out)).run(resume);
    }

    /** What a worker node sets itself; everything else it takes from the learner. */
    public record WorkerSettings(int threads, Path runDir, double progressEvery, double syncMs, double joinTimeoutSeconds) {
    }

    /**
     * A worker node: joins the learner at {@code join} (this node at {@code bind}), takes the run's settings
     * from it, and trains with its own threads until the learner's run is over. Its run directory (given, or
     * {@code runs/<learner's run dir>-node<N>-<time>}) gets its own logs and checkpoint; the run's are the learner's.
     */
    public static Training.Result worker(ClusterSystem.Address join, ClusterSystem.Address bind, WorkerSettings mine, PrintStream out)
            throws Exception {
        WorkerNode node = WorkerNode.join(join, bind, mine.threads(), mine.syncMs(), mine.joinTimeoutSeconds(), out);
        TrainOptions o;
        try {
            Messages.Welcome w = node.welcome();
            Path runDir = mine.runDir() != null ? mine.runDir() : Path.of("runs", Path.of(w.config().getOrDefault("run-dir", "cluster")).getFileName()
                    + "-node" + w.node() + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
            List<String> own = new ArrayList<>(List.of("--threads=" + mine.threads(), "--seed=" + w.seed(), "--run-dir=" + runDir,
                    "--eval-every=0", "--resume-if-present=false", "--progress-every=" + mine.progressEvery()));
            o = ConfigFile.parse(w.config(), own, "the learner's settings").resolve().validate();
        } catch (RuntimeException | Error e) {
            node.close(); // once training starts, Training closes it
            throw e;
        }
        return new Training(o, out, EnvFactory::create, node).run(null);
    }
}
