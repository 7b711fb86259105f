package a3c.engine;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import a3c.engine.train.Training;

/**
 * The trainer learns the built-in games within bounded frames, with fixed seeds (one worker, so the runs
 * are reproducible and cannot be flaky on this machine).
 */
class LearningTest {
    @Test
    void catchReachesAMeanReturnOfAtLeast0_9(@TempDir Path dir) throws Exception {
        StringBuilder log = new StringBuilder();
        Training.Result r = Runs.train(Runs.options(dir, "--env", "catch", "--threads", "1", "--seed", "3", "--frames", "60K",
                "--progress-every", "10"), log);
        assertTrue(r.meanReturn() >= 0.9, "catch: mean return of the last 100 games " + r.meanReturn() + " < 0.9");
    }

    @Test
    void catchLearnsWithAdamToo(@TempDir Path dir) throws Exception {
        StringBuilder log = new StringBuilder();
        Training.Result r = Runs.train(Runs.options(dir, "--env", "catch", "--threads", "1", "--seed", "3", "--frames", "60K",
                "--optimizer", "adam", "--progress-every", "10"), log);
        assertTrue(r.meanReturn() >= 0.9, "catch with adam: mean return of the last 100 games " + r.meanReturn() + " < 0.9");
    }

    @Test
    void cartpoleWithTheMlpReachesAMeanEpisodeLengthOfAtLeast195(@TempDir Path dir) throws Exception {
        StringBuilder log = new StringBuilder();
        Training.Result r = Runs.train(Runs.options(dir, "--env", "cartpole", "--net", "mlp", "--threads", "1", "--seed", "1",
                "--frames", "400K", "--progress-every", "10"), log);
        // CartPole pays +1 per step, so the raw return is the episode length.
        assertTrue(r.meanReturn() >= 195, "cartpole: mean episode length of the last 100 games " + r.meanReturn() + " < 195");
    }
}
