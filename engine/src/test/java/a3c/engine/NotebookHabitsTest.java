package a3c.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import a3c.engine.io.Checkpoint;
import a3c.engine.train.Training;

/** The reference notebook's habits: a checkpoint every N updates, and a run that continues itself when started again. */
class NotebookHabitsTest {
    @Test
    void checkpointsEveryHundredUpdates(@TempDir Path dir) {
        Path byTime = dir.resolve("by-time"), byUpdates = dir.resolve("by-updates");
        assertEquals(0, CliTest.run("train", "--env", "catch", "--frames", "20K", "--threads", "1", "--run-dir", byTime.toString()).status());
        assertFalse(Files.exists(Checkpoint.previous(byTime.resolve(Training.CHECKPOINT))), "by minutes: only the final checkpoint");
        assertEquals(0, CliTest.run("train", "--env", "catch", "--frames", "20K", "--threads", "1", "--checkpoint-every-updates", "100",
                "--run-dir", byUpdates.toString()).status());
        Checkpoint last = Checkpoint.read(byUpdates.resolve(Training.CHECKPOINT));
        Checkpoint previous = Checkpoint.read(Checkpoint.previous(byUpdates.resolve(Training.CHECKPOINT)));
        long lastUpdates = Long.parseLong(last.header().get("updates")), previousUpdates = Long.parseLong(previous.header().get("updates"));
        assertTrue(previousUpdates >= 100 && previousUpdates < lastUpdates, previousUpdates + " then " + lastUpdates + " updates");
    }

    @Test
    void startedAgainItContinues(@TempDir Path dir) {
        Path run = dir.resolve("run");
        String[] first = {"train", "--env", "catch", "--frames", "3000", "--threads", "1", "--resume-if-present", "--run-dir", run.toString()};
        assertEquals(0, CliTest.run(first).status(), "an empty folder: a new run");
        CliTest.Outcome again = CliTest.run("train", "--env", "catch", "--frames", "6000", "--threads", "1", "--resume-if-present",
                "--run-dir", run.toString());
        assertEquals(0, again.status(), again.err());
        assertTrue(again.out().contains("resuming at 3,0"), again.out());
        assertTrue(Long.parseLong(Checkpoint.read(run.resolve(Training.CHECKPOINT)).header().get("frames")) >= 6000);
        // without the option the same command refuses, as ever
        CliTest.assertOneLineError(CliTest.run("train", "--env", "catch", "--frames", "9000", "--threads", "1", "--run-dir", run.toString()),
                a3c.engine.cli.Main.FAILED, "add --resume to continue it");
    }
}
