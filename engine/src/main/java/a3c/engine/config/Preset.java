package a3c.engine.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

import a3c.engine.UserError;

/**
 * A reference set-up runnable by name ({@code train --preset NAME}): the settings its source document uses,
 * as command-line arguments. Flags given on the command line win over the preset wherever they stand, and
 * the run's {@code config} records the preset and every resolved value, so {@code --resume} replays them
 * as they were. docs/presets.md sets each preset beside its source.
 */
public enum Preset {
    /**
     * Mnih et al. 2016, A3C FF: 4 stacked frames, conv 16x8x8/4, conv 32x4x4/2, dense 256 (the {@code ff} net),
     * t_max 5, gamma 0.99, entropy 0.01, RMSProp with shared statistics (decay 0.99, epsilon 0.1 inside the
     * root), learning rate 7e-4 annealed linearly to 0 over the run, global-norm clip 40. The paper itself gives no
     * epsilon, no fixed rate (each run's drawn from LogUniform(1e-4, 1e-2)) and no clip value: those three are the
     * values quoted for it (issue #12's list).
     */
    PAPER("Mnih et al. 2016, A3C FF; the rate annealed to 0 over --frames", true, 0, "--envs-per-worker=1", "--net=ff", "--subtract-background=false", "--frame-stack=4", "--hidden=256", "--t-max=5", "--gamma=0.99", "--gae-lambda=1",
            "--entropy=0.01", "--value-weight=0.5", "--clip-norm=40", "--rms-decay=0.99", "--rms-epsilon=0.1",
            "--lr=7e-4", "--lr-warmup=0"),
    /**
     * The A3C-CPU notebook: CartPole-v0 (200 steps), an LSTM of 16 cells with the heads directly on it, Adam
     * 5e-4 (constant), global clip 40, rewards scaled by 0.001, gamma 0.99, an update every 40 steps or at
     * the episode's end.
     */
    CARTPOLE_LSTM("the A3C-CPU notebook", false, 0, "--env=cartpole", "--cartpole-max-steps=200", "--net=mlp", "--mlp-layers=0", "--mlp-lstm=true",
            "--lstm-size=16", "--t-max=40", "--gamma=0.99", "--gae-lambda=1", "--entropy=0", "--value-weight=0.5",
            "--optimizer=adam", "--lr=5e-4", "--lr-anneal=false", "--lr-warmup=0", "--clip-norm=40", "--reward-scale=0.001"),
    /**
     * The Keras tutorial (owenparsons3/RL-team's A3C_Dqn.ipynb, on Breakout-v0): one 80x80 grayscale frame, the
     * whole screen resized bilinearly, scaled to [0, 1], flattened into a dense layer of 128 ReLU units and the two
     * heads, Adam 1e-3 (constant, Keras' epsilon 1e-7), gamma 0.99, entropy 0.01, one worker per core, 1000 games a worker. It has no
     * update step of its own: t_max, the value weight and the clip are the engine's.
     */
    KERAS("the Keras tutorial; --episodes 1000 x --threads (1000 games a worker)", false, 1000, "--envs-per-worker=1", "--net=mlp", "--mlp-layers=1",
            "--subtract-background=false", "--preprocess=keras", "--hidden=128", "--mlp-lstm=false", "--frame-stack=1", "--frame-size=80",
            "--gamma=0.99", "--gae-lambda=1", "--entropy=0.01", "--value-weight=0.5", "--optimizer=adam", "--lr=1e-3",
            "--adam-epsilon=1e-7", "--lr-anneal=false", "--lr-warmup=0"),
    /**
     * The TensorFlow Breakout notebook: one frame thresholded then resized (bilinear) to 84x110 and cropped, fed
     * as grey levels 0..255; the seed net (conv, max-pool SAME, conv, dense 256, LSTM 256) with truncated-normal
     * weights of 0.01 and biases 0.01; n-step returns over a sliding window of 8; RMSProp 5e-3, decay 0.99; epsilon-greedy 0.5 to 0.15
     * by 5e-6 an update; -5 replacing the reward of the step that loses the game, 0.01 replacing a zero
     * reward; a checkpoint every 100 updates, continued when the run is started again.
     */
    NOTEBOOK("the TensorFlow Breakout notebook", false, 0, "--envs-per-worker=1", "--net=seed", "--subtract-background=false", "--preprocess=notebook", "--observation-scale=255", "--frame-stack=1", "--frame-size=84", "--hidden=256", "--lstm-size=256",
            "--init=truncated-normal", "--t-max=32", "--n-step-window=8", "--gamma=0.99", "--gae-lambda=1", "--entropy=0.01",
            "--value-weight=0.5", "--optimizer=rmsprop", "--lr=5e-3", "--lr-anneal=false", "--lr-warmup=0", "--rms-decay=0.99",
            "--rms-epsilon=1e-10", "--clip-norm=40", "--epsilon-start=0.5", "--epsilon-end=0.15", "--epsilon-frames=0",
            "--epsilon-updates=70000", "--game-over-reward=-5", "--zero-reward=0.01", "--checkpoint-every-updates=100",
            "--resume-if-present=true"),
    /**
     * universe-starter-agent (Ray's A3C, pytorch-a3c's network): one 42x42 frame (the channels' mean of the
     * 160x160 square below the score, bilinear to 80x80 then 42x42) normalised by running statistics, four SAME 3x3/2 convolutions of 32 with ELU, LSTM 256, rollouts of 20, GAE lambda 1, gamma
     * 0.99, Adam 1e-4 (constant), entropy 0.01, value loss 0.25 (its 0.5 * 0.5), clip 40.
     */
    UNIVERSE("universe-starter-agent", false, 0, "--envs-per-worker=1", "--net=universe", "--subtract-background=false", "--preprocess=universe", "--frame-stack=1", "--frame-size=42",
            "--normalize-observations=true", "--lstm-size=256",
            "--t-max=20", "--gamma=0.99", "--gae-lambda=1", "--entropy=0.01", "--value-weight=0.25", "--optimizer=adam",
            "--lr=1e-4", "--lr-anneal=false", "--lr-warmup=0", "--clip-norm=40");

    /** {@code --preset}'s help; the presets themselves are listed from this enum at the end of the help ({@link #usage}). */
    public static final String HELP = "Reference set-up to reproduce: one of the presets listed at the end of this help"
            + " (docs/presets.md); flags given with it win, wherever they stand. Default: none (the engine's defaults).";

    private final String source;
    private final boolean annealsToZero;
    /** Games each worker plays before the run stops (0: no such stop): {@code --episodes} is this times {@code --threads}. */
    private final long episodesPerWorker;
    private final List<String> arguments;

    Preset(String source, boolean annealsToZero, long episodesPerWorker, String... arguments) {
        this.source = source;
        this.annealsToZero = annealsToZero;
        this.episodesPerWorker = episodesPerWorker;
        this.arguments = List.of(arguments);
    }

    /** The name {@code --preset} takes. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * Every preset and what it sets, for the end of {@code --help}: a line with its name and source, then its
     * flags as {@code --name value}, wrapped between flags at {@code width} characters.
     */
    public static List<String> usage(int width) {
        List<String> lines = new ArrayList<>(List.of("Presets (--preset NAME):"));
        for (Preset p : values()) {
            lines.add("  " + p.cliName() + ": " + p.source);
            StringBuilder line = new StringBuilder("     ");
            for (String a : p.arguments) {
                String flag = a.replaceFirst("=", " ");
                if (line.length() + 1 + flag.length() > width) {
                    lines.add(line.toString());
                    line = new StringBuilder("     ");
                }
                line.append(' ').append(flag);
            }
            lines.add(line.toString());
        }
        return lines;
    }

    /** What the preset sets, as {@code --name=value} arguments. */
    public List<String> arguments() {
        return arguments;
    }

    /** The preset of that name, if there is one. */
    public static Optional<Preset> find(String name) {
        return Arrays.stream(values()).filter(p -> p.cliName().equals(name)).findFirst();
    }

    /** The preset of that name, or a one-line {@link UserError} listing the presets. */
    public static Preset named(String name) {
        return find(name).orElseThrow(() -> new UserError("--preset=" + name + " is not a preset: use "
                + Arrays.stream(values()).map(Preset::cliName).collect(Collectors.joining(", "))));
    }

    /**
     * The options of a command line that names this preset: the preset's arguments first, then the command
     * line's own (which win), then the preset's rules that depend on resolved values (the paper anneals the
     * learning rate to 0 over the run's frames, unless {@code --lr-anneal-frames} was given; the Keras tutorial
     * stops after its games a worker times the run's threads, unless {@code --episodes} was given).
     */
    TrainOptions over(List<String> commandLine, String origin) {
        List<String> args = new ArrayList<>(arguments);
        args.addAll(commandLine);
        TrainOptions o = ConfigFile.parseArguments(args, origin);
        if (annealsToZero && !names(commandLine, "--lr-anneal-frames")) {
            o.resolve();
            o.lrAnnealFrames = o.frames;
        }
        if (episodesPerWorker > 0 && !names(commandLine, "--episodes")) {
            o.resolve();
            o.episodes = episodesPerWorker * o.threads;
        }
        return o;
    }

    /** Whether a command line gives the option {@code name} ({@code --name value} or {@code --name=value}). */
    private static boolean names(List<String> commandLine, String name) {
        return commandLine.stream().anyMatch(a -> a.equals(name) || a.startsWith(name + "="));
    }
}
