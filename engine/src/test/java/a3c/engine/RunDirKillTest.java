package a3c.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import a3c.engine.io.Checkpoint;
import a3c.engine.log.RunLog;
import a3c.engine.train.Training;

/**
 * The run directory loses nothing to {@code kill -9}: a real training JVM (catch, two threads, a checkpoint
 * about every half second, a progress line and its flush of the logs only every 30 s) is killed at random
 * moments and resumed each time. After every kill the last
 * checkpoint loads and the logs hold at least what it counts; after the last resume ends normally,
 * {@code episodes.csv} has exactly one row per game the checkpoint counts and {@code metrics.csv} no
 * repeated stretch of frames.
 */
class RunDirKillTest {
    private static final int KILLS = 4;

    @Test
    void killedAndResumedRunsKeepOneRowPerCountedGame(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("run");
        Random random = new Random(20261203);
        for (int kill = 0; kill < KILLS; kill++) {
            Path log = tmp.resolve("session" + kill + ".log");
            Process p = start(tmp, log, dir, kill > 0, "--frames", "1G");
            // wait for a checkpoint of this session that counts more games than the last one (start-up and
            // the JIT's warm-up take seconds on a busy machine), then kill at a random moment
            long gamesBefore = gamesIn(dir);
            waitForLine(p, log, "run dir ");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (gamesIn(dir) <= gamesBefore) {
                assertTrue(p.isAlive(), () -> "the training JVM ended: " + read(log));
                assertTrue(System.nanoTime() < deadline, "no checkpoint with a new game within 120 s");
                Thread.sleep(20);
            }
            Thread.sleep(100 + random.nextInt(1200));
            p.destroyForcibly(); // SIGKILL: no shutdown hook, no final checkpoint
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            Checkpoint c = Checkpoint.read(dir.resolve(Training.CHECKPOINT)); // loads after every kill
            long games = Long.parseLong(c.get("episodes", dir));
            assertTrue(completeRows(dir.resolve(RunLog.EPISODES)) >= games,
                    "kill " + kill + ": episodes.csv holds " + completeRows(dir.resolve(RunLog.EPISODES)) + " rows, the checkpoint counts " + games);
        }
        // the last session ends as planned (its time limit), with its own final checkpoint
        Path log = tmp.resolve("last.log");
        Process last = start(tmp, log, dir, true, "--seconds", "2");
        assertTrue(last.waitFor(180, TimeUnit.SECONDS));
        waitForLine(last, log, "done (time limit)");
        assertEquals(0, last.exitValue());
        Checkpoint c = Checkpoint.read(dir.resolve(Training.CHECKPOINT));
        long games = Long.parseLong(c.get("episodes", dir));
        long frames = Long.parseLong(c.get("frames", dir));
        assertTrue(games >= KILLS, "the run played only " + games + " games");
        assertEquals(games, completeRows(dir.resolve(RunLog.EPISODES)), "episodes.csv: one row per game the checkpoint counts");
        assertEquals(games, dataRows(dir.resolve(RunLog.EPISODES)).size(), "no torn row left");
        long previous = -1;
        for (String row : dataRows(dir.resolve(RunLog.METRICS))) {
            long f = Long.parseLong(row.substring(0, row.indexOf(',')));
            // equal frames are intervals in which no rollout ended (start-up); fewer would be a repeated stretch
            assertTrue(f >= previous, "metrics.csv repeats a stretch: " + f + " after " + previous);
            assertTrue(f <= frames, "metrics.csv has a row past the checkpoint: " + f + " > " + frames);
            previous = f;
        }
        for (String row : dataRows(dir.resolve(RunLog.EPISODES))) {
            assertTrue(Long.parseLong(row.substring(0, row.indexOf(','))) <= frames, "a game past the checkpoint: " + row);
        }
    }

    /** The games the checkpoint counts, 0 before the first. */
    private static long gamesIn(Path dir) {
        Path file = dir.resolve(Training.CHECKPOINT);
        return Files.exists(file) ? Long.parseLong(Checkpoint.read(file).get("episodes", file)) : 0;
    }

    /** A training JVM on catch in {@code dir}; {@code --resume} after the first. */
    private static Process start(Path tmp, Path log, Path dir, boolean resume, String... more) throws Exception {
        List<String> cmd = Runs.engineJvm("train");
        if (resume) {
            cmd.add("--resume");
        } else {
            cmd.addAll(List.of("--env", "catch", "--threads", "2", "--seed", "1", "--progress-every", "30",
                    "--checkpoint-every", "0.008", "--tensorboard", "false"));
        }
        cmd.addAll(List.of("--run-dir", dir.toString()));
        cmd.addAll(List.of(more));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** Waits up to 120 s for {@code text} in the JVM's output. */
    private static void waitForLine(Process p, Path log, String text) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!Files.readString(log, StandardCharsets.UTF_8).contains(text)) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                if (Files.readString(log, StandardCharsets.UTF_8).contains(text)) {
                    return;
                }
                fail("the training JVM (" + (p.isAlive() ? "still running" : "exit " + p.exitValue()) + ") did not print '" + text + "':\n"
                        + Files.readString(log, StandardCharsets.UTF_8));
            }
            Thread.sleep(20);
        }
    }

    private static String read(Path log) {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }

    /** Data rows with the header's number of cells. */
    private static long completeRows(Path csv) throws Exception {
        List<String> lines = Files.exists(csv) ? Files.readAllLines(csv, StandardCharsets.UTF_8) : List.of();
        if (lines.isEmpty()) {
            return 0;
        }
        long cells = lines.getFirst().chars().filter(ch -> ch == ',').count();
        return lines.stream().skip(1).filter(l -> l.chars().filter(ch -> ch == ',').count() == cells && !l.endsWith(",")).count();
    }

    private static List<String> dataRows(Path csv) throws Exception {
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        return lines.subList(1, lines.size());
    }
}
