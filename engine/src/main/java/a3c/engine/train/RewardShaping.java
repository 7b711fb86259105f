package a3c.engine.train;

import a3c.atari.StepResult;
import a3c.engine.config.TrainOptions;

/**
 * The reward a worker trains on, from the environment's (clipped) reward of a step. The raw returns the logs
 * report are never shaped.
 *
 * <pre>
 * the step that ends the game by play (not a cut-off)   gameOverReward, when set: it replaces everything
 * any other step                                        (r == 0 and zeroReward set ? zeroReward : r) * scale
 *                                                       + liveness + (a life lost ? lifeLossPenalty : 0)
 * </pre>
 *
 * The replacing rewards are the reference notebook's (a failure penalty of −5 when the game is lost, 0.01
 * for a step that scores nothing); the adding ones are the engine's older options, kept as they were.
 */
record RewardShaping(float scale, float liveness, float lifeLossPenalty, boolean replacesGameOver, float gameOverReward,
                     boolean replacesZero, float zeroReward) {

    static RewardShaping of(TrainOptions o) {
        return new RewardShaping((float) o.rewardScale, (float) o.livenessReward, (float) o.lifeLossPenalty,
                o.gameOverReward != null, o.gameOverReward == null ? 0f : o.gameOverReward.floatValue(),
                o.zeroReward != null, o.zeroReward == null ? 0f : o.zeroReward.floatValue());
    }

    float reward(StepResult step) {
        if (replacesGameOver && step.gameOver() && !step.truncated()) {
            return gameOverReward;
        }
        float r = step.reward();
        if (replacesZero && r == 0f) {
            r = zeroReward;
        }
        r = r * scale + liveness;
        return step.lifeLost() ? r + lifeLossPenalty : r;
    }
}
