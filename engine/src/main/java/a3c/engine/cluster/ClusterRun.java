package a3c.engine.cluster;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

    /**
     * What a worker node sets itself; everything else it takes from the learner. {@code rom}, {@code romDir}: where
     * this machine keeps the ROM (null: where the learner's settings say, or the usual search).
     */
    public record WorkerSettings(int threads, Path runDir, double progressEvery, double syncMs, double joinTimeoutSeconds, Path rom, Path romDir) {
        public WorkerSettings(int threads, Path runDir, double progressEvery, double syncMs, double joinTimeoutSeconds) {
            this(threads, runDir, progressEvery, syncMs, joinTimeoutSeconds, null, null);
        }
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
            o = nodeOptions(node.welcome(), mine);
        } catch (RuntimeException | Error e) {
            node.close(); // once training starts, Training closes it
            throw e;
        }
        return new Training(o, out, EnvFactory::create, node).run(null);
    }

    /**
     * A worker node's options: the learner's settings (its welcome) under what the node sets itself, its seed
     * and its run directory (given, or {@code runs/<learner's run dir>-node<N>-<time>}); a ROM the node names
     * replaces the learner's path to its own.
     */
    static TrainOptions nodeOptions(Messages.Welcome w, WorkerSettings mine) {
        Path runDir = mine.runDir() != null ? mine.runDir() : Path.of("runs", Path.of(w.config().getOrDefault("run-dir", "cluster")).getFileName()
                + "-node" + w.node() + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        List<String> own = new ArrayList<>(List.of("--threads=" + mine.threads(), "--seed=" + w.seed(), "--run-dir=" + runDir,
                "--eval-every=0", "--resume-if-present=false", "--progress-every=" + mine.progressEvery()));
        Map<String, String> settings = new LinkedHashMap<>(w.config());
        if (mine.rom() != null || mine.romDir() != null) { // this machine's ROM, not the learner's path to its own
            settings.remove("rom");
            settings.remove("rom-dir");
            if (mine.rom() != null) {
                own.add("--rom=" + mine.rom());
            }
            if (mine.romDir() != null) { // both: refused as on any run
                own.add("--rom-dir=" + mine.romDir());
            }
        }
        return ConfigFile.parse(settings, own, "the learner's settings").resolve().validate();
    }
}
