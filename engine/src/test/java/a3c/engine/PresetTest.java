package a3c.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import a3c.engine.cli.Main;
import a3c.engine.config.ConfigFile;
import a3c.engine.config.Preset;
import a3c.engine.config.TrainOptions;
import a3c.engine.train.Training;

/** {@code --preset}: each preset resolves to exactly its documented settings, flags win, and the config keeps it. */
class PresetTest {
    /** Name, value, name, value, ... in order. */
    private static Map<String, String> table(String... namesAndValues) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            m.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return m;
    }

    /** The paper's A3C FF as docs/presets.md states it, setting by setting (config names, resolved values). */
    private static Map<String, String> paperPong() {
        return table("preset", "paper",
                "game", "pong",
                "envs-per-worker", "1", // the paper's worker plays one game; the engine's Atari default for ff is 16
                "net", "ff",
                "frame-stack", "4",
                "hidden", "256",
                "t-max", "5",
                "gamma", "0.99",
                "gae-lambda", "1.0",
                "entropy", "0.01",
                "value-weight", "0.5",
                "clip-norm", "40.0",
                "rms-decay", "0.99",
                "rms-epsilon", "0.1",
                "lr", "7.0E-4",
                "lr-warmup", "0",
                "frames", "20000000",
                "lr-anneal-frames", "20000000", // annealed to 0 at the run's end, not at twice it as by default
                "noop-max", "30",
                "episodic-life", "true",
                "clip-rewards", "true",
                "preprocess", "deepmind");
    }

    /** The A3C-CPU notebook's CartPole set-up as docs/presets.md states it. */
    private static Map<String, String> cartpoleLstm() {
        return table("preset", "cartpole-lstm",
                "env", "cartpole",
                "cartpole-max-steps", "200",
                "net", "mlp",
                "mlp-layers", "0",
                "mlp-lstm", "true",
                "lstm-size", "16",
                "t-max", "40",
                "gamma", "0.99",
                "gae-lambda", "1.0",
                "entropy", "0.0",
                "value-weight", "0.5",
                "optimizer", "adam",
                "adam-beta1", "0.9",
                "adam-beta2", "0.999",
                "lr", "5.0E-4",
                "lr-anneal", "false",
                "clip-norm", "40.0",
                "reward-scale", "0.001");
    }

    @Test
    void cartpoleLstmResolvesToItsTable(@TempDir Path dir) {
        TrainOptions o = Runs.options(dir, "--preset", "cartpole-lstm");
        Map<String, String> resolved = ConfigFile.entries(o);
        cartpoleLstm().forEach((k, v) -> assertEquals(v, resolved.get(k), k));
        assertEquals(0L, o.annealFrames(), "a constant learning rate");
        assertEquals(500, Runs.options(dir, "--env", "cartpole").cartpoleMaxSteps, "the default environment stays CartPole-v1's");
    }

    /** The Keras tutorial's set-up as docs/presets.md states it, on its game, with 3 workers. */
    private static Map<String, String> kerasBreakout() {
        return table("preset", "keras",
                "game", "breakout",
                "net", "mlp",
                "mlp-layers", "1",
                "hidden", "128",
                "mlp-lstm", "false",
                "frame-stack", "1",
                "frame-size", "80",
                "preprocess", "keras",
                "subtract-background", "false",
                "t-max", "5",
                "gamma", "0.99",
                "entropy", "0.01",
                "value-weight", "0.5",
                "optimizer", "adam",
                "lr", "0.001",
                "adam-beta1", "0.9",
                "adam-beta2", "0.999",
                "adam-epsilon", "1.0E-7",
                "lr-anneal", "false",
                "clip-norm", "40.0",
                "threads", "3",
                "episodes", "3000"); // 1000 games a worker
    }

    @Test
    void kerasResolvesToItsTable(@TempDir Path dir) {
        TrainOptions o = Runs.options(dir, "--game", "breakout", "--preset", "keras", "--threads", "3");
        Map<String, String> resolved = ConfigFile.entries(o);
        kerasBreakout().forEach((k, v) -> assertEquals(v, resolved.get(k), k));
        assertEquals(1000L * Runtime.getRuntime().availableProcessors(), Runs.options(dir, "--game", "breakout", "--preset", "keras").episodes,
                "one worker a core, 1000 games each");
        assertEquals(500L, Runs.options(dir, "--game", "breakout", "--preset", "keras", "--episodes", "500").episodes);
        assertEquals(0L, Runs.options(dir, "--game", "breakout", "--preset", "keras", "--episodes=0").episodes, "no limit, when asked");
        assertEquals(0L, Runs.options(dir, "--game", "breakout").episodes, "no limit by default");
        UserError e = assertThrows(UserError.class, () -> Runs.options(dir, "--game", "pong", "--preprocess", "notebook", "--frame-size", "100"));
        assertEquals("--frame-size=100 with --preprocess notebook: the notebook keeps rows 26 onwards of 110, so use --frame-size 84 or less", e.getMessage());
        assertThrows(UserError.class, () -> Runs.options(dir, "--game", "pong", "--frame-size", "7"));
    }

    @Test
    void notebookResolvesToItsTable(@TempDir Path dir) {
        Map<String, String> m = table("preset", "notebook", "game", "breakout", "net", "seed", "preprocess", "notebook", "observation-scale", "255.0",
                "frame-stack", "1", "frame-size", "84", "hidden", "256", "lstm-size", "256", "init", "truncated-normal",
                "t-max", "32", "n-step-window", "8", "gamma", "0.99", "gae-lambda", "1.0", "optimizer", "rmsprop",
                "lr", "0.005", "lr-anneal", "false", "rms-decay", "0.99", "rms-epsilon", "1.0E-10", "clip-norm", "40.0",
                "epsilon-start", "0.5", "epsilon-end", "0.15", "epsilon-frames", "0", "epsilon-updates", "70000",
                "game-over-reward", "-5.0", "zero-reward", "0.01", "checkpoint-every-updates", "100", "resume-if-present", "true");
        Map<String, String> resolved = ConfigFile.entries(Runs.options(dir, "--game", "breakout", "--preset", "notebook"));
        m.forEach((k, v) -> assertEquals(v, resolved.get(k), k));
    }

    @Test
    void universeResolvesToItsTable(@TempDir Path dir) {
        Map<String, String> m = table("preset", "universe",
                "net", "universe",
                "preprocess", "universe",
                "frame-stack", "1",
                "frame-size", "42",
                "normalize-observations", "true",
                "lstm-size", "256",
                "t-max", "20",
                "gamma", "0.99",
                "gae-lambda", "1.0",
                "entropy", "0.01",
                "value-weight", "0.25",
                "optimizer", "adam",
                "lr", "1.0E-4",
                "lr-anneal", "false",
                "clip-norm", "40.0");
        Map<String, String> resolved = ConfigFile.entries(Runs.options(dir, "--game", "pong", "--preset", "universe"));
        m.forEach((k, v) -> assertEquals(v, resolved.get(k), k));
    }

    @Test
    void paperResolvesToItsTable(@TempDir Path dir) {
        Map<String, String> resolved = ConfigFile.entries(Runs.options(dir, "--game", "pong", "--preset", "paper"));
        paperPong().forEach((k, v) -> assertEquals(v, resolved.get(k), k));
        // without the preset the same command gets the engine's defaults, so the table above is not vacuous
        Map<String, String> plain = ConfigFile.entries(Runs.options(dir, "--game", "pong"));
        assertNull(plain.get("preset"));
        assertEquals("1.0E-5", plain.get("rms-epsilon"));
        assertEquals("16", plain.get("envs-per-worker"));
        assertEquals("0.0012", plain.get("lr"));
        assertEquals("40000000", plain.get("lr-anneal-frames"));
    }

    @Test
    void flagsWinWhereverTheyStand(@TempDir Path dir) {
        assertEquals(1e-3, Runs.options(dir, "--lr", "1e-3", "--preset", "paper").learningRate);
        assertEquals(1e-3, Runs.options(dir, "--preset", "paper", "--lr", "1e-3").learningRate);
        TrainOptions shorter = Runs.options(dir, "--preset", "paper", "--frames", "10M");
        assertEquals(10_000_000L, shorter.annealFrames(), "the paper anneals to 0 over the run's own frames");
        assertEquals(30_000_000L, Runs.options(dir, "--preset", "paper", "--lr-anneal-frames", "30M").annealFrames());
        assertEquals(8, Runs.options(dir, "--preset", "paper", "--t-max", "8").tMax);
    }

    @Test
    void helpNamesEveryPresetAndWhatItSets() {
        for (String command : new String[] {"train", "bench train"}) {
            String help = CliTest.run((command + " --help").split(" ")).out();
            assertTrue(help.contains("--preset=NAME"), command);
            for (Preset p : Preset.values()) {
                assertTrue(help.contains("  " + p.cliName() + ": "), command + ": " + p.cliName());
                for (String a : p.arguments()) {
                    assertTrue(help.contains(a.replaceFirst("=", " ")), command + ": " + p.cliName() + " " + a);
                }
            }
        }
    }

    @Test
    void anUnknownPresetOrAPresetOnResumeIsOneLine(@TempDir Path dir) throws Exception {
        CliTest.assertOneLineError(CliTest.run("train", "--env", "catch", "--preset", "nature", "--run-dir", dir.resolve("a").toString()),
                Main.FAILED, "--preset=nature is not a preset: use paper, cartpole-lstm, keras, notebook, universe");
        assertTrue(Files.notExists(dir.resolve("a")), "nothing written for a bad preset");
        Path run = dir.resolve("b");
        assertEquals(0, CliTest.run("train", "--env", "catch", "--frames", "2000", "--threads", "1", "--run-dir", run.toString()).status());
        CliTest.assertOneLineError(CliTest.run("train", "--resume", "--preset", "paper", "--run-dir", run.toString()),
                Main.FAILED, "a resumed run keeps the settings it was started with");
    }

    @Test
    void theConfigRecordsThePresetAndResumeKeepsItsValues(@TempDir Path dir) throws Exception {
        Path run = dir.resolve("run");
        assertEquals(0, CliTest.run("train", "--env", "catch", "--preset", "paper", "--frames", "3000", "--threads", "1",
                "--run-dir", run.toString()).status());
        Map<String, String> saved = ConfigFile.read(run.resolve("config"));
        assertEquals("paper", saved.get("preset"));
        assertEquals("0.1", saved.get("rms-epsilon"));
        assertEquals("3000", saved.get("lr-anneal-frames"));
        TrainOptions resumed = ConfigFile.parse(saved, List.of("--frames=6000"), "test").resolve().validate();
        assertEquals(0.1, resumed.rmsEpsilon);
        assertEquals(3000L, resumed.annealFrames(), "the schedule the run started with");
    }

    @Test
    void episodesStopTheRun(@TempDir Path dir) throws Exception {
        TrainOptions o = Runs.options(dir, "--env", "catch", "--threads", "1", "--episodes", "25", "--eval-every", "0");
        Training.Result r = Runs.train(o, new StringBuilder());
        assertEquals("episodes done", r.stopReason());
        assertTrue(r.episodes() >= 25, "stopped at " + r.episodes() + " games"); // the monitor looks every 10 ms: a few games more
        assertTrue(r.frames() < o.frames, r.frames() + " frames");
        assertThrows(UserError.class, () -> Runs.options(dir, "--env", "catch", "--episodes", "-1"));
    }
}
