package a3c.engine.cli;

import java.util.Locale;
import java.util.concurrent.Callable;

import a3c.engine.UserError;
import a3c.engine.play.TrainedAgent;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code eval}: mean and standard deviation of the raw return over whole games. */
@Command(name = "eval", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Play whole games with a checkpoint's policy and print the mean +- std of the raw return.")
final class EvalCommand implements Callable<Integer> {
    @Mixin
    CheckpointOptions from;

    @Option(names = "--episodes", paramLabel = "N", description = "Games to play. Default: ${DEFAULT-VALUE}.")
    int episodes = 10;

    @Option(names = "--greedy", description = "Always take the most likely action instead of sampling from the policy.")
    boolean greedy;

    @Option(names = "--eval-stall-frames", paramLabel = "N", description = CheckpointOptions.STALL)
    Long stallFrames;

    @Override
    public Integer call() {
        if (episodes < 1) {
            throw new UserError("--episodes=" + episodes + " must be at least 1");
        }
        try (TrainedAgent agent = from.agent(stallFrames)) {
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
}
