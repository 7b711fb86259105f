package a3c.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import a3c.engine.cli.Main;
import a3c.engine.io.Checkpoint;
import a3c.engine.train.Training;

/** A run directory that holds another run, or that cannot be written while training, stops with one line and loses nothing. */
class RunDirFailureTest {
    @Test
    void aFolderWithARunKilledBeforeItsFirstCheckpointIsRefused(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("config"), "env=catch\n");
        Files.writeString(dir.resolve("metrics.csv"), "frames,seconds\n100,1\n");
        CliTest.Outcome o = CliTest.run("train", "--env", "catch", "--run-dir", dir.toString(), "--frames", "1000");
        CliTest.assertOneLineError(o, Main.FAILED, "stopped before its first checkpoint");
        assertTrue(o.err().contains("config, metrics.csv"), o.err());
        assertEquals("env=catch\n", Files.readString(dir.resolve("config")));
        assertEquals("frames,seconds\n100,1\n", Files.readString(dir.resolve("metrics.csv")));
        assertFalse(Files.exists(dir.resolve("episodes.csv")), "the refused run wrote a log");
    }

    /**
     * The disk fills up while training: the next checkpoint's temporary file is a link to {@code /dev/full}
     * (every write fails with "No space left on device"). The run stops with one line that names the cause
     * and the checkpoint it kept, and that checkpoint is untouched.
     */
    @Test
    void aFullDiskStopsTheRunWithOneLineAndKeepsTheLastCheckpoint(@TempDir Path dir) throws Exception {
        Path full = Path.of("/dev/full");
        assumeTrue(Files.exists(full), "this system has no /dev/full");
        Path run = dir.resolve("run");
        CompletableFuture<CliTest.Outcome> training = CompletableFuture.supplyAsync(() -> CliTest.run("train", "--env", "catch",
                "--threads", "2", "--frames", "1G", "--seconds", "300", "--run-dir", run.toString(), "--checkpoint-every", "0.01",
                "--tensorboard", "false"));
        Path checkpoint = run.resolve(Training.CHECKPOINT);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!Files.exists(checkpoint)) {
            assertFalse(training.isDone(), () -> "the run ended before its first checkpoint: " + training.join());
            assertTrue(System.nanoTime() < deadline, "no checkpoint within 120 s");
            Thread.sleep(10);
        }
        while (true) {
            try {
                Files.createSymbolicLink(run.resolve(Training.CHECKPOINT + ".tmp"), full);
                break;
            } catch (java.nio.file.FileAlreadyExistsException writing) {
                Thread.sleep(2); // a checkpoint is being written: link its successor's file
            }
        }
        CliTest.Outcome o = training.get(120, TimeUnit.SECONDS);
        CliTest.assertOneLineError(o, Main.FAILED, "No space left on device");
        assertTrue(o.err().contains("last good checkpoint") && o.err().contains("--resume"), o.err());
        Checkpoint c = Checkpoint.read(checkpoint); // loads: the failed write never touched it
        assertTrue(o.err().contains("(" + a3c.engine.train.Format.count(Long.parseLong(c.get("frames", checkpoint))) + " frames)"), o.err());
        assertFalse(Files.exists(run.resolve(Training.CHECKPOINT + ".tmp")), "the failed temporary file is left behind");
    }
}
