package a3c.engine.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import a3c.engine.UserError;
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

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
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
        new Training(o, System.out).run(checkpoint);
        return 0;
    }

    /** {@code --resume-if-present} and a run directory that holds a run to continue (its config and checkpoint). */
    private static boolean continuesItself(TrainOptions o) {
        return o.resumeIfPresent && o.runDir != null && Files.exists(o.runDir.resolve("config"))
                && Files.exists(o.runDir.resolve(Training.CHECKPOINT));
    }

    /** The options given on this command line, as {@code --name=value} arguments ({@code --resume} left out). */
    private List<String> givenArguments() {
        List<String> given = new ArrayList<>();
        for (OptionSpec option : spec.commandLine().getParseResult().matchedOptions()) {
            if (option.longestName().equals("--resume")) {
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
