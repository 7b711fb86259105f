package a3c.engine.config;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import a3c.atari.EnvOptions;
import a3c.engine.UserError;
import a3c.engine.Words;
import a3c.engine.net.Initializer;
import a3c.engine.net.NetKind;
import a3c.engine.train.Optimizer;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;

/**
 * Every setting of a training run, as command-line options. Defaults follow Mnih et al. 2016; settings
 * that depend on the environment or network (net, frames, t_max, frame stack) start unset and are
 * resolved by {@link #resolve()}, after which {@link #validate()} checks everything once.
 *
 * <p>The run directory's {@code config} file holds every resolved option as {@code name=value}, in a
 * form the parser reads back: {@code --resume} replays it, then the flags given on the command line.
 */
public final class TrainOptions {
    /** The environment's defaults, described once in the atari module ({@link EnvOptions}); the flags below start from them. */
    private static final EnvOptions ENV = EnvOptions.defaults().build();

    /** Built-in environments. */
    public static final String[] BUILT_IN = {"catch", "cartpole"};

    // ---- what to train on -------------------------------------------------------------------------
    @Option(names = "--game", paramLabel = "NAME", description = "Atari game (ALE ROM name), e.g. pong, breakout. Default: pong, unless --env is given.")
    public String game;

    @Option(names = "--env", paramLabel = "NAME", description = "Built-in environment instead of a game: catch or cartpole.")
    public String env;

    @Option(names = "--net", paramLabel = "NAME", description = "Network: ff, lstm, seed, universe (four SAME 3x3/2 ELU convolutions, LSTM) or mlp (dense layers; on pixels it reads the frame as one flat vector). Default: ff for pixels, mlp for cartpole.")
    public String net;

    @Option(names = "--preset", paramLabel = "NAME", description = Preset.HELP)
    public String preset;

    // ---- how long, how many -----------------------------------------------------------------------
    @Option(names = "--threads", paramLabel = "N", description = "Hogwild worker threads (default: one per CPU, ${DEFAULT-VALUE}).")
    public int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--envs-per-worker", paramLabel = "K",
            description = "Games each worker plays in lockstep: one forward at batch K picks all K actions, one update trains on the K x --t-max samples (a game that ends inside a rollout is reset and goes on). 1: the paper's worker. K makes K times fewer updates per frame, so the default --lr grows with √K. Default for Atari with --algo a3c: 16 with --net ff (the fastest K on Breakout and Pong; at its rate of 1.2e-3 it learned both in three seeds of three, Breakout ahead of four games a worker at 10M and 20M frames, Pong level with it at 20M; Q*bert, the exception, learned faster with --envs-per-worker 4 --lr 6e-4 in three seeds of three: docs/results), 4 with the other nets (the K they were measured learning at); 1 for catch, cartpole, --algo ga3c and the presets.")
    public Integer envsPerWorker;

    @Option(names = "--algo", paramLabel = "NAME",
            description = "a3c: Hogwild workers, each acting and learning with its own copy of the network (the paper). ga3c: agents that only play, predictor threads that batch their policies and trainer threads that update one central model (Babaeizadeh et al. 2017; a recurrent network's state travels with each agent). Default: ${DEFAULT-VALUE}.")
    public String algo = "a3c";

    @Option(names = "--agents", paramLabel = "N", description = "GA3C: games played at once, spread over the --threads agent threads. Default: 4 per thread (on a cluster, of each worker node's threads).")
    public Integer agents;

    @Option(names = "--predictors", paramLabel = "N", description = "GA3C: threads that run the policy for the waiting agents in one batch. Default: ${DEFAULT-VALUE}.")
    public int predictors = 1;

    @Option(names = "--trainers", paramLabel = "N", description = "GA3C: threads that update the central model. Default: ${DEFAULT-VALUE}.")
    public int trainers = 1;

    @Option(names = "--min-batch", paramLabel = "N", description = "GA3C: steps (of any agents) in each update of the central model; with a recurrent network, whole experiences of t_max steps, as many as make N. Default: ${DEFAULT-VALUE}, the A3C/GA3C notebook's.")
    public int minBatch = 32;

    @Option(names = "--dynamic", arity = "0..1", paramLabel = "BOOL",
            description = "GA3C: every 5 s, move the number of active agents, predictors or trainers by one (at most the numbers given) and keep the change if frames/s rose (the GA3C paper's dynamic adjustment). Default: ${DEFAULT-VALUE}.")
    public boolean dynamic;

    @Option(names = "--deterministic", arity = "0..1", paramLabel = "BOOL",
            description = "One thread in a fixed order, so that --seed S trains the same model every time (evaluations still read the parameters when their own thread gets to them): A3C with --threads 1 is so already; GA3C then takes its agents, predictors and trainers in turn on one thread. Needs --threads 1. For tests and debugging. Default: ${DEFAULT-VALUE}.")
    public boolean deterministic;

    @Option(names = "--frames", paramLabel = "N", converter = CountConverter.class,
            description = "Stop after N environment frames (K/M/G suffixes). Default: 20M for Atari, 300K for catch, 1M for cartpole. The learning rate anneals over them (twice them for Atari: --lr-anneal-frames).")
    public long frames;

    @Option(names = "--seconds", paramLabel = "S", description = "Also stop after S seconds of training (0: no time limit). Default: ${DEFAULT-VALUE}.")
    public double seconds;

    @Option(names = "--episodes", paramLabel = "N", converter = CountConverter.class,
            description = "Also stop after N whole games, counted over every session of the run (0: no limit). Default: ${DEFAULT-VALUE}.")
    public long episodes;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of initialisation, environments and action sampling. Default: ${DEFAULT-VALUE}.")
    public long seed = 1;

    @Option(names = "--run-dir", paramLabel = "DIR", description = "Where config, metrics.csv, episodes.csv and checkpoints go. Default: runs/<env>-<net>-<time>.")
    public Path runDir;

    // ---- A3C ---------------------------------------------------------------------------------------
    @Option(names = "--t-max", paramLabel = "N", description = "Rollout length. Default: 5 for ff and mlp, 20 for lstm, seed, universe and mlp --mlp-lstm.")
    public int tMax;

    @Option(names = "--n-step-window", paramLabel = "N",
            description = "Train every sample on exactly N steps of reward and a bootstrap (the reference notebook's sliding window: a rollout of --t-max steps trains the samples whose window is complete and carries the rest over; an episode's end flushes its game's window, with any --envs-per-worker; with --algo ga3c each agent's steps get their return as the predictions n steps later come). 0: the paper's returns to the rollout's end. Default: ${DEFAULT-VALUE}.")
    public int nStepWindow;

    @Option(names = "--lr", paramLabel = "X", description = "Initial learning rate, annealed linearly towards 0 over --lr-anneal-frames. Default for Atari: 3e-4 x √(--envs-per-worker), so 1.2e-3 at ff's default of 16 games a worker, 6e-4 at the other nets' 4 and 3e-4 at one (the 7e-4 quoted for the paper, at one game a worker, learned Pong faster on one seed and never started on two others: docs/results); 7e-4 for catch and cartpole.")
    public Double learningRate;

    @Option(names = "--lr-anneal-frames", paramLabel = "N", converter = CountConverter.class,
            description = "Frames over which the learning rate falls linearly from --lr to 0 (more than --frames ends the run above 0). Default for Atari: twice --frames up to 40M, and --frames from 40M on (a 20M run ends at half its initial rate: Pong learned faster so than annealed to 0; a 40M Breakout run learned faster annealed to 0 at its end: docs/results); --frames for catch and cartpole.")
    public long lrAnnealFrames;
    /** The longest default anneal horizon that runs past the run's end: a 20M Atari run anneals over 40M, a 40M one to 0 at its end. */
    static final long ATARI_ANNEAL_CAP = 40_000_000L;
    /**
     * Atari's default games a worker: 16 for {@code ff}, the fastest K in {@code bench train} (Breakout 63-64 % of raw
     * ALE against 58-61 % at 4, Pong 53 against 50 %), which learned Breakout faster per frame than 4 and Pong as well by
     * 20M frames (three seeds each: docs/results); 4 for the other nets, the K they were measured learning at.
     */
    static final int ATARI_ENVS_PER_WORKER_FF = 16;
    static final int ATARI_ENVS_PER_WORKER = 4;
    /** Atari's learning rate at one game a worker (the sweep's choice: docs/results); K games a worker take √K times it. */
    static final double ATARI_LR = 3e-4;
    /** The warm-up of a recurrent net's rate on Atari at several games a worker (RMSProp's first steps are 10x the rate). */
    static final long ATARI_RECURRENT_WARMUP = 1_000_000L;

    @Option(names = "--lr-anneal", arity = "0..1", paramLabel = "BOOL",
            description = "Anneal the learning rate (false: keep --lr throughout). Default: ${DEFAULT-VALUE}.")
    public boolean lrAnneal = true;

    @Option(names = "--lr-warmup", paramLabel = "N", converter = CountConverter.class,
            description = "Frames over which the learning rate first rises linearly from 0 to --lr (0: none). Default: 1M (a tenth of --frames if that is less) for a recurrent net (lstm, seed, universe) on Atari at several games a worker: without it, its √K-times rate from the first step left Breakout lstm's dense layer dead in two seeds of two (RMSProp's first steps are 10 times the rate; docs/results); 0 otherwise.")
    public Long lrWarmup;

    @Option(names = "--gamma", paramLabel = "X", description = "Discount. Default: 0.99; 0.95 for cartpole, whose returns of up to 500 otherwise swamp the shared trunk.")
    public double gamma;

    @Option(names = "--gae-lambda", paramLabel = "X", description = "GAE lambda for the policy's advantage (1: plain n-step advantage). Default: ${DEFAULT-VALUE}.")
    public double gaeLambda = 1.0;

    @Option(names = "--entropy", paramLabel = "X", description = "Entropy bonus beta. Default: ${DEFAULT-VALUE}.")
    public double entropy = 0.01;

    @Option(names = "--value-weight", paramLabel = "X", description = "Weight of the value loss. Default: ${DEFAULT-VALUE}.")
    public double valueWeight = 0.5;

    @Option(names = "--clip-norm", paramLabel = "X", description = "Clip the global gradient norm to X. Default: ${DEFAULT-VALUE}.")
    public double clipNorm = 40;

    @Option(names = "--rms-decay", paramLabel = "X", description = "RMSProp decay alpha (statistics shared by all threads). Default: ${DEFAULT-VALUE}.")
    public double rmsDecay = 0.99;

    @Option(names = "--rms-epsilon", paramLabel = "X", description = "RMSProp epsilon, inside the square root. Default: 1e-5 for pixels (Atari, catch), 0.1 for cartpole. The 0.1 quoted for the paper (which states no value) outweighs this engine's Atari gradients (global norm 1-7 over 678k parameters) and makes RMSProp plain SGD with steps some 60 times smaller: Pong did not learn with it (docs/results).")
    public Double rmsEpsilon;

    @Option(names = "--optimizer", paramLabel = "NAME", description = "rmsprop (the paper's, statistics shared by all threads) or adam (moments and step count shared by all threads, TensorFlow's form). Default: ${DEFAULT-VALUE}.")
    public String optimizer = "rmsprop";

    @Option(names = "--adam-beta1", paramLabel = "X", description = "Adam's decay of the first moment. Default: ${DEFAULT-VALUE}.")
    public double adamBeta1 = 0.9;

    @Option(names = "--adam-beta2", paramLabel = "X", description = "Adam's decay of the second moment. Default: ${DEFAULT-VALUE}.")
    public double adamBeta2 = 0.999;

    @Option(names = "--adam-epsilon", paramLabel = "X", description = "Adam's epsilon, added to the root of the uncorrected second moment. Default: ${DEFAULT-VALUE}.")
    public double adamEpsilon = 1e-8;

    // ---- options of the reference notebook, off by default -------------------------------------------
    @Option(names = "--epsilon-start", paramLabel = "X", description = "Epsilon-greedy exploration: initial epsilon (0: off). Default: ${DEFAULT-VALUE}.")
    public double epsilonStart;

    @Option(names = "--epsilon-end", paramLabel = "X", description = "Epsilon after --epsilon-frames. Default: ${DEFAULT-VALUE}.")
    public double epsilonEnd;

    @Option(names = "--epsilon-frames", paramLabel = "N", converter = CountConverter.class, description = "Frames over which epsilon decays linearly. Default: ${DEFAULT-VALUE}.")
    public long epsilonFrames;

    @Option(names = "--reward-scale", paramLabel = "X", description = "Training rewards are multiplied by X (after clipping; returns are reported raw). Default: ${DEFAULT-VALUE}.")
    public double rewardScale = 1;

    @Option(names = "--game-over-reward", paramLabel = "X", description = "Replaces the training reward of the step whose play ends the game, a cut-off aside (the reference notebook's failure penalty: -5). Default: none.")
    public Double gameOverReward;

    @Option(names = "--zero-reward", paramLabel = "X", description = "Replaces a training reward of 0 (the reference notebook's liveness reward: 0.01). Default: none.")
    public Double zeroReward;

    @Option(names = "--epsilon-updates", paramLabel = "N", converter = CountConverter.class,
            description = "Epsilon decays linearly over N optimiser updates of all workers instead of --epsilon-frames (the reference notebook's 0.5 to 0.15 by 5e-6 a training step: 70K). Default: ${DEFAULT-VALUE}.")
    public long epsilonUpdates;

    @Option(names = "--life-loss-penalty", paramLabel = "X", description = "Reward added when a life is lost (e.g. -1). Default: ${DEFAULT-VALUE}.")
    public double lifeLossPenalty;

    @Option(names = "--liveness-reward", paramLabel = "X", description = "Reward added at every step. Default: ${DEFAULT-VALUE}.")
    public double livenessReward;

    // ---- environment -------------------------------------------------------------------------------
    @Option(names = "--frame-stack", paramLabel = "K", description = "Frames stacked per observation. Default: 4 for ff, 1 for the others.")
    public int frameStack;

    @Option(names = "--frame-size", paramLabel = "N", description = "Atari frames are resized to N x N pixels (after the crop with --preprocess notebook; from the 80x80 square with --preprocess universe). Default: ${DEFAULT-VALUE}.")
    public int frameSize = ENV.frameHeight();

    @Option(names = "--normalize-observations", arity = "0..1", paramLabel = "BOOL",
            description = "Normalise each observation by running averages of observations' mean and standard deviation (pytorch-a3c's NormalizedEnv, for the universe net). Default: ${DEFAULT-VALUE}.")
    public boolean normalizeObservations;

    @Option(names = "--center-observations", arity = "0..1", paramLabel = "BOOL",
            description = "Subtract the running average of observations' mean (as --normalize-observations, without dividing by the standard deviation; implied by it). Default: ${DEFAULT-VALUE}.")
    public boolean centerObservations;

    @Option(names = "--subtract-background", arity = "0..1", paramLabel = "BOOL",
            description = "Subtract each observation's most common grey level, so every game's background is 0 as Breakout's black one is: Pong's brown screen otherwise kills most first-layer ReLU channels and some runs never learn (docs/results). A black background (Breakout, Q*bert, Space Invaders) is left exactly as it was. Pixels only. Default: true for Atari (false with --normalize-observations or --center-observations, which subtract a running mean instead; in the paper, keras, notebook and universe presets, whose sources do not do it; and for runs saved before it existed), false for catch and cartpole.")
    public Boolean subtractBackground;

    @Option(names = "--observation-scale", paramLabel = "S",
            description = "Multiply every observation by S, after --subtract-background or the running normalisations (255: Atari grey levels 0..255 instead of [0, 1], as the TensorFlow Breakout notebook feeds its network). Default: ${DEFAULT-VALUE}.")
    public double observationScale = 1;

    @Option(names = "--full-action-set", arity = "0..1", paramLabel = "BOOL", description = "Use all 18 Atari actions instead of the game's minimal set.")
    public boolean fullActionSet = ENV.fullActionSet();

    @Option(names = "--sticky-actions", paramLabel = "P", description = "ALE repeat_action_probability. Default: ${DEFAULT-VALUE}.")
    public double stickyActions = ENV.repeatActionProbability();

    @Option(names = "--noop-max", paramLabel = "N", description = "Up to N random no-ops at the start of each game. Default: ${DEFAULT-VALUE}.")
    public int noopMax = ENV.noopMax();

    @Option(names = "--episodic-life", arity = "0..1", paramLabel = "BOOL", description = "A lost life ends the training episode. Default: ${DEFAULT-VALUE}.")
    public boolean episodicLife = ENV.episodicLife();

    @Option(names = "--clip-rewards", arity = "0..1", paramLabel = "BOOL", description = "Clip training rewards to [-1, 1] (returns are reported raw). Default: ${DEFAULT-VALUE}.")
    public boolean clipRewards = ENV.clipRewards();

    @Option(names = "--preprocess", paramLabel = "KIND", description = "deepmind (grayscale, area-resize to --frame-size), notebook (the TensorFlow Breakout notebook's: grayscale, binary threshold at 1, then bilinear to 84x110 and rows 26..110), universe (universe-starter-agent's: the colour channels' mean, the 160x160 square below the score, bilinear to 80x80 then to --frame-size) or keras (the Keras tutorial's: grayscale, bilinear to --frame-size). Default: ${DEFAULT-VALUE}.")
    public String preprocess = ENV.frames().name().toLowerCase(Locale.ROOT);

    @Option(names = "--max-episode-frames", paramLabel = "N", converter = CountConverter.class, description = "Cap on frames per game. Default: ${DEFAULT-VALUE}.")
    public long maxEpisodeFrames = ENV.maxEpisodeFrames();

    @Option(names = "--cartpole-max-steps", paramLabel = "N", description = "cartpole: steps after which an episode is cut off (200 is Gym's CartPole-v0, 500 its v1). Default: ${DEFAULT-VALUE}.")
    public int cartpoleMaxSteps = ENV.cartpoleMaxSteps();

    @Option(names = "--rom", paramLabel = "FILE", description = "ROM file (first place searched).")
    public Path rom;

    @Option(names = "--rom-dir", paramLabel = "DIR", description = "Folder of ROMs named <game>.bin (searched before $ALE_ROM_DIR, ./roms and ale-py's roms).")
    public Path romDir;

    // ---- network sizes -----------------------------------------------------------------------------
    @Option(names = "--hidden", paramLabel = "N", description = "Width of the dense layer (and of the mlp's hidden layers). Default: 256 for pixels, 64 for mlp.")
    public int hidden;

    @Option(names = "--lstm-size", paramLabel = "N", description = "LSTM cells (lstm, seed, and mlp with --mlp-lstm). Default: ${DEFAULT-VALUE}.")
    public int lstmSize = 256;

    @Option(names = "--mlp-layers", paramLabel = "N", description = "Hidden layers of the mlp net (0: the heads sit on the LSTM, or on the input). Default: ${DEFAULT-VALUE}.")
    public int mlpLayers = 2;

    @Option(names = "--mlp-lstm", arity = "0..1", paramLabel = "BOOL", description = "Add an LSTM after the mlp's hidden layers.")
    public boolean mlpLstm;

    @Option(names = "--init", paramLabel = "KIND", description = "Initial parameters: engine (He-uniform layers, small-gain heads, forget bias 1) or truncated-normal (the reference notebook's: weights N(0, 0.01) cut at two deviations, biases 0.01). Default: ${DEFAULT-VALUE}.")
    public String init = "engine";

    // ---- evaluation while training, logs ------------------------------------------------------------
    @Option(names = "--eval-every", paramLabel = "N", converter = CountConverter.class,
            description = "Evaluate the shared parameters every N frames (0: never): whole games on an environment of its own (no episodic life, raw rewards), sampled and greedy; eval.csv, best.a3c. Default: 2M for Atari, 0 for catch and cartpole.")
    public Long evalEvery;

    @Option(names = "--eval-episodes", paramLabel = "N", description = "Games per policy (sampled, greedy) at each evaluation. Default: ${DEFAULT-VALUE}.")
    public int evalEpisodes = 5;

    @Option(names = "--eval-stall-frames", paramLabel = "N", converter = CountConverter.class,
            description = "An evaluation game (while training, eval, play) ends once N frames pass without a reward or a lost life, counted in eval.csv's stalled column: a greedy policy caught in a loop (which, with sticky actions off, nothing random frees) would otherwise play on to --max-episode-frames. 0: only --max-episode-frames ends a game. Default: ${DEFAULT-VALUE} (5 minutes of play).")
    public long evalStallFrames = 18_000;

    @Option(names = "--tensorboard", arity = "0..1", paramLabel = "BOOL", description = "Write TensorBoard event files into the run dir (tensorboard --logdir runs). Default: ${DEFAULT-VALUE}.")
    public boolean tensorboard = true;

    // ---- bookkeeping -------------------------------------------------------------------------------
    @Option(names = "--checkpoint-every", paramLabel = "MIN", description = "Minutes between checkpoints (also written on exit). Default: ${DEFAULT-VALUE}.")
    public double checkpointEvery = 10;

    @Option(names = "--checkpoint-every-updates", paramLabel = "N", converter = CountConverter.class,
            description = "Also take a checkpoint every N optimiser updates of all workers (the reference notebook's 100; each is a write and an fsync of the model and its statistics). 0: by minutes only. Default: ${DEFAULT-VALUE}.")
    public long checkpointEveryUpdates;

    @Option(names = "--resume-if-present", arity = "0..1", paramLabel = "BOOL",
            description = "When --run-dir holds a run (config and checkpoint), continue it as --resume would; else start it there (the reference notebook's habit). Default: ${DEFAULT-VALUE}.")
    public boolean resumeIfPresent;

    @Option(names = "--progress-every", paramLabel = "S", description = "Seconds between progress lines and metrics.csv rows. Default: ${DEFAULT-VALUE}.")
    public double progressEvery = 5;

    /** Parses counts such as 20M for picocli. */
    public static final class CountConverter implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            return Counts.parse("count", value);
        }
    }

    /** True when the run uses a built-in environment rather than an Atari game. */
    public boolean builtIn() {
        return env != null;
    }

    /** The environment's name: the game, or the built-in environment. */
    public String environmentName() {
        return env != null ? env : game;
    }

    /** The network {@code --net} names (a one-line {@link UserError} for an unknown name). */
    public NetKind netKind() {
        return NetKind.named(net);
    }

    /** The atari module's frames that {@code --preprocess} names (its enum's constants, in lower case). */
    public EnvOptions.Frames frameKind() {
        return EnvOptions.Frames.valueOf(preprocess.toUpperCase(Locale.ROOT));
    }

    /** Frames over which the learning rate anneals to 0: {@code --lr-anneal-frames}, or the run's frames; 0 with {@code --lr-anneal false}. */
    public long annealFrames() {
        return !lrAnneal ? 0 : lrAnnealFrames > 0 ? lrAnnealFrames : frames;
    }

    /** The sizes {@link NetKind#spec} builds the network with. */
    public NetKind.Sizes netSizes() {
        return new NetKind.Sizes(hidden, lstmSize, mlpLayers, mlpLstm);
    }

    /** The optimiser {@code --optimizer} names (a one-line {@link UserError} for an unknown name). */
    public Optimizer optimizer() {
        return Optimizer.named(optimizer);
    }

    /** The initialisation {@code --init} names. */
    public Initializer.Scheme initScheme() {
        return switch (init) {
            case "engine" -> Initializer.Scheme.ENGINE;
            case "truncated-normal" -> Initializer.Scheme.TRUNCATED_NORMAL;
            default -> throw new UserError("--init=" + init + " is not an initialisation: use engine or truncated-normal");
        };
    }

    /**
     * GA3C's agents: {@code --agents}, or 4 for each of the threads that play them. The default is not written
     * into the run's config, so a worker node of a cluster takes 4 for each of its own threads, not the learner's.
     */
    public int agents() {
        return agents != null ? agents : 4 * threads;
    }

    /** {@code --algo ga3c}. */
    public boolean ga3c() {
        return "ga3c".equals(algo);
    }

    public boolean recurrent() {
        return netKind().recurrent(mlpLstm);
    }

    /** Fills the settings whose defaults depend on the environment and the network. */
    public TrainOptions resolve() {
        if (game != null && env != null) {
            throw new UserError("--game=" + game + " and --env=" + env + " both given: train on one of them");
        }
        if (game == null && env == null) {
            game = "pong";
        }
        if (game != null) {
            game = game.trim().toLowerCase(Locale.ROOT);
        }
        boolean vector = "cartpole".equals(env);
        if (net == null) {
            net = (vector ? NetKind.MLP : NetKind.FF).cliName();
        }
        if (frames == 0) {
            frames = env == null ? 20_000_000L : vector ? 1_000_000L : 300_000L;
        }
        if (gamma == 0) {
            gamma = vector ? 0.95 : 0.99;
        }
        NetKind.find(net).ifPresent(this::resolveNetwork); // an unknown name is left for validate() to report
        if (lrAnnealFrames == 0) { // Atari: twice the run's frames up to 40M, the run's own frames past that (docs/results)
            lrAnnealFrames = env == null ? Math.max(frames, Math.min(2 * frames, ATARI_ANNEAL_CAP)) : frames;
        }
        if (envsPerWorker == null) { // batched acting learned Atari better per frame and faster per second (docs/results)
            envsPerWorker = env != null || ga3c() ? 1 : NetKind.FF.cliName().equals(net) ? ATARI_ENVS_PER_WORKER_FF : ATARI_ENVS_PER_WORKER;
        }
        if (learningRate == null) { // K times fewer updates a frame, each over K times the samples: √K times the rate
            learningRate = env == null ? ATARI_LR * Math.sqrt(envsPerWorker) : 7e-4;
        }
        if (lrWarmup == null) { // RMSProp's mean squares start at 0, so its first steps are 1/sqrt(1 - decay) times the rate
            boolean recurrent = NetKind.find(net).map(k -> k.recurrent(mlpLstm)).orElse(false);
            lrWarmup = env == null && !ga3c() && recurrent && envsPerWorker > 1 ? Math.min(ATARI_RECURRENT_WARMUP, frames / 10) : 0L;
        }
        if (rmsEpsilon == null) {
            rmsEpsilon = vector ? 0.1 : 1e-5;
        }
        if (subtractBackground == null) { // the running normalisations subtract a mean of their own
            subtractBackground = env == null && !normalizeObservations && !centerObservations;
        }
        if (evalEvery == null) {
            evalEvery = env == null ? 2_000_000L : 0L;
        }
        if (runDir == null) {
            runDir = Path.of("runs", environmentName() + "-" + net + "-"
                    + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        }
        return this;
    }

    /** The defaults the network kind owns: rollout length, frame stack, width of the dense layer. */
    private void resolveNetwork(NetKind kind) {
        if (tMax == 0) {
            tMax = kind.defaultTMax(mlpLstm);
        }
        if (frameStack == 0) {
            frameStack = kind.defaultFrameStack();
        }
        if (hidden == 0) {
            hidden = kind.defaultHidden();
        }
    }

    /** The settings only GA3C reads: an A3C run would ignore them. */
    private static final List<String> GA3C_ONLY = List.of("--agents", "--predictors", "--trainers", "--min-batch");

    /**
     * Refuses a GA3C setting given on the command line ({@code given}) to an A3C run, which would silently ignore
     * it. Not part of {@link #validate}: a run's config holds every setting, GA3C's included, whatever its algorithm.
     */
    public void refuseGa3cSettingsWithoutGa3c(ParseResult given) {
        if (ga3c()) {
            return;
        }
        for (String name : GA3C_ONLY) {
            if (given.hasMatchedOption(name)) {
                throw new UserError(name + " is a GA3C setting, but this run is A3C: add --algo ga3c, or leave " + name + " out"
                        + (name.equals("--agents") ? " (an A3C worker plays --envs-per-worker games at once)" : ""));
            }
        }
    }

    /** What GA3C does not do (yet): each refused with the setting that works. */
    private void validateGa3c() {
        if (envsPerWorker > 1) {
            throw new UserError("--algo ga3c with --envs-per-worker=" + envsPerWorker + ": GA3C batches its agents' steps itself; use --agents N");
        }
        if (dynamic && agents() < 2 && predictors < 2 && trainers < 2) {
            throw new UserError("--dynamic with one agent, one predictor and one trainer: nothing to adjust; give --agents N (or more predictors or trainers)");
        }
        if (agents() < threads) {
            throw new UserError("--agents=" + agents() + " with --threads=" + threads + ": every agent thread needs an agent; use --agents " + threads + " or more");
        }
    }

    /** Checks every setting once; the first bad one is reported as {@code name=value: how to fix it}. */
    public TrainOptions validate() {
        if (env != null && !java.util.List.of(BUILT_IN).contains(env)) {
            throw new UserError("--env=" + env + " is not a built-in environment: use catch or cartpole (or --game NAME for Atari)");
        }
        NetKind kind = netKind();
        boolean vector = "cartpole".equals(env);
        if (vector && kind.needsImages()) {
            throw new UserError("--net=" + net + " needs pixels, but cartpole observes 4 numbers: use --net " + NetKind.choices(NetKind.takingVectors()));
        }
        if (vector && subtractBackground) { // resolve() leaves it false for cartpole: only an explicit true gets here
            throw new UserError("--subtract-background works on pixels, but cartpole observes 4 numbers: leave it out");
        }
        if (subtractBackground && (normalizeObservations || centerObservations)) { // as above: only an explicit true
            throw new UserError("--subtract-background with " + (normalizeObservations ? "--normalize-observations" : "--center-observations")
                    + ": that subtracts a running mean instead of the background; give one of them");
        }
        range("--observation-scale", observationScale, 0, Double.MAX_VALUE, false);
        positive("--threads", threads, 1024);
        positive("--envs-per-worker", envsPerWorker, 256);
        if (!algo.equals("a3c") && !algo.equals("ga3c")) {
            throw new UserError("--algo=" + algo + " is not an algorithm: use a3c or ga3c");
        }
        positive("--agents", agents(), 1024);
        positive("--predictors", predictors, 64);
        positive("--trainers", trainers, 64);
        positive("--min-batch", minBatch, 4096);
        if (deterministic && threads != 1) {
            throw new UserError("--deterministic with --threads=" + threads + ": threads that share the model race; use --threads 1");
        }
        if (deterministic && dynamic) {
            throw new UserError("--deterministic with --dynamic: the adjustment follows the clock; leave one of them out");
        }
        if (ga3c()) {
            validateGa3c();
        } else if (dynamic) {
            throw new UserError("--dynamic adjusts GA3C's threads: use it with --algo ga3c");
        }
        positive("--t-max", tMax, 10_000);
        positive("--frame-stack", frameStack, 16);
        positive("--hidden", hidden, 1 << 16);
        positive("--lstm-size", lstmSize, 1 << 14);
        if (mlpLayers < 0 || mlpLayers > 16) {
            throw new UserError("--mlp-layers=" + mlpLayers + " is out of range: use 0 (heads on the input, or on the LSTM with --mlp-lstm) to 16");
        }
        if (frames <= 0) {
            throw new UserError("--frames=" + frames + " must be positive: e.g. --frames 20M");
        }
        nonNegative("--seconds", seconds);
        if (episodes < 0) {
            throw new UserError("--episodes=" + episodes + " must not be negative: use 0 for no limit");
        }
        if (preset != null) {
            Preset.named(preset);
        }
        range("--lr", learningRate, 0, 1, false);
        if (lrAnnealFrames < 0) {
            throw new UserError("--lr-anneal-frames=" + lrAnnealFrames + " must not be negative: e.g. --lr-anneal-frames 40M");
        }
        if (lrWarmup < 0 || lrWarmup >= frames) {
            throw new UserError("--lr-warmup=" + lrWarmup + " must be at least 0 and less than --frames=" + frames);
        }
        range("--gamma", gamma, 0, 1, false);
        range("--gae-lambda", gaeLambda, 0, 1, true);
        if (nStepWindow < 0 || nStepWindow > tMax) {
            throw new UserError("--n-step-window=" + nStepWindow + " is out of range: use 0 (off) to --t-max=" + tMax);
        }
        if (nStepWindow > 0 && gaeLambda != 1) {
            throw new UserError("--n-step-window=" + nStepWindow + " with --gae-lambda=" + gaeLambda + ": the window sets the returns; use --gae-lambda 1");
        }
        nonNegative("--entropy", entropy);
        nonNegative("--value-weight", valueWeight);
        range("--clip-norm", clipNorm, 0, Double.MAX_VALUE, false);
        range("--rms-decay", rmsDecay, 0, 1, false);
        range("--rms-epsilon", rmsEpsilon, 0, Double.MAX_VALUE, false);
        optimizer();
        initScheme();
        range("--adam-beta1", adamBeta1, 0, 1, true);
        range("--adam-beta2", adamBeta2, 0, 1, true);
        if (adamBeta1 >= 1 || adamBeta2 >= 1) {
            throw new UserError("--adam-beta1=" + adamBeta1 + " and --adam-beta2=" + adamBeta2 + " must be below 1: e.g. 0.9 and 0.999");
        }
        range("--adam-epsilon", adamEpsilon, 0, Double.MAX_VALUE, false);
        range("--epsilon-start", epsilonStart, 0, 1, true);
        range("--epsilon-end", epsilonEnd, 0, 1, true);
        if (epsilonFrames < 0) {
            throw new UserError("--epsilon-frames=" + epsilonFrames + " must not be negative");
        }
        if (epsilonUpdates < 0) {
            throw new UserError("--epsilon-updates=" + epsilonUpdates + " must not be negative");
        }
        if (epsilonUpdates > 0 && epsilonFrames > 0) {
            throw new UserError("--epsilon-updates=" + epsilonUpdates + " with --epsilon-frames=" + epsilonFrames
                    + ": epsilon decays over one of them; give the other as 0");
        }
        range("--reward-scale", rewardScale, 0, Double.MAX_VALUE, false);
        if (frameSize < 8 || frameSize > 160) {
            throw new UserError("--frame-size=" + frameSize + " is out of range: use 8 to 160 (the screen is 160 pixels wide)");
        }
        if (preprocess.equals("notebook") && frameSize > ENV.resizeHeight() - ENV.cropTop()) {
            throw new UserError("--frame-size=" + frameSize + " with --preprocess notebook: the notebook keeps rows " + ENV.cropTop()
                    + " onwards of " + ENV.resizeHeight() + ", so use --frame-size " + (ENV.resizeHeight() - ENV.cropTop()) + " or less");
        }
        if (cartpoleMaxSteps < 1) {
            throw new UserError("--cartpole-max-steps=" + cartpoleMaxSteps + " must be positive: 200 for CartPole-v0, 500 for v1");
        }
        finite("--life-loss-penalty", lifeLossPenalty);
        if (gameOverReward != null) {
            finite("--game-over-reward", gameOverReward);
        }
        if (zeroReward != null) {
            finite("--zero-reward", zeroReward);
        }
        finite("--liveness-reward", livenessReward);
        if (!(stickyActions >= 0 && stickyActions < 1)) {
            throw new UserError("--sticky-actions=" + stickyActions + " is a probability: use 0 <= p < 1 (0 turns sticky actions off)");
        }
        if (rom != null && romDir != null) {
            throw new UserError("--rom=" + rom + " and --rom-dir=" + romDir + " both given: give one of them");
        }
        if (noopMax < 0) {
            throw new UserError("--noop-max=" + noopMax + " must not be negative: use 0 to switch no-op starts off");
        }
        List<String> kinds = Arrays.stream(EnvOptions.Frames.values()).map(f -> f.name().toLowerCase(Locale.ROOT)).toList();
        if (!kinds.contains(preprocess)) {
            throw new UserError("--preprocess=" + preprocess + " is not a preprocessing: use " + Words.list(kinds, "or"));
        }
        if (maxEpisodeFrames <= 0) {
            throw new UserError("--max-episode-frames=" + maxEpisodeFrames + " must be positive (default " + ENV.maxEpisodeFrames() + ")");
        }
        if (evalEvery < 0) {
            throw new UserError("--eval-every=" + evalEvery + " must not be negative: use 0 to switch evaluation off");
        }
        positive("--eval-episodes", evalEpisodes, 1_000_000);
        if (evalStallFrames < 0) {
            throw new UserError("--eval-stall-frames=" + evalStallFrames + " must be 0 (off) or positive (default 18,000)");
        }
        range("--checkpoint-every", checkpointEvery, 0, Double.MAX_VALUE, false);
        range("--progress-every", progressEvery, 0, Double.MAX_VALUE, false);
        if (checkpointEveryUpdates < 0) {
            throw new UserError("--checkpoint-every-updates=" + checkpointEveryUpdates + " must not be negative: use 0 for minutes only");
        }
        return this;
    }

    private static void positive(String name, int value, int max) {
        if (value < 1 || value > max) {
            throw new UserError(name + "=" + value + " is out of range: use 1 to " + max);
        }
    }

    private static void finite(String name, double value) {
        if (!Double.isFinite(value)) {
            throw new UserError(name + "=" + value + " must be a finite number");
        }
    }

    private static void nonNegative(String name, double value) {
        if (!(value >= 0) || !Double.isFinite(value)) {
            throw new UserError(name + "=" + value + " must be a finite number >= 0");
        }
    }

    /** {@code lo < value <= hi} (or {@code lo <= value} when {@code includeLo}). */
    private static void range(String name, double value, double lo, double hi, boolean includeLo) {
        boolean ok = Double.isFinite(value) && (includeLo ? value >= lo : value > lo) && value <= hi;
        if (!ok) {
            String bound = hi == Double.MAX_VALUE ? "" : " and at most " + hi;
            throw new UserError(name + "=" + value + " is out of range: it must be " + (includeLo ? "at least " : "above ") + lo + bound);
        }
    }
}
