package a3c.engine.env;

import a3c.atari.EnvOptions;
import a3c.atari.Environment;
import a3c.atari.Environments;
import a3c.atari.ObservationShape;
import a3c.engine.config.TrainOptions;
import a3c.engine.net.NetSpec;

/** The environment a run's options ask for, the observation shape as the networks take it, and the network on it. */
public final class EnvFactory {
    private EnvFactory() {
    }

    /** The atari module's options for a training run. */
    public static EnvOptions options(TrainOptions o) {
        return options(o, o.episodicLife);
    }

    /** The same, with episodic life set (evaluation plays whole games). */
    private static EnvOptions options(TrainOptions o, boolean episodicLife) {
        return EnvOptions.defaults()
                .frameStack(o.frameStack)
                .noopMax(o.noopMax)
                .episodicLife(episodicLife)
                .clipRewards(o.clipRewards)
                .fullActionSet(o.fullActionSet)
                .repeatActionProbability(o.stickyActions)
                .maxEpisodeFrames((int) Math.min(Integer.MAX_VALUE, o.maxEpisodeFrames))
                .frames(o.frameKind())
                .frameHeight(o.frameSize)
                .frameWidth(o.frameSize)
                .cartpoleMaxSteps(o.cartpoleMaxSteps)
                .romFile(o.rom)
                .romDir(o.romDir)
                .build();
    }

    /** A training environment. */
    public static Environment create(TrainOptions o, long seed) {
        return normalized(o, Environments.make(o.environmentName(), options(o), seed));
    }

    /** An evaluation environment: whole games (a lost life does not end the episode; FIRE follows it, as a training reset), same preprocessing. */
    public static Environment createForEvaluation(TrainOptions o, long seed) {
        return normalized(o, Environments.make(o.environmentName(), options(o, false), seed));
    }

    /** The observation filters the options ask for, in order: one of the mean subtractions, then the scale. */
    private static Environment normalized(TrainOptions o, Environment env) {
        int floats = env.observationShape().floats();
        Environment filtered = env;
        if (o.normalizeObservations) {
            filtered = new FilteredEnvironment(env, RunningNormalization.normalized(floats));
        } else if (o.centerObservations) {
            filtered = new FilteredEnvironment(env, RunningNormalization.centred(floats));
        } else if (o.subtractBackground) {
            filtered = new FilteredEnvironment(env, new BackgroundSubtraction(floats));
        }
        return o.observationScale == 1 ? filtered : new FilteredEnvironment(filtered, new ObservationScale(floats, (float) o.observationScale));
    }

    /** The network the options ask for, on this environment's observations and actions. */
    public static NetSpec netSpec(TrainOptions o, Environment env) {
        return o.netKind().spec(o.netSizes(), shape(env.observationShape()), env.actionCount());
    }

    /** {@code H,W,C} for images, {@code N} for vectors. */
    public static int[] shape(ObservationShape s) {
        return s.image() ? new int[] {s.height(), s.width(), s.channels()} : new int[] {s.floats()};
    }
}
