package a3c.engine.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import a3c.engine.UserError;
import a3c.engine.play.TrainedAgent;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code eval}: mean and standard deviation of the raw return over whole games. */
@Command(name = "eval", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Play whole games with a checkpoint's policy and print the mean +- std of the raw return.")
final class EvalCommand implements Callable<Integer> {
    @Option(names = "--checkpoint", required = true, paramLabel = "FILE", description = "A checkpoint written by train (runs/<run>/checkpoint.a3c).")
    Path checkpoint;

    @Option(names = "--episodes", paramLabel = "N", description = "Games to play. Default: ${DEFAULT-VALUE}.")
    int episodes = 10;

    @Option(names = "--greedy", description = "Always take the most likely action instead of sampling from the policy.")
    boolean greedy;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of the games and of action sampling. Default: ${DEFAULT-VALUE}.")
    long seed = 12345;

    @Option(names = "--rom", paramLabel = "FILE", description = "ROM file, if not where training found it.")
    Path rom;

    @Option(names = "--rom-dir", paramLabel = "DIR", description = "ROM folder, if not where training found it.")
    Path romDir;

    @Option(names = "--eval-stall-frames", paramLabel = "N", description = STALL)
    Long stallFrames;

    static final String STALL = "A game ends once N frames pass without a reward or a lost life (a policy caught in a loop); 0: only the run's --max-episode-frames ends it. Default: the run's setting (18,000).";

    @Override
    public Integer call() {
        if (episodes < 1) {
            throw new UserError("--episodes=" + episodes + " must be at least 1");
        }
        try (TrainedAgent agent = new TrainedAgent(checkpoint, overrides(rom, romDir, stallFrames), seed)) {
            double sum = 0, sumSq = 0;
            for (int e = 1; e <= episodes; e++) {
                double r = agent.playGame(greedy);
                sum += r;
                sumSq += r * r;
                System.out.println(String.format(Locale.ROOT, "game %d: return %.1f, %d steps%s", e, r, agent.environment().episodeLength(),
                        agent.stalled() ? " (stalled: nothing happened for --eval-stall-frames)" : ""));
            }
            double mean = sum / episodes;
            double std = Math.sqrt(Math.max(0, sumSq / episodes - mean * mean));
            System.out.println(String.format(Locale.ROOT, "%s, %d games, %s policy: mean return %.2f +- %.2f (std)",
                    agent.options().environmentName(), episodes, greedy ? "greedy" : "sampled", mean, std));
        }
        return 0;
    }

    /** The settings given here that replace the checkpoint's. */
    static List<String> overrides(Path rom, Path romDir, Long stallFrames) {
        List<String> o = new ArrayList<>();
        if (stallFrames != null) {
            o.add("--eval-stall-frames=" + stallFrames);
        }
        if (rom != null) {
            o.add("--rom=" + rom);
        }
        if (romDir != null) {
            o.add("--rom-dir=" + romDir);
        }
        return o;
    }
}
