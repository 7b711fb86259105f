package a3c.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import a3c.atari.testing.TestRoms;
import a3c.engine.cli.Main;
import a3c.engine.io.Checkpoint;
import a3c.engine.io.CsvRewind;
import a3c.engine.train.Training;

/** The command line: help, bad input as one line and a non-zero exit with nothing overwritten, and every command on a real run. */
class CliTest {
    /** What a command printed and returned. */
    record Outcome(int status, String out, String err) {
        String errorLine() {
            String[] lines = err.strip().split("\n");
            return lines[lines.length - 1];
        }
    }

    static Outcome run(String... args) {
        PrintStream oldOut = System.out, oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int status = Main.run(args);
            return new Outcome(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    /** Exactly one line on stderr, starting with "error: " and containing {@code words}; no stack trace. */
    static void assertOneLineError(Outcome o, int status, String words) {
        assertEquals(status, o.status(), o.err());
        String err = o.err().strip();
        assertEquals(1, err.lines().count(), "expected one line, got: " + err);
        assertTrue(err.startsWith("error: "), err);
        assertTrue(err.contains(words), err);
        assertFalse(err.contains("\tat "), err);
    }

    @Test
    void helpListsTheCommandsAndTrainOptions() {
        Outcome o = run("--help");
        assertEquals(0, o.status());
        for (String c : new String[] {"train", "eval", "play", "plot", "inspect", "bench"}) {
            assertTrue(o.out().contains(c), c + " missing from --help");
        }
        Outcome t = run("train", "--help");
        for (String flag : new String[] {"--game", "--env", "--net", "--threads", "--frames", "--seconds", "--seed", "--run-dir", "--resume",
                "--t-max", "--lr", "--gae-lambda", "--entropy", "--clip-norm", "--rms-decay", "--rms-epsilon", "--epsilon-start",
                "--life-loss-penalty", "--liveness-reward", "--checkpoint-every", "--frame-stack", "--sticky-actions", "--full-action-set"}) {
            assertTrue(t.out().contains(flag), flag + " missing from train --help");
        }
    }

    @Test
    void benchTrainComparesTrainingWithThePipelineInOneRun() {
        String roms = TestRoms.rom("breakout").getParent().toString();
        Outcome o = run("bench", "train", "--game", "breakout", "--threads", "1", "--warm-up", "2", "--measure", "3",
                "--env-seconds", "1", "--rom-dir", roms);
        assertEquals(0, o.status(), o.err());
        double raw = number(o.out(), "raw ALE:"), pipeline = number(o.out(), "env pipeline:");
        double training = number(o.out(), "training:"), ratio = number(o.out(), "training / pipeline:");
        assertTrue(raw > 0 && pipeline > 0 && training > 0, o.out());
        assertEquals(100 * training / pipeline, ratio, 0.1, o.out());
        assertEquals(100 * training / raw, number(o.out(), "training / raw ALE:"), 0.1, o.out());
        assertTrue(o.out().contains("garbage collections while measuring: "), o.out());
    }

    @Test
    void benchTrainRefusesWhatItCannotMeasure(@TempDir Path dir) throws Exception {
        assertOneLineError(run("bench", "train", "--env", "catch"), Main.FAILED, "--env=catch has no emulator pipeline");
        assertOneLineError(run("bench", "train", "--seconds", "5"), Main.FAILED, "use --warm-up and --measure");
        assertOneLineError(run("bench", "train", "--measure", "1"), Main.FAILED, "--measure=1.0");
        // a preset's settings apply as in train: this one's cartpole has no emulator (ignored, Pong would be measured)
        assertOneLineError(run("bench", "train", "--preset", "cartpole-lstm"), Main.FAILED, "--env=cartpole has no emulator pipeline");
        Files.writeString(dir.resolve("config"), "kept");
        assertOneLineError(run("bench", "train", "--run-dir", dir.toString()), Main.FAILED, "already exists");
        assertEquals("kept", Files.readString(dir.resolve("config")));
    }

    /** The first number after {@code label} in {@code text}, thousands separators and a % sign allowed. */
    private static double number(String text, String label) {
        int at = text.indexOf(label);
        assertTrue(at >= 0, label + " missing from: " + text);
        String rest = text.substring(at + label.length()).strip();
        return Double.parseDouble(rest.split("[ %]")[0].replace(",", ""));
    }

    @Test
    void badFlagsAreOneLineUsageErrors(@TempDir Path dir) {
        assertOneLineError(run("train", "--no-such-flag"), Main.USAGE, "--no-such-flag");
        assertOneLineError(run("train", "--threads", "many"), Main.USAGE, "--threads");
        assertOneLineError(run("train", "--frames", "lots", "--run-dir", dir.toString()), Main.USAGE, "frames");
        assertOneLineError(run("train", "--env", "catch", "--lr", "-1", "--run-dir", dir.toString()), Main.FAILED, "--lr=-1.0");
        assertOneLineError(run("train", "--env", "snake", "--run-dir", dir.toString()), Main.FAILED, "--env=snake");
        // --cluster: the role, the addresses, and what a worker node may set itself
        assertOneLineError(run("train", "--cluster", "boss"), Main.FAILED, "--cluster=boss is not a role: use learner");
        assertOneLineError(run("train", "--cluster", "learner", "--env", "catch"), Main.FAILED, "--cluster learner needs --bind HOST:PORT");
        assertOneLineError(run("train", "--bind", "127.0.0.1:1", "--env", "catch"), Main.FAILED, "--bind without --cluster");
        assertOneLineError(run("train", "--cluster", "worker"), Main.FAILED, "--cluster worker needs --join HOST:PORT");
        assertOneLineError(run("train", "--cluster", "worker", "--join", "somehost"), Main.FAILED, "--join=somehost is not HOST:PORT");
        assertOneLineError(run("train", "--cluster", "worker", "--join", "127.0.0.1:99999"), Main.FAILED, "the port must be a number from 0 to 65535");
        assertOneLineError(run("train", "--cluster", "worker", "--join", "127.0.0.1:1", "--lr", "1e-3"), Main.FAILED,
                "--lr on a worker node: it trains with the learner's settings");
        assertOneLineError(run("train", "--cluster", "worker", "--join", "127.0.0.1:1", "--sync-ms", "0"), Main.FAILED, "--sync-ms=0.0");
        // where this machine keeps the ROM is a worker's own to say: taken, then the (absent) learner is the error
        assertOneLineError(run("train", "--cluster", "worker", "--join", "127.0.0.1:1", "--join-timeout", "1", "--rom-dir", dir.toString()),
                Main.FAILED, "no learner answered at 127.0.0.1:1");
        assertOneLineError(run("train", "--env", "cartpole", "--net", "ff", "--run-dir", dir.toString()), Main.FAILED, "--net mlp");
        assertOneLineError(run("train", "--game", "pong", "--env", "catch"), Main.FAILED, "both given");
        assertOneLineError(run("train", "--game", "pacmann", "--run-dir", dir.toString()), Main.FAILED, "unknown game 'pacmann'");
        assertOneLineError(run("train", "--env", "catch", "--algo", "a4c", "--run-dir", dir.toString()), Main.FAILED, "use a3c or ga3c");
        assertOneLineError(run("train", "--env", "catch", "--algo", "ga3c", "--envs-per-worker", "4", "--run-dir", dir.toString()),
                Main.FAILED, "use --agents N");
        assertOneLineError(run("train", "--env", "catch", "--algo", "ga3c", "--threads", "2", "--agents", "1", "--run-dir", dir.toString()),
                Main.FAILED, "--agents 2 or more");
        assertOneLineError(run("train", "--env", "catch", "--algo", "ga3c", "--min-batch", "0", "--run-dir", dir.toString()),
                Main.FAILED, "--min-batch");
        assertOneLineError(run("train", "--env", "catch", "--dynamic", "--run-dir", dir.toString()), Main.FAILED, "--algo ga3c");
        // settings the run would ignore: GA3C's in an A3C run, a worker node's on a learner or a lone run
        assertOneLineError(run("train", "--env", "catch", "--agents", "4", "--run-dir", dir.toString()), Main.FAILED,
                "--agents is a GA3C setting, but this run is A3C");
        assertOneLineError(run("train", "--env", "catch", "--min-batch", "8", "--run-dir", dir.toString()), Main.FAILED,
                "--min-batch is a GA3C setting");
        assertOneLineError(run("bench", "train", "--predictors", "2"), Main.FAILED, "--predictors is a GA3C setting");
        assertOneLineError(run("train", "--env", "catch", "--algo", "ga3c", "--agents", "0", "--run-dir", dir.toString()), Main.FAILED,
                "--agents=0 is out of range");
        assertOneLineError(run("train", "--env", "catch", "--sync-ms", "50", "--run-dir", dir.toString()), Main.FAILED,
                "--sync-ms without --cluster: it is a worker node's setting");
        assertOneLineError(run("train", "--env", "catch", "--cluster", "learner", "--bind", "127.0.0.1:1", "--join-timeout", "3"), Main.FAILED,
                "--join-timeout on the learner: it is a worker node's setting");
        assertFalse(Files.exists(dir.resolve(Training.CHECKPOINT)), "a refused run wrote a checkpoint");
    }

    /**
     * Run in a child JVM whose environment holds no ROM anywhere: no {@code $ALE_ROM_DIR} (CI sets it), a
     * {@code HOME} and working folder with nothing in them, and no {@code python3} on the {@code PATH}, so the
     * fall-through search cannot find the ROM on any machine. {@code --frames} keeps it short if it did.
     */
    @Test
    void aMissingRomNamesThePlacesSearched(@TempDir Path dir) throws Exception {
        Path empty = dir.resolve("empty");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "--add-modules", "jdk.incubator.vector",
                "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "train", "--game", "breakout", "--frames", "1000", "--rom-dir", empty.toString(),
                "--run-dir", dir.resolve("run").toString()).directory(dir.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("ALE_") || k.startsWith("PYTHON")
                || k.equals("VIRTUAL_ENV") || k.equals("CONDA_PREFIX"));
        pb.environment().put("HOME", dir.toString());
        pb.environment().put("PATH", Path.of(java).getParent().toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the child did not end");
        // the JVM's own incubator notice may come first; ours is the rest
        String ours = err.lines().filter(l -> !l.startsWith("WARNING: Using incubator modules"))
                .reduce("", (a, b) -> a + b + "\n");
        assertOneLineError(new Outcome(p.exitValue(), out, ours), Main.FAILED, empty.toString());
        assertTrue(ours.contains("$ALE_ROM_DIR (unset)") && ours.contains("ale-py"), ours);
        assertFalse(Files.exists(dir.resolve("run")), "a refused run created its run dir");
    }

    @Test
    void trainEvalPlayPlotAndResumeOnCatch(@TempDir Path dir) throws Exception {
        Path run = dir.resolve("run");
        Outcome t = run("train", "--env", "catch", "--threads", "2", "--frames", "4000", "--run-dir", run.toString(), "--progress-every", "1");
        assertEquals(0, t.status(), t.err());
        assertTrue(t.out().contains("done (frames done)"), t.out());
        for (String f : new String[] {"config", "metrics.csv", "episodes.csv", Training.CHECKPOINT}) {
            assertTrue(Files.exists(run.resolve(f)), f + " missing");
        }
        assertTrue(Files.readAllLines(run.resolve("metrics.csv")).getFirst()
                .equals("frames,seconds,frames_per_s,episodes,mean_return_100,policy_loss,value_loss,entropy,lr,grad_norm,policy_lag,backlog_updates"));
        assertTrue(Files.readAllLines(run.resolve("episodes.csv")).getFirst().equals("frames,thread,raw_return,length"));

        // the same run dir again without --resume is refused, and nothing is overwritten
        byte[] before = Files.readAllBytes(run.resolve(Training.CHECKPOINT));
        assertOneLineError(run("train", "--env", "catch", "--run-dir", run.toString()), Main.FAILED, "--resume");
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(run.resolve(Training.CHECKPOINT))));

        // a run killed hard logs rows past its last checkpoint (here, written by hand, one of them torn)
        String pastMetrics = "999999,9.5,100,99,0.5,0.1,0.1,1.0,0.0007,1.0";
        Files.writeString(run.resolve("metrics.csv"), pastMetrics + "\n", StandardOpenOption.APPEND);
        Files.writeString(run.resolve("episodes.csv"), "999999,0,1,50\n99", StandardOpenOption.APPEND);

        // --resume continues the frame count and the schedule, and moves the rows past the checkpoint aside
        Outcome r = run("train", "--resume", "--run-dir", run.toString(), "--frames", "6000", "--threads", "1");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("resuming at 4,0"), r.out());
        assertTrue(r.out().contains("1 metrics rows and 2 games past 4,0"), r.out());
        long frames = Long.parseLong(Checkpoint.read(run.resolve(Training.CHECKPOINT)).header().get("frames"));
        assertTrue(frames >= 6000 && frames < 6100, "frames after resume: " + frames);
        assertEquals(List.of(pastMetrics), Files.readAllLines(run.resolve("metrics.csv" + CsvRewind.ASIDE)));
        assertEquals(List.of("999999,0,1,50", "99"), Files.readAllLines(run.resolve("episodes.csv" + CsvRewind.ASIDE)));
        for (String csv : new String[] {"metrics.csv", "episodes.csv"}) {
            long previous = 0;
            List<String> lines = Files.readAllLines(run.resolve(csv));
            for (String line : lines.subList(1, lines.size())) {
                long f = Long.parseLong(line.substring(0, line.indexOf(',')));
                // games from two threads may arrive slightly out of order; metrics rows never step back
                assertTrue((f >= previous || csv.startsWith("episodes")) && f <= frames, csv + " steps back or runs past the run: " + line);
                previous = f;
            }
        }

        Outcome e = run("eval", "--checkpoint", run.resolve(Training.CHECKPOINT).toString(), "--episodes", "3");
        assertEquals(0, e.status(), e.err());
        assertTrue(e.out().contains("mean return") && e.out().contains("+-"), e.out());

        Path gif = dir.resolve("catch.gif");
        Outcome p = run("play", "--checkpoint", run.resolve(Training.CHECKPOINT).toString(), "--gif", gif.toString());
        assertEquals(0, p.status(), p.err());
        byte[] g = Files.readAllBytes(gif);
        assertEquals("GIF89a", new String(g, 0, 6, StandardCharsets.US_ASCII));

        Outcome in = run("inspect", "--checkpoint", run.resolve(Training.CHECKPOINT).toString(), "--steps", "200");
        assertEquals(0, in.status(), in.err());
        assertTrue(in.out().contains("200 steps") && in.out().matches("(?s).*conv1: \\d+ of 16 channels.*fc: \\d+ of 256 units.*"), in.out());
        assertOneLineError(run("inspect", "--checkpoint", run.resolve(Training.CHECKPOINT).toString(), "--steps", "0"), Main.FAILED,
                "--steps=0 must be at least 1");

        Outcome pl = run("plot", "--run-dir", run.toString());
        assertEquals(0, pl.status(), pl.err());
        byte[] png = Files.readAllBytes(run.resolve("curve.png"));
        assertEquals((byte) 0x89, png[0]);
        assertEquals("PNG", new String(png, 1, 3, StandardCharsets.US_ASCII));
    }

    @Test
    void corruptOrMissingCheckpointsAreRefused(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.a3c");
        Files.writeString(bad, "garbage");
        assertOneLineError(run("eval", "--checkpoint", bad.toString()), Main.FAILED, "not an a3c checkpoint");
        assertOneLineError(run("eval", "--checkpoint", dir.resolve("none.a3c").toString()), Main.FAILED, "does not exist");
        assertOneLineError(run("inspect", "--checkpoint", bad.toString()), Main.FAILED, "not an a3c checkpoint");
        assertOneLineError(run("train", "--resume", "--run-dir", dir.resolve("nothing").toString()), Main.FAILED, "no config and checkpoint");
        assertOneLineError(run("plot", "--run-dir", dir.resolve("nothing").toString()), Main.FAILED, "not a directory");
    }
}
