package a3c.engine.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import a3c.engine.play.TrainedAgent;
import picocli.CommandLine.Option;

/** What eval, play and inspect share: the checkpoint, the seed of its games, and where its ROM is now. */
final class CheckpointOptions {
    static final String STALL = "A game ends once N frames pass without a reward or a lost life (a policy caught in a loop); 0: only the run's --max-episode-frames ends it. Default: the run's setting (18,000).";

    @Option(names = "--checkpoint", required = true, paramLabel = "FILE", description = "A checkpoint written by train (runs/<run>/checkpoint.a3c, or best.a3c).")
    Path checkpoint;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of the games and of action sampling. Default: ${DEFAULT-VALUE}.")
    long seed = 12345;

    @Option(names = "--rom", paramLabel = "FILE", description = "ROM file, if not where training found it.")
    Path rom;

    @Option(names = "--rom-dir", paramLabel = "DIR", description = "ROM folder, if not where training found it.")
    Path romDir;

    /** The checkpoint's policy on an evaluation environment; {@code stallFrames}, unless null, replaces the run's {@code --eval-stall-frames}. */
    TrainedAgent agent(Long stallFrames) {
        List<String> overrides = new ArrayList<>();
        if (stallFrames != null) {
            overrides.add("--eval-stall-frames=" + stallFrames);
        }
        if (rom != null) {
            overrides.add("--rom=" + rom);
        }
        if (romDir != null) {
            overrides.add("--rom-dir=" + romDir);
        }
        return new TrainedAgent(checkpoint, overrides, seed);
    }
}
