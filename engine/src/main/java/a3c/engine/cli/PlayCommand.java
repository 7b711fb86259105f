package a3c.engine.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import a3c.atari.Screen;
import a3c.engine.UserError;
import a3c.engine.play.TrainedAgent;
import a3c.engine.viz.GifWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code play}: an animated GIF of one game, at the screen's own resolution. */
@Command(name = "play", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Play one game with a checkpoint's policy and record it as an animated GIF at the original resolution.")
final class PlayCommand implements Callable<Integer> {
    @Mixin
    CheckpointOptions from;

    @Option(names = "--gif", required = true, paramLabel = "OUT.gif", description = "Where to write the GIF.")
    Path gif;

    @Option(names = "--greedy", description = "Always take the most likely action instead of sampling.")
    boolean greedy;

    @Option(names = "--max-steps", paramLabel = "N", description = "Stop recording after N agent steps. Default: ${DEFAULT-VALUE}.")
    int maxSteps = 20_000;

    @Option(names = "--eval-stall-frames", paramLabel = "N", description = CheckpointOptions.STALL)
    Long stallFrames;

    @Override
    public Integer call() throws Exception {
        if (maxSteps < 1) {
            throw new UserError("--max-steps=" + maxSteps + " must be at least 1");
        }
        if (gif.getParent() != null && !java.nio.file.Files.isDirectory(gif.getParent())) {
            throw new UserError("--gif=" + gif + ": folder " + gif.getParent() + " does not exist");
        }
        try (TrainedAgent agent = from.agent(stallFrames)) {
            if (!(agent.environment() instanceof Screen screen)) {
                throw new UserError(agent.options().environmentName() + " has no screen to record: play works with Atari games and catch");
            }
            int h = screen.screenHeight(), w = screen.screenWidth();
            byte[] rgb = new byte[h * w * 3];
            // One GIF frame per agent step: 4 emulator frames at 60 Hz for Atari.
            int delay = Math.max(2, Math.round(100f * agent.environment().framesPerStep() / 60f));
            int steps = 0;
            try (GifWriter out = new GifWriter(gif, agent.environment().framesPerStep() > 1 ? delay : 10)) {
                agent.reset();
                out.addRgb(screen, rgb, w, h);
                boolean over = false;
                while (!over && steps < maxSteps) {
                    over = agent.step(agent.act(greedy));
                    out.addRgb(screen, rgb, w, h);
                    steps++;
                }
            }
            System.out.println(String.format("wrote %s: %d steps, return %.1f%s", gif, steps, agent.environment().episodeReturn(),
                    agent.stalled() ? " (stalled: nothing happened for --eval-stall-frames)" : steps >= maxSteps ? " (stopped at --max-steps)" : ""));
        }
        return 0;
    }
}
