package a3c.engine.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import a3c.engine.cli.Main;
import a3c.engine.log.RunLog;

/**
 * Nodes in their own JVMs, as on several machines: a worker killed with SIGKILL mid-run is removed by the
 * cluster while the run goes on, and a new worker joins and trains; a learner killed mid-run leaves its workers
 * training alone until it is resumed from its checkpoint, and they rejoin it.
 */
class ClusterKillTest {
    @TempDir
    Path dir;

    /** A node's JVM and everything it printed. */
    private static final class Node implements AutoCloseable {
        final Process process;
        final StringBuffer out = new StringBuffer();

        Node(Path dir, String name, String... args) throws IOException {
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "--add-modules", "jdk.incubator.vector", "--add-opens", "java.base/jdk.internal.misc=ALL-UNNAMED",
                    "-cp", System.getProperty("java.class.path"), Main.class.getName(), "train"));
            cmd.addAll(List.of(args));
            process = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) {
                        out.append(line).append('\n');
                    }
                } catch (IOException e) {
                    out.append("(output lost: ").append(e).append(")\n");
                }
            }, "node-" + name);
            reader.setDaemon(true);
            reader.start();
        }

        /** Waits until the output holds {@code words}. */
        void await(String words, int seconds) throws InterruptedException {
            awaitThat(() -> out.toString().contains(words), seconds, "'" + words + "' in:\n" + out);
        }

        @Override
        public void close() {
            process.destroyForcibly();
        }
    }

    @Test
    void aKilledWorkerIsReplacedAndAKilledLearnerIsResumedWithItsWorkers() throws Exception {
        String join = "127.0.0.1:" + ClusterTest.freePort();
        Path learnerDir = dir.resolve("learner");
        try (Node learner = learner(join, learnerDir, "--frames", "200K", "--seed", "3", "--checkpoint-every-updates", "500");
             Node a = worker("a", join); Node b = worker("b", join)) {
            awaitTwoNodesTraining(learner, learnerDir);
            // a worker killed (SIGKILL: no last sync, no goodbye) is removed; the run goes on; a new worker joins
            String nodeA = a.out.toString().replaceAll("(?s).*as node (\\d+).*", "$1");
            a.process.destroyForcibly();
            assertTrue(a.process.waitFor(30, TimeUnit.SECONDS));
            learner.await("node " + nodeA + " left", 90);
            long atRemoval = framesLogged(learnerDir);
            try (Node c = worker("c", join)) {
                learner.await("node 3 joined", 120);
                awaitThat(() -> framesLogged(learnerDir) > atRemoval + 20_000, 120, "frames rising after the removal");
                // the learner killed: its workers train on alone, and rejoin it when it is resumed from its checkpoint
                awaitThat(() -> Files.exists(learnerDir.resolve("checkpoint.a3c")), 60, "a checkpoint");
                learner.process.destroyForcibly();
                assertTrue(learner.process.waitFor(30, TimeUnit.SECONDS));
                b.await("lost the learner at " + join, 90);
                c.await("lost the learner at " + join, 90);
                try (Node resumed = new Node(dir, "learner2", "--resume", "--run-dir", learnerDir.toString(), "--cluster", "learner", "--bind", join)) {
                    b.await("rejoined the learner at " + join, 120);
                    c.await("rejoined the learner at " + join, 120);
                    assertTrue(resumed.process.waitFor(5, TimeUnit.MINUTES), "the run ends:\n" + resumed.out);
                    String said = resumed.out.toString();
                    assertEquals(0, resumed.process.exitValue(), said);
                    assertTrue(said.contains(", resuming at ") && said.contains("done (frames done): "), said);
                    assertTrue(framesLogged(learnerDir) >= 200_000, "frames " + framesLogged(learnerDir));
                    for (Node n : List.of(b, c)) {
                        assertTrue(n.process.waitFor(60, TimeUnit.SECONDS), n.out.toString());
                        assertEquals(0, n.process.exitValue(), n.out.toString());
                        // a rejoined node takes the resumed learner's lower count: its line says "- f/s" for that interval, not a negative rate
                        assertFalse(Pattern.compile("  -[0-9,]+ f/s").matcher(n.out.toString()).find(), n.out.toString());
                    }
                }
            }
        }
    }

    /**
     * Ctrl-C (SIGTERM) on a worker: it stops training, its last sync is answered, and the run counts it; on the
     * learner: it tells its workers the run is over, takes their last syncs, and they stop. The learner's frames and
     * games are then exactly the nodes' own. (Artery's own JVM shutdown hook once closed the transport first: the
     * worker waited 10 s for an answer and its last frames were lost, and the learner's workers trained on alone.)
     */
    @Test
    void ctrlCOnAWorkerAndOnTheLearnerLosesNothing() throws Exception {
        String join = "127.0.0.1:" + ClusterTest.freePort();
        Path learnerDir = dir.resolve("learner");
        try (Node learner = learner(join, learnerDir, "--frames", "10M", "--seed", "5");
             Node a = worker("a", join); Node b = worker("b", join)) {
            awaitTwoNodesTraining(learner, learnerDir);
            a.process.toHandle().destroy(); // SIGTERM (Process.destroy would also close the output we read)
            assertTrue(a.process.waitFor(30, TimeUnit.SECONDS), a.out.toString());
            awaitThat(() -> a.out.toString().contains("done (interrupted)"), 10, "a's summary in:\n" + a.out);
            assertFalse(a.out.toString().contains("did not answer"), a.out.toString());
            awaitThat(() -> framesLogged(learnerDir) > 30_000, 120, "the learner's frames pass 30K");
            learner.process.toHandle().destroy();
            assertTrue(learner.process.waitFor(60, TimeUnit.SECONDS), learner.out.toString());
            assertTrue(b.process.waitFor(60, TimeUnit.SECONDS), b.out.toString());
            awaitThat(() -> learner.out.toString().contains("done (interrupted)"), 10, "the learner's summary in:\n" + learner.out);
            awaitThat(() -> b.out.toString().contains("done (the learner finished the run (interrupted))"), 10, "b's summary in:\n" + b.out);
            assertEquals(summary(learner, "(?:done [^:]*: )([0-9,]+) frames in"), summary(a, "this node: ([0-9,]+) frames") + summary(b, "this node: ([0-9,]+) frames"),
                    learner.out + "\n" + a.out + "\n" + b.out);
            assertEquals(summary(learner, "([0-9,]+) games,"), summary(a, "([0-9,]+) games,") + summary(b, "([0-9,]+) games,"));
        }
    }

    /** The number {@code pattern}'s group 1 finds in the node's last line that starts with "done (". */
    private static long summary(Node n, String pattern) {
        String done = n.out.toString().lines().filter(l -> l.startsWith("done (")).reduce((x, y) -> y).orElseThrow();
        Matcher m = Pattern.compile(pattern).matcher(done);
        assertTrue(m.find(), pattern + " in " + done);
        return Long.parseLong(m.group(1).replace(",", ""));
    }

    /** A learner of catch at {@code join}, its run in {@code runDir}, with the further options {@code run}. */
    private Node learner(String join, Path runDir, String... run) throws IOException {
        List<String> args = new ArrayList<>(List.of("--env", "catch", "--progress-every", "1", "--cluster", "learner", "--bind", join,
                "--run-dir", runDir.toString()));
        args.addAll(List.of(run));
        return new Node(dir, "learner", args.toArray(String[]::new));
    }

    /** Until two nodes joined the learner and its frames passed 20K. */
    private static void awaitTwoNodesTraining(Node learner, Path runDir) throws InterruptedException {
        learner.await("node 2 joined", 120);
        awaitThat(() -> framesLogged(runDir) > 20_000, 120, "the learner's frames pass 20K");
    }

    private Node worker(String name, String join) throws IOException {
        return new Node(dir, name, "--cluster", "worker", "--join", join, "--threads", "1", "--progress-every", "1",
                "--run-dir", dir.resolve(name).toString());
    }

    /** The frames of the last row of a run's metrics.csv (0 before the first). */
    static long framesLogged(Path runDir) {
        try {
            List<String> rows = Files.readAllLines(runDir.resolve(RunLog.METRICS));
            return rows.size() < 2 ? 0 : Long.parseLong(rows.get(rows.size() - 1).split(",")[0]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    static void awaitThat(BooleanSupplier condition, int seconds, String what) throws InterruptedException {
        long until = System.nanoTime() + seconds * 1_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > until) {
                throw new AssertionError("waited " + seconds + " s for " + what);
            }
            Thread.sleep(100);
        }
    }
}
