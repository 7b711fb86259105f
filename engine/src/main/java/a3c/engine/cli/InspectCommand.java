package a3c.engine.cli;

import java.util.Locale;
import java.util.concurrent.Callable;

import a3c.engine.UserError;
import a3c.engine.play.ActivationCensus;
import a3c.engine.play.TrainedAgent;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code inspect}: which units of a checkpoint's ReLU layers still fire (a dead layer is why a run stays stuck). */
@Command(name = "inspect", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Play a checkpoint's policy for a number of steps and count, for each ReLU layer, the channels (convolutions) or units (dense) that fire at least once. A layer with none leaves the network blind to its observations, and nothing brings it back.")
final class InspectCommand implements Callable<Integer> {
    @Mixin
    CheckpointOptions from;

    @Option(names = "--steps", paramLabel = "N", description = "Agent steps to watch (whole games, sampled policy, a new game when one ends). Default: ${DEFAULT-VALUE}.")
    int steps = 2_000;

    @Override
    public Integer call() {
        if (steps < 1) {
            throw new UserError("--steps=" + steps + " must be at least 1");
        }
        try (TrainedAgent agent = from.agent(null)) {
            ActivationCensus census = new ActivationCensus(agent.network());
            agent.reset();
            for (int t = 0; t < steps; t++) {
                int action = agent.act(false);
                census.record(0);
                if (agent.step(action)) {
                    agent.reset();
                }
            }
            System.out.println(String.format(Locale.ROOT, "%s, %,d steps of the sampled policy: channels or units of each ReLU layer that fired",
                    agent.options().environmentName(), steps));
            for (ActivationCensus.Layer l : census.layers()) {
                System.out.println(String.format(Locale.ROOT, "%s: %d of %d %s (%.1f %% of its outputs positive per step)",
                        l.name(), l.alive(), l.units(), l.unit(), 100 * l.meanActive()));
            }
            String blind = census.health().deadLayer();
            if (blind != null) {
                System.out.println(blind + " never fired: nothing of the observation reaches the layers above it, so the network's output is"
                        + " the same for every observation, and a unit that never fires gets no gradient to come back; this run will not"
                        + " learn from here: " + ActivationCensus.START_AGAIN);
            }
        }
        return 0;
    }
}
