package a3c.engine.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import a3c.atari.StepResult;
import a3c.engine.Runs;
import a3c.engine.UserError;

/** The reward a worker trains on, by hand, for each kind of step and each option. */
class RewardShapingTest {
    private static StepResult step(float reward, boolean lifeLost, boolean gameOver, boolean truncated) {
        return new StepResult().record(reward, reward, lifeLost || gameOver, lifeLost, gameOver, truncated);
    }

    private static final StepResult SCORE = step(1f, false, false, false);
    private static final StepResult NOTHING = step(0f, false, false, false);
    private static final StepResult LIFE_LOST = step(0f, true, false, false);
    private static final StepResult LOST = step(0f, true, true, false);
    private static final StepResult CUT_OFF = step(0f, false, true, true);

    @Test
    void byDefaultTheEnvironmentsRewardIsTrainedOn(@TempDir Path dir) {
        RewardShaping plain = RewardShaping.of(Runs.options(dir, "--env", "catch"));
        for (StepResult s : new StepResult[] {SCORE, NOTHING, LIFE_LOST, LOST, CUT_OFF}) {
            assertEquals(s.reward(), plain.reward(s), s.toString());
        }
    }

    @Test
    void theNotebooksRewardsReplace(@TempDir Path dir) {
        RewardShaping notebook = RewardShaping.of(Runs.options(dir, "--env", "catch", "--game-over-reward", "-5", "--zero-reward", "0.01"));
        assertEquals(1f, notebook.reward(SCORE), "a score is kept");
        assertEquals(0.01f, notebook.reward(NOTHING), "a zero becomes the liveness reward, not 0 + 0.01 added to every step");
        assertEquals(0.01f, notebook.reward(LIFE_LOST), "a life lost that does not end the game is an ordinary step");
        assertEquals(-5f, notebook.reward(LOST), "the step that loses the game gets the penalty instead");
        assertEquals(0.01f, notebook.reward(CUT_OFF), "a cut-off is not a loss");
        assertEquals(-5f, notebook.reward(step(1f, true, true, false)), "even when that step also scored");
    }

    @Test
    void theAddingOptionsAndTheScaleCompose(@TempDir Path dir) {
        RewardShaping adding = RewardShaping.of(Runs.options(dir, "--env", "catch", "--reward-scale", "0.5", "--liveness-reward", "0.01",
                "--life-loss-penalty", "-1"));
        assertEquals(0.5f + 0.01f, adding.reward(SCORE), 1e-7);
        assertEquals(0.01f, adding.reward(NOTHING), 1e-7);
        assertEquals(0.01f - 1f, adding.reward(LIFE_LOST), 1e-7);
        assertEquals(0.01f - 1f, adding.reward(LOST), 1e-7);
        RewardShaping both = RewardShaping.of(Runs.options(dir, "--env", "catch", "--reward-scale", "0.5", "--zero-reward", "0.02"));
        assertEquals(0.01f, both.reward(NOTHING), 1e-9, "the replacement is scaled like any reward");
        assertThrows(UserError.class, () -> Runs.options(dir, "--env", "catch", "--game-over-reward", "NaN"));
    }
}
