package a3c.engine.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

import a3c.engine.UserError;
import a3c.engine.cluster.ClusterRun;
import a3c.engine.cluster.ClusterSystem;
import a3c.engine.config.ConfigFile;
import a3c.engine.config.TrainOptions;
import a3c.engine.io.Checkpoint;
import a3c.engine.train.Training;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code train}: an A3C run with Hogwild workers. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train an A3C agent (Mnih et al. 2016): --threads workers update one shared model without locks.",
                "Progress every few seconds; the run dir gets config, metrics.csv, episodes.csv, checkpoint.a3c (also written on Ctrl-C),",
                "eval.csv and best.a3c (evaluation while training) and TensorBoard event files (tensorboard --logdir runs)."})
final class TrainCommand implements Callable<Integer> {
    @Mixin
    TrainOptions options;

    @Option(names = "--resume", description = "Continue the run in --run-dir from its checkpoint: same settings, frame count and schedule; flags given now override.")
    boolean resume;

    @Option(names = "--cluster", paramLabel = "ROLE", description = {"Train over several machines (Apache Pekko Cluster): learner holds the model, the logs and the checkpoints and trains nothing itself (give --bind and the run's flags);",
            "worker trains with its --threads and syncs with the learner (give --join; it takes the run's settings from the learner). Default: this machine alone."})
    String cluster;

    @Option(names = "--bind", paramLabel = "HOST:PORT", description = "--cluster: this node's address. The learner's is the one workers --join; a worker's defaults to its address towards the learner, port 0 (any free one).")
    String bind;

    @Option(names = "--join", paramLabel = "HOST:PORT", description = "--cluster worker: the learner's --bind.")
    String join;

    @Option(names = "--sync-ms", paramLabel = "MS", description = "--cluster worker: milliseconds between syncs with the learner (at a fixed rate, one in flight at a time; a sync moves 4 bytes a parameter, its change and the learner's parameters back, both in fp16: 2.7 MB for ff; on one 2-core machine a learner and two 1-thread workers train at 84.3 ± 0.7 %% of the frames/s of one JVM of 2 threads at 100 ms (ten runs at four games a worker; 82.4 ± 1.0 %% at sixteen, five sittings), 200 ms only about 1 %% faster than 100 ms in the same rounds, and 200 ms learned Pong more slowly in two runs of four, in two and three times the frames: bench/RESULTS.md). Default: ${DEFAULT-VALUE}.")
    double syncMs = 100;

    @Option(names = "--join-timeout", paramLabel = "S", description = "--cluster worker: seconds to wait for the learner's answer before giving up. Default: ${DEFAULT-VALUE}.")
    double joinTimeout = 30;

    /** This command's own options: not run settings, so never saved in config nor replayed by --resume. */
    private static final Set<String> OWN = Set.of("--resume", "--cluster", "--bind", "--join", "--sync-ms", "--join-timeout");

    /** What a worker node may set itself of the run's options; everything else comes from the learner. */
    private static final List<String> WORKER_OWN = List.of("--threads", "--run-dir", "--progress-every", "--rom", "--rom-dir");

    /** This command's options that only a worker node reads. */
    private static final List<String> WORKER_SETTINGS = List.of("--sync-ms", "--join-timeout");

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (cluster != null && !cluster.equals("learner") && !cluster.equals("worker")) {
            throw new UserError("--cluster=" + cluster + " is not a role: use learner (with --bind HOST:PORT) or worker (with --join HOST:PORT)");
        }
        if ("worker".equals(cluster)) {
            return worker();
        }
        for (String name : WORKER_SETTINGS) { // a learner or a lone run would ignore them
            if (spec.commandLine().getParseResult().hasMatchedOption(name)) {
                throw new UserError(name + (cluster == null ? " without --cluster" : " on the learner") + ": it is a worker node's setting"
                        + (name.equals("--sync-ms") ? " (each worker syncs with the learner at its own --sync-ms)" : " (how long it waits for the learner)")
                        + "; give it to train --cluster worker --join HOST:PORT");
            }
        }
        if (cluster == null && (bind != null || join != null)) {
            throw new UserError((bind != null ? "--bind" : "--join") + " without --cluster: add --cluster learner (--bind) or --cluster worker (--join)");
        }
        if (cluster != null && join != null) {
            throw new UserError("--join with --cluster learner: the learner is the one workers join; give it --bind HOST:PORT");
        }
        if (cluster != null && bind == null) {
            throw new UserError("--cluster learner needs --bind HOST:PORT: the address its worker nodes --join");
        }
        TrainOptions o = resume || options.preset == null ? options : ConfigFile.fromCommandLine(givenArguments());
        Checkpoint checkpoint = null;
        if (resume || continuesItself(o)) {
            if (o.runDir == null) {
                throw new UserError("--resume needs --run-dir DIR: the run to continue");
            }
            Path config = o.runDir.resolve("config");
            Path file = o.runDir.resolve(Training.CHECKPOINT);
            if (!Files.exists(config) || !Files.exists(file)) {
                throw new UserError("--run-dir=" + o.runDir + " holds no config and checkpoint to resume: give the folder of an earlier train run");
            }
            if (resume && o.preset != null) {
                throw new UserError("--preset=" + o.preset + " with --resume: a resumed run keeps the settings it was started with; "
                        + "drop --preset (single flags given with --resume still override)");
            }
            checkpoint = Checkpoint.read(file);
            o = ConfigFile.parse(ConfigFile.read(config), givenArguments(), config.toString());
        } else if (o.runDir != null) {
            List<String> held = Training.runFilesIn(o.runDir);
            if (held.contains(Training.CHECKPOINT)) {
                throw new UserError("--run-dir=" + o.runDir + " already holds a run with a checkpoint: add --resume to continue it, or choose another --run-dir");
            }
            if (!held.isEmpty()) {
                throw new UserError("--run-dir=" + o.runDir + " already holds a run (" + String.join(", ", held)
                        + ") that stopped before its first checkpoint, so it cannot be resumed: delete that folder or choose another --run-dir");
            }
        }
        o.resolve().validate();
        o.refuseGa3cSettingsWithoutGa3c(spec.commandLine().getParseResult());
        if (cluster != null && o.deterministic) {
            throw new UserError("--deterministic with --cluster: the nodes' changes arrive as the network delivers them; train on one machine, or leave --deterministic out");
        }
        if (cluster != null) {
            ClusterRun.learner(o, ClusterSystem.Address.parse("--bind", bind), checkpoint, System.out);
        } else {
            new Training(o, System.out).run(checkpoint);
        }
        return 0;
    }

    /** {@code --cluster worker}: joins the learner, takes the run's settings from it, and trains as one of its nodes. */
    private int worker() throws Exception {
        if (join == null) {
            throw new UserError("--cluster worker needs --join HOST:PORT: the learner's --bind");
        }
        if (!(syncMs >= 1 && syncMs <= 3_600_000)) {
            throw new UserError("--sync-ms=" + syncMs + ": give milliseconds from 1 to 3600000 between syncs (default 100)");
        }
        if (!(joinTimeout > 0)) {
            throw new UserError("--join-timeout=" + joinTimeout + ": give the seconds to wait for the learner, more than 0");
        }
        if (resume) {
            throw new UserError("--resume with --cluster worker: a worker takes the run from the learner; resume the learner (train --resume --cluster learner ...)");
        }
        for (String given : givenArguments()) {
            String name = given.substring(0, given.indexOf('='));
            if (!WORKER_OWN.contains(name)) {
                throw new UserError(name + " on a worker node: it trains with the learner's settings; give " + name + " to the learner (a worker takes only "
                        + String.join(", ", WORKER_OWN) + " beside --join, --bind, --sync-ms and --join-timeout)");
            }
        }
        ClusterSystem.Address learner = ClusterSystem.Address.parse("--join", join);
        ClusterSystem.Address self = bind != null ? ClusterSystem.Address.parse("--bind", bind)
                : new ClusterSystem.Address(ClusterSystem.localAddressTowards(learner.host()), 0);
        if (options.runDir != null && !Training.runFilesIn(options.runDir).isEmpty()) {
            throw new UserError("--run-dir=" + options.runDir + " already holds a run: a worker node starts a new one; choose another --run-dir");
        }
        ClusterRun.worker(learner, self, new ClusterRun.WorkerSettings(options.threads, options.runDir, options.progressEvery, syncMs, joinTimeout,
                options.rom, options.romDir),
                System.out);
        return 0;
    }

    /** {@code --resume-if-present} and a run directory that holds a run to continue (its config and checkpoint). */
    private static boolean continuesItself(TrainOptions o) {
        return o.resumeIfPresent && o.runDir != null && Files.exists(o.runDir.resolve("config"))
                && Files.exists(o.runDir.resolve(Training.CHECKPOINT));
    }

    /** The options given on this command line, as {@code --name=value} arguments (this command's own options, such as {@code --resume}, left out). */
    private List<String> givenArguments() {
        return givenArguments(spec, OWN);
    }

    /** The options given on {@code spec}'s command line as {@code --name=value} arguments, those named in {@code own} left out. */
    static List<String> givenArguments(CommandSpec spec, Set<String> own) {
        List<String> given = new ArrayList<>();
        for (OptionSpec option : spec.commandLine().getParseResult().matchedOptions()) {
            if (own.contains(option.longestName())) {
                continue;
            }
            List<String> values = option.originalStringValues();
            if (values.isEmpty()) {
                given.add(option.longestName() + "=true"); // a flag given without a value
            }
            for (String v : values) {
                given.add(option.longestName() + "=" + v);
            }
        }
        return given;
    }
}
