package a3c.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import a3c.engine.cli.Main;
import a3c.engine.io.Checkpoint;
import a3c.engine.train.Training;

/** {@code --optimizer}: Adam's moments and step count go into the checkpoint and come back on resume. */
class OptimizerTest {
    @Test
    void adamCheckpointsBothMomentsAndItsStepCount(@TempDir Path dir) throws Exception {
        Path run = dir.resolve("run");
        assertEquals(0, CliTest.run("train", "--env", "catch", "--optimizer", "adam", "--frames", "3000", "--threads", "1",
                "--run-dir", run.toString()).status());
        Checkpoint first = Checkpoint.read(run.resolve(Training.CHECKPOINT));
        assertEquals(2L * first.parameterCount(), first.statisticsCount(), "m and v, each laid out like the parameters");
        long updates = Long.parseLong(first.header().get("updates"));
        // a catch game is 6 steps: a rollout of t_max 5, then one of 1 cut by the terminal
        assertEquals(2 * Long.parseLong(first.header().get("episodes")), updates, "one count per optimiser step");
        assertEquals("adam", first.header().get("config.optimizer"));

        assertEquals(0, CliTest.run("train", "--resume", "--run-dir", run.toString(), "--frames", "6000").status());
        Checkpoint second = Checkpoint.read(run.resolve(Training.CHECKPOINT));
        assertEquals(2 * updates, Long.parseLong(second.header().get("updates")), "the step count continues: Adam's bias correction is not restarted");
    }

    @Test
    void rmspropCheckpointsOneArrayAndCountsItsSteps(@TempDir Path dir) throws Exception {
        Path run = dir.resolve("run");
        assertEquals(0, CliTest.run("train", "--env", "catch", "--frames", "3000", "--threads", "1", "--run-dir", run.toString()).status());
        Checkpoint c = Checkpoint.read(run.resolve(Training.CHECKPOINT));
        assertEquals(c.parameterCount(), c.statisticsCount());
        assertEquals(2 * Long.parseLong(c.header().get("episodes")), Long.parseLong(c.header().get("updates")));
    }

    @Test
    void aCheckpointOfAnotherOptimiserOrABadFlagIsOneLine(@TempDir Path dir) throws Exception {
        Path run = dir.resolve("run");
        assertEquals(0, CliTest.run("train", "--env", "catch", "--frames", "2000", "--threads", "1", "--run-dir", run.toString()).status());
        byte[] before = Files.readAllBytes(run.resolve(Training.CHECKPOINT));
        CliTest.assertOneLineError(CliTest.run("train", "--resume", "--run-dir", run.toString(), "--optimizer", "adam", "--frames", "4000"),
                Main.FAILED, "holds the statistics of --optimizer rmsprop");
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(run.resolve(Training.CHECKPOINT))), "the checkpoint is untouched");
        CliTest.assertOneLineError(CliTest.run("train", "--env", "catch", "--optimizer", "sgd", "--run-dir", dir.resolve("b").toString()),
                Main.FAILED, "--optimizer=sgd is not an optimiser: use rmsprop or adam");
        CliTest.assertOneLineError(CliTest.run("train", "--env", "catch", "--optimizer", "adam", "--adam-beta2", "1", "--run-dir", dir.resolve("c").toString()),
                Main.FAILED, "must be below 1");
        assertThrows(UserError.class, () -> Runs.options(dir, "--env", "catch", "--adam-epsilon", "0"));
    }
}
