package a3c.engine.train;

import a3c.engine.config.TrainOptions;

/** The numbers a worker's rollout uses, read once from the validated options (floats where the hot loop wants floats). */
record Hyper(int tMax, int window, double gamma, double gaeLambda, float entropy, float valueWeight, float clipNorm,
             Optimizer optimizer, float rmsDecay, float rmsEpsilon, float adamBeta1, float adamBeta2, float adamEpsilon,
             RewardShaping rewards, long totalFrames) {

    static Hyper of(TrainOptions o) {
        return new Hyper(o.tMax, o.nStepWindow, o.gamma, o.gaeLambda, (float) o.entropy, (float) o.valueWeight, (float) o.clipNorm,
                o.optimizer(), (float) o.rmsDecay, o.rmsEpsilon.floatValue(), (float) o.adamBeta1, (float) o.adamBeta2,
                (float) o.adamEpsilon, RewardShaping.of(o), o.frames);
    }
}
