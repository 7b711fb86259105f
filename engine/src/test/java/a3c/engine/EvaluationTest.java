package a3c.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import a3c.atari.Environment;
import a3c.engine.config.ConfigFile;
import a3c.engine.config.TrainOptions;
import a3c.engine.io.Checkpoint;
import a3c.engine.env.EnvFactory;
import a3c.engine.io.CsvRewind;
import a3c.engine.net.NetSpec;
import a3c.engine.play.TrainedAgent;
import a3c.engine.log.RunLog;
import a3c.engine.train.Training;

/**
 * Evaluation while training on catch: the schedule (one evaluation per interval reached, never two in one,
 * the one at the run's last frame played after the workers stop), eval.csv's rows, best.a3c, and resume.
 */
class EvaluationTest {
    static final long EVERY = 10_000;

    /** One eval.csv row. */
    record Row(long frames, String policy, int games, double mean, double std, double min, double max, int firstLayerAlive,
               String deadLayer) {
    }

    static List<Row> rows(Path runDir) throws Exception {
        List<String> lines = Files.readAllLines(runDir.resolve(RunLog.EVALUATIONS));
        assertEquals("frames,seconds,policy,games,mean,std,min,max,mean_length,wall_seconds,stalled,first_layer_alive,dead_layer",
                lines.getFirst());
        List<Row> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] c = line.split(",", -1);
            assertEquals(13, c.length, line);
            assertEquals("0", c[10], "catch rewards every dropped ball: no game stalls: " + line);
            rows.add(new Row(Long.parseLong(c[0]), c[2], Integer.parseInt(c[3]), Double.parseDouble(c[4]), Double.parseDouble(c[5]),
                    Double.parseDouble(c[6]), Double.parseDouble(c[7]), Integer.parseInt(c[11]), c[12]));
        }
        return rows;
    }

    /** Rows come in pairs (sampled, greedy) of one snapshot; snapshots follow the schedule. */
    static void assertSchedule(List<Row> rows, long from, long lastFrames, int games) {
        assertFalse(rows.isEmpty(), "no evaluation");
        assertEquals(0, rows.size() % 2, "rows come in sampled/greedy pairs: " + rows);
        long due = (from / EVERY + 1) * EVERY;
        for (int i = 0; i < rows.size(); i += 2) {
            Row s = rows.get(i), g = rows.get(i + 1);
            assertEquals("sampled", s.policy());
            assertEquals("greedy", g.policy());
            assertEquals(s.frames(), g.frames(), "one snapshot for both policies");
            assertTrue(s.frames() >= due, "evaluation at " + s.frames() + " before it was due at " + due);
            assertEquals(games, s.games());
            assertEquals(games, g.games());
            for (Row r : List.of(s, g)) {
                assertTrue(r.min() <= r.mean() && r.mean() <= r.max() && r.std() >= 0, r.toString());
                assertTrue(r.min() >= -1 && r.max() <= 1, "catch returns are -1 or +1: " + r);
            }
            due = (s.frames() / EVERY + 1) * EVERY;
        }
        long lastDue = lastFrames / EVERY * EVERY;
        assertTrue(rows.getLast().frames() >= lastDue, "the evaluation due at " + lastDue + " was not played: " + rows.getLast());
    }

    static TrainOptions catchRun(Path dir, String frames) {
        return Runs.options(dir, "--env", "catch", "--threads", "1", "--seed", "3", "--frames", frames, "--progress-every", "10",
                "--eval-every", Long.toString(EVERY), "--eval-episodes", "4", "--tensorboard", "false");
    }

    @Test
    void evaluatesOnScheduleKeepsTheBestAndTheEvaluatedPolicyIsTheTrainedOne(@TempDir Path dir) throws Exception {
        StringBuilder log = new StringBuilder();
        Training.Result r = Runs.train(catchRun(dir, "60K"), log);
        List<Row> rows = rows(dir);
        assertSchedule(rows, 0, r.frames(), 4);
        assertTrue(log.toString().contains("eval@"), "the progress line shows the last evaluation");
        for (Row row : rows) {
            assertEquals("", row.deadLayer(), "a network that learns has no dead layer: " + row);
            assertTrue(row.firstLayerAlive() > 0, row.toString());
        }
        assertFalse(log.toString().contains("warning"), log.toString());

        // best.a3c: the snapshot of the best sampled mean, loadable like any checkpoint
        double best = rows.stream().filter(x -> x.policy().equals("sampled")).mapToDouble(Row::mean).max().orElseThrow();
        Row first = rows.stream().filter(x -> x.policy().equals("sampled") && x.mean() == best).findFirst().orElseThrow();
        Checkpoint c = Checkpoint.read(dir.resolve(Training.BEST));
        assertEquals(best, Double.parseDouble(c.header().get("eval.sampled.mean")), 1e-9);
        assertEquals(first.frames(), Long.parseLong(c.header().get("frames")), "best.a3c holds the first snapshot with the best mean");

        // the last evaluation played the trained policy: catch learns to >= 0.9 in 60K frames (LearningTest);
        // zero or stale parameters would play at random (about -0.6)
        Row lastGreedy = rows.getLast();
        assertTrue(lastGreedy.mean() >= 0.5, "greedy evaluation of the final parameters: " + lastGreedy);
        try (TrainedAgent agent = new TrainedAgent(dir.resolve(Training.BEST), List.of(), 7)) {
            double sum = 0;
            for (int g = 0; g < 10; g++) {
                sum += agent.playGame(true);
            }
            assertTrue(sum / 10 >= 0.5, "best.a3c plays catch: mean " + sum / 10);
        }
    }

    @Test
    void aResumedRunContinuesTheScheduleKeepsTheBarAndRewindsRowsPastTheCheckpoint(@TempDir Path dir) throws Exception {
        StringBuilder log = new StringBuilder();
        Training.Result first = Runs.train(catchRun(dir, "30K"), log);
        List<Row> before = rows(dir);
        assertSchedule(before, 0, first.frames(), 4);
        String bestBefore = Checkpoint.read(dir.resolve(Training.BEST)).header().get("eval.sampled.mean");

        // a killed run would have logged an evaluation past its checkpoint: resume moves it aside
        long checkpointFrames = Long.parseLong(Checkpoint.read(dir.resolve(Training.CHECKPOINT)).header().get("frames"));
        Files.writeString(dir.resolve(RunLog.EVALUATIONS), (checkpointFrames + 5) + ",1.0,sampled,4,9,0,9,9,3,0.1\n",
                StandardOpenOption.APPEND);

        String printed = resume(dir, "60K");
        assertTrue(printed.contains("1 evaluation rows past"), printed);
        assertTrue(Files.readString(dir.resolve(RunLog.EVALUATIONS + CsvRewind.ASIDE)).contains(",sampled,4,9,"));

        List<Row> all = rows(dir);
        assertEquals(before, all.subList(0, before.size()), "the first session's rows are kept as they were");
        assertSchedule(all.subList(before.size(), all.size()), checkpointFrames, 60_000, 4);
        assertTrue(all.get(before.size()).frames() > checkpointFrames);
        double bar = Double.parseDouble(bestBefore);
        double bestAfter = Double.parseDouble(Checkpoint.read(dir.resolve(Training.BEST)).header().get("eval.sampled.mean"));
        assertTrue(bestAfter >= bar, "best.a3c was replaced by a worse evaluation: " + bestAfter + " < " + bar);
        double maxSampled = all.stream().filter(x -> x.policy().equals("sampled")).mapToDouble(Row::mean).max().orElseThrow();
        assertEquals(maxSampled, bestAfter, 1e-9);
    }

    /**
     * A run whose parameters are all zero: no ReLU fires (0 is not positive), so no gradient reaches the layers
     * below the heads and the network stays blind. Its evaluations say so in eval.csv, and the run warns once.
     */
    @Test
    void aBlindNetworkIsReportedByEveryEvaluationAndWarnedOnce(@TempDir Path dir) throws Exception {
        Runs.train(catchRun(dir, "10K"), new StringBuilder());
        Path file = dir.resolve(Training.CHECKPOINT);
        Checkpoint c = Checkpoint.read(file);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment zero = arena.allocate(4L * c.parameterCount(), 64), statistics = arena.allocate(4L * c.statisticsCount(), 64);
            c.copyStatisticsTo(statistics);
            Checkpoint.write(file, c.header(), zero, statistics);
        }
        String printed = resume(dir, "40K");
        long resumedAt = Long.parseLong(c.header().get("frames"));
        List<Row> after = rows(dir).stream().filter(r -> r.frames() > resumedAt).toList();
        assertFalse(after.isEmpty());
        String first;
        try (TrainedAgent agent = new TrainedAgent(file, List.of(), 1)) {
            first = agent.network().spec().layers().getFirst().name();
        }
        for (Row row : after) {
            assertEquals(0, row.firstLayerAlive(), row.toString());
            assertEquals(first, row.deadLayer(), row.toString());
        }
        assertEquals(1, printed.split("warning: no unit of " + first + " fired", -1).length - 1, printed);
    }

    @Test
    void evaluationIsOffForBuiltInGamesUnlessAskedAndOnForAtari(@TempDir Path dir) throws Exception {
        assertEquals(0L, Runs.options(dir, "--env", "catch").evalEvery);
        assertEquals(2_000_000L, Runs.options(dir, "--game", "pong").evalEvery);
        StringBuilder log = new StringBuilder();
        Runs.train(Runs.options(dir, "--env", "catch", "--threads", "1", "--frames", "5K", "--tensorboard", "false"), log);
        assertFalse(Files.exists(dir.resolve(RunLog.EVALUATIONS)));
        assertFalse(Files.exists(dir.resolve(Training.BEST)));
    }

    /**
     * A whole Breakout game played greedily by a policy that never serves (zero parameters: every action equally
     * likely, the greedy choice the first, NOOP) loses its five lives and ends, rather than waiting for a serve
     * until the 27,000-step cap after its first: in a whole game FIRE follows each lost life, as a training reset.
     */
    @Test
    void aGreedyPolicyThatNeverServesStillPlaysBreakoutToItsEnd(@TempDir Path dir) {
        try (TrainedAgent agent = zeroAgent(dir, 7, "--game", "breakout", "--eval-stall-frames", "0")) {
            agent.reset();
            int lives = agent.environment().lives();
            while (!agent.step(agent.act(true))) {
                assertTrue(agent.environment().episodeLength() < 10_000, () -> "still playing at 10,000 steps with "
                        + agent.environment().lives() + " of " + lives + " lives: waiting for a serve");
            }
            assertEquals(0, agent.environment().lives(), "the game ended by play, every life lost");
        }
    }

    /**
     * Enduro with NOOP (a zero-parameter greedy policy): the car never moves, so no reward comes and no life is
     * lost. The game ends after --eval-stall-frames of that, counted as stalled; with 0 it plays on until the
     * game itself ends it.
     */
    @Test
    void aGameInWhichNothingHappensEndsAfterTheStallFrames(@TempDir Path dir) {
        long stallFrames = 2_000;
        try (TrainedAgent agent = zeroAgent(dir.resolve("a"), 3, "--game", "enduro", "--noop-max", "0",
                "--eval-stall-frames", Long.toString(stallFrames))) {
            for (int game = 0; game < 2; game++) { // a new game starts its count afresh
                agent.reset();
                while (!agent.step(agent.act(true))) {
                    assertFalse(agent.stalled());
                }
                assertTrue(agent.stalled(), "ended by the stall rule");
                assertEquals(0, agent.environment().episodeReturn());
                assertEquals(stallFrames, agent.environment().episodeLength() * agent.environment().framesPerStep(), "frames played");
            }
        }
        try (TrainedAgent agent = zeroAgent(dir.resolve("b"), 3, "--game", "enduro", "--noop-max", "0", "--eval-stall-frames", "0")) {
            agent.reset();
            while (!agent.step(agent.act(true))) {
                assertTrue(agent.environment().episodeLength() < 27_000, "Enduro's day ends the game");
            }
            assertFalse(agent.stalled());
            assertTrue(agent.environment().episodeLength() * agent.environment().framesPerStep() > stallFrames,
                    () -> "the game went on past the stall frames: " + agent.environment().episodeLength() + " steps");
        }
    }

    /** Resumes the run in {@code dir} from its checkpoint up to {@code frames}, as {@code train --resume} does; returns what it printed. */
    private static String resume(Path dir, String frames) throws Exception {
        TrainOptions resumed = ConfigFile.parse(ConfigFile.read(dir.resolve("config")), List.of("--frames=" + frames), "test").resolve().validate();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            new Training(resumed, out).run(Checkpoint.read(dir.resolve(Training.CHECKPOINT)));
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** A zero-parameter agent on the run {@code options} describe: every action equally likely, the greedy one the first (NOOP). */
    private static TrainedAgent zeroAgent(Path dir, long seed, String... options) {
        TrainOptions o = Runs.options(dir, options);
        NetSpec spec;
        try (Environment env = EnvFactory.createForEvaluation(o, 1)) {
            spec = EnvFactory.netSpec(o, env);
        }
        return new TrainedAgent(o, spec, seed);
    }
}
