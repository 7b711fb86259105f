package a3c.engine.play;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

import a3c.atari.Environment;
import a3c.atari.StepResult;
import a3c.engine.config.ConfigFile;
import a3c.engine.config.TrainOptions;
import a3c.engine.env.EnvFactory;
import a3c.engine.io.Checkpoint;
import a3c.engine.io.Restore;
import a3c.engine.net.NetSpec;
import a3c.engine.net.Network;

/**
 * A network restored from a checkpoint, playing whole games in an evaluation environment (the run's
 * preprocessing, but a lost life does not end the episode): what {@code eval} and {@code play} use. A game
 * also ends once {@code --eval-stall-frames} frames pass without a reward or a lost life ({@link #stalled()}).
 */
public final class TrainedAgent implements AutoCloseable {
    private final TrainOptions options;
    private final Environment env;
    private final Network net;
    private final SplittableRandom rng;
    /** Frames without a reward or a lost life after which a game ends (0: never). */
    private final long stallFrames;
    private long quietFrames;
    private boolean stalled;

    /**
     * @param overrides command-line arguments that replace saved settings (e.g. {@code --rom-dir} on another machine)
     */
    public TrainedAgent(Path checkpointFile, List<String> overrides, long seed) {
        Checkpoint c = Checkpoint.read(checkpointFile);
        this.options = ConfigFile.parse(ConfigFile.fromHeader(c.header()), overrides, checkpointFile.toString()).resolve().validate();
        this.env = EnvFactory.createForEvaluation(options, seed);
        try {
            NetSpec spec = EnvFactory.netSpec(options, env);
            this.net = Restore.network(c, checkpointFile, spec);
        } catch (RuntimeException e) { // a checkpoint of another network
            env.close();
            throw e;
        }
        this.rng = new SplittableRandom(seed);
        this.stallFrames = options.evalStallFrames;
    }

    /**
     * A network of {@code spec} with zero parameters (the caller copies them in through {@link #parameters()})
     * on an evaluation environment of the run's options: what evaluation while training uses.
     */
    public TrainedAgent(TrainOptions options, NetSpec spec, long seed) {
        this.options = options;
        this.env = EnvFactory.createForEvaluation(options, seed);
        this.net = new Network(spec, 1);
        this.rng = new SplittableRandom(seed);
        this.stallFrames = options.evalStallFrames;
    }

    /** The network's parameters, laid out as the shared ones. */
    public MemorySegment parameters() {
        return net.parameters().segment();
    }

    /** The network, as the last {@link #act} left it (its outputs for the current observation). */
    public Network network() {
        return net;
    }

    public TrainOptions options() {
        return options;
    }

    public Environment environment() {
        return env;
    }

    /** Starts a new game. */
    public void reset() {
        env.reset(net.observation(0));
        net.resetState();
        quietFrames = 0;
        stalled = false;
    }

    /** Chooses an action for the current observation: the most likely one when {@code greedy}, else a sample. */
    public int act(boolean greedy) {
        net.forward(0);
        net.carryState(0);
        MemorySegment p = net.probabilities(0);
        int n = env.actionCount();
        if (greedy) {
            int best = 0;
            for (int a = 1; a < n; a++) {
                if (p.getAtIndex(ValueLayout.JAVA_FLOAT, a) > p.getAtIndex(ValueLayout.JAVA_FLOAT, best)) {
                    best = a;
                }
            }
            return best;
        }
        double u = rng.nextDouble(), cumulative = 0;
        for (int a = 0; a < n - 1; a++) {
            cumulative += p.getAtIndex(ValueLayout.JAVA_FLOAT, a);
            if (u < cumulative) {
                return a;
            }
        }
        return n - 1;
    }

    /** Plays {@code action}; returns whether the game is over, by play, by the environment's cap or by {@link #stalled()}. */
    public boolean step(int action) {
        StepResult r = env.step(action, net.observation(0));
        if (r.gameOver()) {
            return true;
        }
        quietFrames = r.rawReward() != 0 || r.lifeLost() ? 0 : quietFrames + env.framesPerStep();
        stalled = stallFrames > 0 && quietFrames >= stallFrames;
        if (stalled) {
            env.endGame(); // the next reset starts a new game rather than continue this one
        }
        return stalled;
    }

    /** Whether the last game ended because nothing happened for {@code --eval-stall-frames} frames. */
    public boolean stalled() {
        return stalled;
    }

    /** Plays one whole game; returns its raw return. */
    public double playGame(boolean greedy) {
        reset();
        while (!step(act(greedy))) {
            // the environment caps games at --max-episode-frames, step() at --eval-stall-frames of nothing
        }
        return env.episodeReturn();
    }

    @Override
    public void close() {
        net.close();
        env.close();
    }
}
