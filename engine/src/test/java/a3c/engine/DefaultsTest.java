package a3c.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import a3c.engine.config.ConfigFile;
import a3c.engine.config.TrainOptions;

/** The defaults a plain {@code train --game NAME} gets, and that a saved config keeps its own values. */
class DefaultsTest {
    @Test
    void atariGetsTheMeasuredOptimiserEvaluationAndTensorBoard(@TempDir Path dir) {
        TrainOptions o = Runs.options(dir, "--game", "breakout");
        assertEquals(1e-5, o.rmsEpsilon);
        assertEquals(16, o.envsPerWorker, "sixteen games a worker with ff");
        assertEquals(1.2e-3, o.learningRate, 1e-15, "3e-4 x √16");
        assertEquals(0.99, o.rmsDecay);
        assertEquals(40, o.clipNorm);
        assertEquals(2_000_000L, o.evalEvery);
        assertEquals(5, o.evalEpisodes);
        assertTrue(o.tensorboard);
    }

    @Test
    void theDefaultRateFollowsTheGamesAWorker(@TempDir Path dir) {
        assertEquals(3e-4, Runs.options(dir, "--game", "pong", "--envs-per-worker", "1").learningRate, "the paper's worker: the sweep's 3e-4");
        assertEquals(3e-4 * Math.sqrt(2), Runs.options(dir, "--game", "pong", "--envs-per-worker", "2").learningRate, 1e-15);
        assertEquals(1.2e-3, Runs.options(dir, "--game", "pong", "--envs-per-worker", "16").learningRate, 1e-15);
        assertEquals(5e-4, Runs.options(dir, "--game", "pong", "--lr", "5e-4").learningRate, "a given rate stays as given");
        assertEquals(16, Runs.options(dir, "--game", "pong", "--lr", "5e-4").envsPerWorker);
        assertEquals(16, Runs.options(dir, "--game", "pong", "--net", "ff").envsPerWorker);
        // the other nets were measured learning at four games a worker only
        for (String net : new String[] {"lstm", "seed", "universe"}) {
            TrainOptions o = Runs.options(dir, "--game", "pong", "--net", net);
            assertEquals(4, o.envsPerWorker, net);
            assertEquals(6e-4, o.learningRate, net + ": 3e-4 x √4");
        }
        // GA3C batches its agents itself and refuses K > 1: its default stays one game an agent, at the K = 1 rate
        TrainOptions ga3c = Runs.options(dir, "--game", "pong", "--algo", "ga3c");
        assertEquals(1, ga3c.envsPerWorker);
        assertEquals(3e-4, ga3c.learningRate);
        // every preset keeps its source's one game a worker (and its own rate)
        for (String preset : new String[] {"paper", "keras", "notebook", "universe"}) {
            assertEquals(1, Runs.options(dir, "--game", "breakout", "--preset", preset).envsPerWorker, preset);
        }
        assertEquals(7e-4, Runs.options(dir, "--game", "pong", "--preset", "paper").learningRate);
        assertEquals(4, Runs.options(dir, "--game", "pong", "--preset", "paper", "--envs-per-worker", "4").envsPerWorker, "a flag wins over the preset");
    }

    /**
     * GA3C's agents default to 4 a thread of the machine that plays them: not written into a run's config, so a
     * worker node of a cluster, which takes the learner's config and its own --threads (as ClusterRun does), gets
     * 4 for each of its threads (it got the learner's 8 and refused more than 8 threads); a given count is kept.
     */
    @Test
    void ga3cAgentsFollowTheThreadsThatPlayThem(@TempDir Path dir) {
        TrainOptions learner = Runs.options(dir, "--env", "catch", "--algo", "ga3c", "--threads", "2");
        assertEquals(8, learner.agents());
        assertFalse(ConfigFile.entries(learner).containsKey("agents"));
        TrainOptions node = ConfigFile.parse(ConfigFile.entries(learner), List.of("--threads=12"), "a test").resolve().validate();
        assertEquals(48, node.agents());
        TrainOptions given = Runs.options(dir, "--env", "catch", "--algo", "ga3c", "--threads", "2", "--agents", "20");
        assertEquals("20", ConfigFile.entries(given).get("agents"));
        assertEquals(20, ConfigFile.parse(ConfigFile.entries(given), List.of("--threads=12"), "a test").resolve().validate().agents());
    }

    @Test
    void builtInGamesKeepTheirOwn(@TempDir Path dir) {
        TrainOptions cartpole = Runs.options(dir, "--env", "cartpole");
        assertEquals(0.1, cartpole.rmsEpsilon, "cartpole learned with 0.1 (LearningTest); 1e-5 reached 146 with seed 1");
        assertEquals(7e-4, cartpole.learningRate);
        assertEquals(1, cartpole.envsPerWorker);
        assertEquals(0L, cartpole.evalEvery);
        TrainOptions catchGame = Runs.options(dir, "--env", "catch");
        assertEquals(1e-5, catchGame.rmsEpsilon);
        assertEquals(7e-4, catchGame.learningRate);
        assertEquals(1, catchGame.envsPerWorker);
        assertEquals(0L, catchGame.evalEvery);
    }

    @Test
    void flagsAndSavedConfigsWin(@TempDir Path dir) {
        assertEquals(0.1, Runs.options(dir, "--game", "pong", "--rms-epsilon", "0.1").rmsEpsilon);
        assertEquals(0L, Runs.options(dir, "--game", "pong", "--eval-every", "0").evalEvery);
        // Atari anneals the learning rate over twice the run's frames up to 40M, over its frames from 40M on; the
        // built-ins over their frames; no warm-up
        TrainOptions plain = Runs.options(dir, "--game", "pong", "--frames", "10M");
        assertEquals(20_000_000L, plain.annealFrames());
        assertEquals(40_000_000L, Runs.options(dir, "--game", "pong").annealFrames());
        assertEquals(40_000_000L, Runs.options(dir, "--game", "breakout", "--frames", "30M").annealFrames());
        assertEquals(40_000_000L, Runs.options(dir, "--game", "breakout", "--frames", "40M").annealFrames());
        assertEquals(80_000_000L, Runs.options(dir, "--game", "breakout", "--frames", "80M").annealFrames());
        assertEquals(300_000L, Runs.options(dir, "--env", "catch").annealFrames());
        assertEquals(0L, plain.lrWarmup);
        // ... but a recurrent net on Atari at several games a worker warms its doubled rate up over 1M frames (a tenth
        // of a shorter run); at one game a worker, under GA3C and for the built-ins it does not
        assertEquals(1_000_000L, Runs.options(dir, "--game", "breakout", "--net", "lstm").lrWarmup);
        assertEquals(1_000_000L, Runs.options(dir, "--game", "pong", "--net", "seed").lrWarmup);
        assertEquals(500_000L, Runs.options(dir, "--game", "pong", "--net", "lstm", "--frames", "5M").lrWarmup);
        assertEquals(0L, Runs.options(dir, "--game", "pong", "--net", "lstm", "--envs-per-worker", "1").lrWarmup);
        assertEquals(0L, Runs.options(dir, "--game", "pong", "--net", "lstm", "--algo", "ga3c").lrWarmup);
        assertEquals(0L, Runs.options(dir, "--env", "cartpole", "--net", "mlp", "--mlp-lstm").lrWarmup);
        assertEquals(0L, Runs.options(dir, "--game", "pong", "--net", "lstm", "--lr-warmup", "0").lrWarmup);
        assertEquals(40_000_000L, Runs.options(dir, "--game", "pong", "--frames", "10M", "--lr-anneal-frames", "40M").annealFrames());
        // a run saved before the defaults changed resumes with the values it was trained with
        TrainOptions old = ConfigFile.parse(Map.of("game", "pong", "rms-epsilon", "0.1"), List.of(), "test").resolve().validate();
        assertEquals(0.1, old.rmsEpsilon);
        // ... one saved with one game a worker at 3e-4 (every Atari run before K = 4 became the default) keeps both
        TrainOptions k1 = ConfigFile.parse(Map.of("game", "pong", "frames", "20000000", "envs-per-worker", "1", "lr", "3.0E-4"), List.of(), "test")
                .resolve().validate();
        assertEquals(1, k1.envsPerWorker);
        assertEquals(3e-4, k1.learningRate);
        // ... and one saved before --envs-per-worker existed played one game a worker, and resumes so
        assertEquals(1, ConfigFile.parse(Map.of("game", "pong", "frames", "20000000", "lr", "3.0E-4"), List.of(), "test").resolve().validate().envsPerWorker);
        assertEquals(4, ConfigFile.parse(Map.of("game", "pong", "frames", "20000000", "lr", "3.0E-4"), List.of("--envs-per-worker=4"), "test")
                .resolve().validate().envsPerWorker);
        // ... and one saved before --lr-anneal-frames existed anneals over its frames, as it did
        assertEquals(20_000_000L, ConfigFile.parse(Map.of("game", "pong", "frames", "20000000"), List.of(), "test").resolve().validate().annealFrames());
        assertEquals(40_000_000L, ConfigFile.parse(Map.of("game", "pong", "frames", "20000000"), List.of("--frames=40M"), "test").resolve().validate().annealFrames());
    }
}
