package a3c.engine.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import a3c.atari.EnvOptions;
import a3c.atari.EnvThroughput;
import a3c.engine.UserError;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bench env}: raw emulator frames/s against frames/s through the full preprocessing, in one run. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Throughput measurements.",
        subcommands = BenchCommand.Env.class)
final class BenchCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UserError("bench needs a measurement: bench env --game breakout --threads 2 --seconds 20");
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
            EnvOptions options = EnvOptions.defaults().frameStack(frameStack).romFile(rom).romDir(romDir);
            EnvThroughput.Result r = EnvThroughput.measure(game, threads, seconds, options);
            System.out.println(r.report());
            return 0;
        }
    }
}
