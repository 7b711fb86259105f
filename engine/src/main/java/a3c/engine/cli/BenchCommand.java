package a3c.engine.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.Callable;

import a3c.atari.EnvOptions;
import a3c.atari.benchmark.EnvThroughput;
import a3c.engine.UserError;
import a3c.engine.config.ConfigFile;
import a3c.engine.config.TrainOptions;
import a3c.engine.benchmark.TrainThroughput;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bench env}: raw emulator frames/s against frames/s through the full preprocessing, in one run.
 * {@code bench train}: training frames/s against the preprocessing pipeline's, in one run.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Throughput measurements.",
        subcommands = {BenchCommand.Env.class, BenchCommand.Train.class})
final class BenchCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UserError("bench needs a measurement: bench env --game breakout --threads 2 --seconds 20,"
                + " or bench train --game breakout --threads 2");
    }

    @Command(name = "env", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Raw ALE frames/s (act and screen read, one ALE per thread) and frames/s through the full"
                    + " DeepMind pipeline (random actions), measured one after the other in the same run.")
    static final class Env implements Callable<Integer> {
        @Option(names = "--game", paramLabel = "NAME", description = "Atari game. Default: ${DEFAULT-VALUE}.")
        String game = "breakout";

        @Option(names = "--threads", paramLabel = "T", description = "Threads, one emulator each. Default: ${DEFAULT-VALUE}.")
        int threads = 1;

        @Option(names = "--seconds", paramLabel = "S", description = "Seconds per measurement (raw, then pipeline). Default: ${DEFAULT-VALUE}.")
        double seconds = 10;

        @Option(names = "--frame-stack", paramLabel = "K", description = "Frames stacked per observation. Default: ${DEFAULT-VALUE}.")
        int frameStack = 4;

        @Option(names = "--rom", paramLabel = "FILE", description = "ROM file.")
        Path rom;

        @Option(names = "--rom-dir", paramLabel = "DIR", description = "ROM folder.")
        Path romDir;

        @Override
        public Integer call() {
            if (threads < 1 || threads > 1024) {
                throw new UserError("--threads=" + threads + " is out of range: use 1 to 1024");
            }
            if (!(seconds > 0) || Double.isInfinite(seconds)) {
                throw new UserError("--seconds=" + seconds + " must be a positive number of seconds");
            }
            EnvOptions options = EnvOptions.defaults().frameStack(frameStack).romFile(rom).romDir(romDir).build();
            EnvThroughput.Result r = EnvThroughput.measure(game, threads, seconds, options);
            System.out.println(r.report());
            return 0;
        }
    }

    @Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Training frames/s against the frames/s of the raw emulator and of the same game's preprocessing"
                    + " pipeline on as many threads, measured in one run: a training run warms up, then rounds of about 5 s"
                    + " of training, with the run paused between rollouts for a phase of the raw emulator and one of the"
                    + " pipeline after each, so the host's drift hits all three alike. Counts garbage collections over the rounds.",
                    "Takes every train option; the run dir is thrown away unless --run-dir is given."})
    static final class Train implements Callable<Integer> {
        @Option(names = "--measure", paramLabel = "S", description = "Seconds of training measured after the warm-up, in rounds of about 5. Default: ${DEFAULT-VALUE}.")
        double measure = 60;

        @Option(names = "--warm-up", paramLabel = "S", description = "Seconds of training before the measured window (compilation, first games). Default: ${DEFAULT-VALUE}.")
        double warmUp = 20;

        @Option(names = "--env-seconds", paramLabel = "S", description = "Seconds of the raw emulator, and as many of the pipeline, spread over the rounds. Default: ${DEFAULT-VALUE}.")
        double envSeconds = 10;

        @Mixin
        TrainOptions options;

        @Spec
        CommandSpec spec;

        /** This command's own options, not the run's. */
        private static final Set<String> OWN = Set.of("--measure", "--warm-up", "--env-seconds");

        @Override
        public Integer call() throws Exception {
            // a --preset's settings under the flags given, as train takes them
            TrainOptions run = options.preset == null ? options : ConfigFile.fromCommandLine(TrainCommand.givenArguments(spec, OWN));
            run.refuseGa3cSettingsWithoutGa3c(spec.commandLine().getParseResult());
            if (!(measure >= 2) || !(warmUp >= 0) || !(envSeconds >= 1) || Double.isInfinite(measure + warmUp + envSeconds)) {
                throw new UserError("--measure=" + measure + ", --warm-up=" + warmUp + ", --env-seconds=" + envSeconds
                        + ": use at least 2, 0 and 1 seconds");
            }
            if (run.seconds != 0) {
                throw new UserError("--seconds=" + run.seconds + " does not apply to bench train, which times itself:"
                        + " use --warm-up and --measure");
            }
            if (run.runDir != null && Files.exists(run.runDir)) {
                throw new UserError("--run-dir=" + run.runDir + " already exists: bench train writes a new run; choose another");
            }
            System.out.println(TrainThroughput.measure(run, warmUp, measure, envSeconds, System.out).report());
            return 0;
        }
    }
}
