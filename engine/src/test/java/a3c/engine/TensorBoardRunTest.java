package a3c.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import a3c.engine.config.ConfigFile;
import a3c.engine.config.TrainOptions;
import a3c.engine.io.Checkpoint;
import a3c.engine.log.RunLog;
import a3c.engine.train.Training;

/**
 * A training run's TensorBoard event files, read back with the independent reader: every value of
 * metrics.csv, episodes.csv and eval.csv is there under its tag at step = frames, the config is there as
 * text, and a resumed run's file starts with a session start at the checkpoint's frames.
 */
class TensorBoardRunTest {
    /** Scalars by tag, then by step (the last value written at a step wins, as in TensorBoard). */
    static Map<String, Map<Long, Float>> scalars(List<TfEventsReader.Event> events) {
        Map<String, Map<Long, Float>> m = new HashMap<>();
        for (TfEventsReader.Event e : events) {
            for (TfEventsReader.Value v : e.values()) {
                if (v.simpleValue() != null) {
                    m.computeIfAbsent(v.tag(), k -> new HashMap<>()).put(e.step(), v.simpleValue());
                }
            }
        }
        return m;
    }

    static List<String[]> csv(Path file) throws Exception {
        List<String[]> rows = new ArrayList<>();
        for (String line : Files.readAllLines(file).subList(1, Files.readAllLines(file).size())) {
            rows.add(line.split(",", -1));
        }
        return rows;
    }

    /** A CSV cell against the scalar at that step: an empty cell (NaN) has none. */
    static void assertCell(Map<String, Map<Long, Float>> s, String tag, long step, String cell) {
        Float v = s.getOrDefault(tag, Map.of()).get(step);
        if (cell.isEmpty()) {
            assertEquals(null, v, tag + "@" + step + " should be absent (empty cell)");
            return;
        }
        assertNotNull(v, tag + "@" + step + " missing");
        double expected = Double.parseDouble(cell);
        assertEquals(expected, v, Math.abs(expected) * 1e-5 + 1e-30, tag + "@" + step); // csv: 6 significant digits; tb: float
    }

    static void assertMatchesCsv(Path dir, Map<String, Map<Long, Float>> s) throws Exception {
        String[] metricTags = {null, "perf/training_seconds", "perf/frames_per_s", "train/episodes", "train/mean_return_100",
                "loss/policy", "loss/value", "policy/entropy", "optim/lr", "optim/grad_norm", "optim/policy_lag", "optim/backlog_updates"};
        // Several rows can share a frame count (the JIT's warm-up, or the final row after the workers stopped):
        // the scalar at that step is the last non-empty cell among them, since empty cells (NaN) are not written.
        Map<Long, String[]> metrics = new HashMap<>();
        for (String[] row : csv(dir.resolve(RunLog.METRICS))) {
            String[] merged = metrics.computeIfAbsent(Long.parseLong(row[0]), k -> row.clone());
            for (int c = 0; c < row.length; c++) {
                if (!row[c].isEmpty()) {
                    merged[c] = row[c];
                }
            }
        }
        assertFalse(metrics.isEmpty());
        for (String[] row : metrics.values()) {
            for (int c = 1; c < metricTags.length; c++) {
                assertCell(s, metricTags[c], Long.parseLong(row[0]), row[c]);
            }
        }
        // games: a step can hold two games (two threads); with one thread each game has its own frame count
        List<String[]> games = csv(dir.resolve(RunLog.EPISODES));
        assertEquals(games.size(), s.get("train/episode_return").size(), "one scalar per game");
        for (String[] row : games) {
            assertCell(s, "train/episode_return", Long.parseLong(row[0]), row[2]);
            assertCell(s, "train/episode_length", Long.parseLong(row[0]), row[3]);
        }
        for (String[] row : csv(dir.resolve(RunLog.EVALUATIONS))) {
            String p = row[2].equals("sampled") ? "eval/" : "eval/greedy_";
            long step = Long.parseLong(row[0]);
            assertCell(s, p + "mean_return", step, row[4]);
            assertCell(s, p + "std_return", step, row[5]);
            assertCell(s, p + "min_return", step, row[6]);
            assertCell(s, p + "max_return", step, row[7]);
            assertCell(s, p + "mean_length", step, row[8]);
            assertCell(s, p + "wall_seconds", step, row[9]);
            assertCell(s, p + "stalled", step, row[10]);
            assertCell(s, p + "first_layer_alive", step, row[11]);
        }
    }

    @Test
    void everyLoggedNumberIsInTheEventFilesAndAResumeStartsASessionAtTheCheckpoint(@TempDir Path dir) throws Exception {
        TrainOptions o = Runs.options(dir, "--env", "catch", "--threads", "1", "--seed", "2", "--frames", "20K", "--progress-every", "0.2",
                "--eval-every", "10K", "--eval-episodes", "3");
        Runs.train(o, new StringBuilder());
        List<Path> files = TfEventsReader.eventFiles(dir);
        assertEquals(1, files.size(), files.toString());
        List<TfEventsReader.Event> first = TfEventsReader.read(files.getFirst()); // checks every CRC
        assertEquals("brain.Event:2", first.getFirst().fileVersion());
        assertEquals(1, first.get(1).sessionStatus(), "a session start at step 0");
        assertEquals(0, first.get(1).step());
        String config = first.stream().flatMap(e -> e.values().stream()).filter(v -> "config".equals(v.tag()))
                .map(TfEventsReader.Value::text).findFirst().orElseThrow();
        assertEquals("text", first.stream().flatMap(e -> e.values().stream()).filter(v -> "config".equals(v.tag()))
                .findFirst().orElseThrow().pluginName());
        assertTrue(config.contains("env=catch") && config.contains("eval-every=10000"), config);
        assertMatchesCsv(dir, scalars(first));

        long checkpointFrames = Long.parseLong(Checkpoint.read(dir.resolve(Training.CHECKPOINT)).header().get("frames"));
        TrainOptions resumed = ConfigFile.parse(ConfigFile.read(dir.resolve("config")), List.of("--frames=40K"), "test").resolve().validate();
        try (PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)) {
            new Training(resumed, out).run(Checkpoint.read(dir.resolve(Training.CHECKPOINT)));
        }
        files = TfEventsReader.eventFiles(dir);
        assertEquals(2, files.size(), "a resumed session writes a file of its own: " + files);
        List<TfEventsReader.Event> second = TfEventsReader.read(files.get(1));
        assertEquals(1, second.get(1).sessionStatus());
        assertEquals(checkpointFrames + 1, second.get(1).step(), "TensorBoard drops steps from here on: those past the checkpoint");
        assertTrue(second.stream().filter(e -> !e.values().isEmpty() && !"config".equals(e.values().getFirst().tag()))
                .allMatch(e -> e.step() > checkpointFrames), "nothing the checkpoint holds is logged again");
        List<TfEventsReader.Event> all = new ArrayList<>(first);
        all.addAll(second);
        assertMatchesCsv(dir, scalars(all));
    }

    @Test
    void tensorboardFalseWritesNoEventFile(@TempDir Path dir) throws Exception {
        Runs.train(Runs.options(dir, "--env", "catch", "--threads", "1", "--frames", "3K", "--tensorboard", "false"), new StringBuilder());
        assertTrue(TfEventsReader.eventFiles(dir).isEmpty());
        assertTrue(Files.exists(dir.resolve(RunLog.METRICS)));
    }
}
