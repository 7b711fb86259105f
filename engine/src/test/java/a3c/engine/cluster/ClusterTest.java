package a3c.engine.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import a3c.engine.Runs;
import a3c.engine.UserError;
import a3c.engine.config.ConfigFile;
import a3c.engine.config.TrainOptions;
import a3c.engine.io.Checkpoint;
import a3c.engine.log.RunLog;
import a3c.engine.train.Training;

/** A learner and two worker nodes in one JVM, over Artery TCP on 127.0.0.1, and the cluster's bad input. */
class ClusterTest {
    @TempDir
    Path dir;

    @Test
    void aLearnerAndTwoWorkerNodesLearnCatch() throws Exception {
        ClusterSystem.Address learnerAt = new ClusterSystem.Address("127.0.0.1", freePort());
        ByteArrayOutputStream learnerLog = new ByteArrayOutputStream(), log1 = new ByteArrayOutputStream(), log2 = new ByteArrayOutputStream();
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            Future<Training.Result> learner = pool.submit(() -> ClusterRun.learner(
                    Runs.options(dir.resolve("learner"), "--env", "catch", "--frames", "60K", "--seed", "1", "--progress-every", "1"),
                    learnerAt, null, new PrintStream(learnerLog, true, StandardCharsets.UTF_8)));
            List<Future<Training.Result>> workers = List.of(worker(pool, learnerAt, "w1", log1), worker(pool, learnerAt, "w2", log2));
            Training.Result run = learner.get(5, TimeUnit.MINUTES);
            String said = learnerLog.toString(StandardCharsets.UTF_8);
            System.out.println(said);
            assertTrue(said.contains("node 1 joined") && said.contains("node 2 joined"), said);
            // lines printed before any rollout (waiting for the nodes) say "-", not NaN, for what has not been measured
            assertFalse(said.contains("NaN"), said);
            // the learner runs no training threads of its own: its first line says who trains
            assertTrue(said.contains("trained by its worker nodes") && !said.contains(" threads of "), said);
            assertTrue(run.frames() >= 60_000, "frames " + run.frames());
            assertEquals("frames done", run.stopReason());
            assertTrue(run.meanReturn() >= 0.8, "catch learned through the cluster: last-100 mean " + run.meanReturn());
            long nodesGames = 0;
            for (Future<Training.Result> w : workers) {
                Training.Result node = w.get(1, TimeUnit.MINUTES);
                assertNotNull(node);
                assertTrue(node.stopReason().contains("frames done") || node.stopReason().contains("the learner finished the run"), node.stopReason());
                nodesGames += node.episodes();
            }
            // every game a node played is in the run's count, the last syncs' included
            assertEquals(nodesGames, run.episodes(), said);
            assertTrue(log1.toString(StandardCharsets.UTF_8).contains("joined the learner at " + learnerAt));
            // a worker's frame count is the run's; its lines also give its own frames/s, and its summary its own
            // frames, which the two nodes' add up to: the learner's count, every last sync counted
            long own = 0;
            for (ByteArrayOutputStream log : List.of(log1, log2)) {
                String w = log.toString(StandardCharsets.UTF_8);
                assertTrue(w.lines().anyMatch(l -> l.startsWith("[") && l.contains("  this node ") && l.contains(" f/s")), w);
                Matcher m = Pattern.compile("\\(this node: ([0-9,]+) frames, [0-9,]+ frames/s\\)").matcher(w);
                assertTrue(m.find(), w);
                long here = Long.parseLong(m.group(1).replace(",", ""));
                assertTrue(here > 0 && here < run.frames(), here + " of " + run.frames());
                own += here;
            }
            assertEquals(run.frames(), own, "the nodes' own frames against the run's");
            // the learner's logs and checkpoint count every node's games and frames
            Path runDir = dir.resolve("learner");
            assertEquals(run.episodes(), Files.readAllLines(runDir.resolve(RunLog.EPISODES)).size() - 1);
            assertEquals(Long.toString(run.frames()), Checkpoint.read(runDir.resolve(Training.CHECKPOINT)).get("frames", runDir));
            List<String> metrics = Files.readAllLines(runDir.resolve(RunLog.METRICS));
            List<String> header = List.of(metrics.get(0).split(","));
            assertEquals(List.of("nodes", "syncs_per_s", "mb_per_s"), header.subList(header.size() - 3, header.size()));
            long last = -1;
            boolean bothSyncing = false;
            for (String row : metrics.subList(1, metrics.size())) {
                String[] cells = row.split(",", -1);
                long frames = Long.parseLong(cells[0]);
                assertTrue(frames > last, "metrics rows in frame order: " + row);
                last = frames;
                bothSyncing |= cells[header.indexOf("nodes")].equals("2") && Double.parseDouble(cells[header.indexOf("syncs_per_s")]) > 0
                        && Double.parseDouble(cells[header.indexOf("mb_per_s")]) > 0;
            }
            assertTrue(bothSyncing, "a metrics row with 2 nodes syncing");
            // nodes.csv: each node's own frames/s and traffic, which add up to the run's
            List<String> perNode = Files.readAllLines(runDir.resolve(Learner.NODES));
            assertEquals("frames,node,frames_per_s,syncs_per_s,mb_per_s", perNode.get(0));
            for (String node : List.of("1", "2")) {
                assertTrue(perNode.stream().skip(1).map(r -> r.split(",")).anyMatch(c -> c[1].equals(node) && Double.parseDouble(c[2]) > 0
                        && Double.parseDouble(c[3]) > 0 && Double.parseDouble(c[4]) > 0), "node " + node + " in " + perNode);
            }
        } finally {
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(1, TimeUnit.MINUTES));
        }
    }

    private Future<Training.Result> worker(ExecutorService pool, ClusterSystem.Address learner, String name, ByteArrayOutputStream log) {
        return pool.submit(() -> ClusterRun.worker(learner, new ClusterSystem.Address("127.0.0.1", 0),
                new ClusterRun.WorkerSettings(1, dir.resolve(name), 1, 100, 60), new PrintStream(log, true, StandardCharsets.UTF_8)));
    }

    /**
     * A worker node takes the learner's settings under its own threads, seed and run directory; where it names a
     * ROM (--rom or --rom-dir), that replaces the learner's path, which on another machine need not exist.
     */
    @Test
    void aWorkerNodeTakesTheLearnersSettingsAndItsOwnRom() {
        TrainOptions learner = Runs.options(dir.resolve("l"), "--game", "pong", "--rom-dir", "/learner/roms", "--lr", "5e-4");
        Messages.Welcome w = new Messages.Welcome(3, 77, "sig", ConfigFile.entries(learner), 0, 0, new byte[0]);
        TrainOptions same = ClusterRun.nodeOptions(w, new ClusterRun.WorkerSettings(4, dir.resolve("w"), 5, 100, 30));
        assertEquals(Path.of("/learner/roms"), same.romDir);
        assertEquals(5e-4, same.learningRate);
        assertEquals(4, same.threads);
        assertEquals(77, same.seed);
        TrainOptions own = ClusterRun.nodeOptions(w, new ClusterRun.WorkerSettings(4, dir.resolve("w"), 5, 100, 30, null, Path.of("/node/roms")));
        assertEquals(Path.of("/node/roms"), own.romDir);
        TrainOptions file = ClusterRun.nodeOptions(w, new ClusterRun.WorkerSettings(4, dir.resolve("w"), 5, 100, 30, Path.of("/node/pong.bin"), null));
        assertEquals(Path.of("/node/pong.bin"), file.rom);
        assertEquals(null, file.romDir);
        UserError both = assertThrows(UserError.class, () -> ClusterRun.nodeOptions(w,
                new ClusterRun.WorkerSettings(4, dir.resolve("w"), 5, 100, 30, Path.of("/node/pong.bin"), Path.of("/node/roms"))));
        assertTrue(both.getMessage().contains("both given"), both.getMessage());
    }

    @Test
    void theLearnerRefusesAnotherEngineVersionAChangeHoldingNaNAndOneOfTheWrongSize() throws Exception {
        ClusterSystem.Address learnerAt = new ClusterSystem.Address("127.0.0.1", freePort());
        ByteArrayOutputStream learnerLog = new ByteArrayOutputStream();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        ActorSystem<Void> probe = null;
        try {
            Future<Training.Result> learner = pool.submit(() -> ClusterRun.learner(
                    Runs.options(dir.resolve("learner"), "--env", "catch", "--seconds", "20", "--progress-every", "1"),
                    learnerAt, null, new PrintStream(learnerLog, true, StandardCharsets.UTF_8)));
            LinkedBlockingQueue<Messages.ToWorker> inbox = new LinkedBlockingQueue<>();
            CompletableFuture<ActorRef<Messages.ToWorker>> self = new CompletableFuture<>();
            probe = ClusterSystem.start(Behaviors.setup(ctx -> {
                self.complete(ctx.spawn(Behaviors.receiveMessage(m -> {
                    inbox.add(m);
                    return Behaviors.same();
                }), ClusterSystem.LINK));
                return Behaviors.<Void>empty();
            }), new ClusterSystem.Address("127.0.0.1", 0), learnerAt, "--bind");
            ActorRef<Messages.ToLearner> learnerRef = ActorRefResolver.get(probe).resolveActorRef(learnerAt.uri() + "/user/" + ClusterSystem.LEARNER);
            ActorRef<Messages.ToWorker> me = self.get(10, TimeUnit.SECONDS);
            Messages.ToWorker answer = null;
            for (int i = 0; i < 30 && answer == null; i++) { // until the learner listens
                learnerRef.tell(new Messages.Hello("0.0.1 (jar 000000000000)", 1, me));
                answer = inbox.poll(1, TimeUnit.SECONDS);
            }
            Messages.Refused refused = assertInstanceOf(Messages.Refused.class, answer);
            assertTrue(refused.reason().contains("run the same engine.jar on every node"), refused.reason());

            learnerRef.tell(new Messages.Hello(EngineVersion.current(), 1, me));
            Messages.ToWorker first = afterLateRefusals(inbox);
            Messages.Welcome welcome = assertInstanceOf(Messages.Welcome.class, first, String.valueOf(first));
            long floats = welcome.parameters().length / Float.BYTES;
            byte[] nan = new byte[ParameterSync.PART * ParameterSync.CHANGE_BYTES]; // the first part of a change, fp16
            ByteBuffer.wrap(nan).order(ByteOrder.LITTLE_ENDIAN).putShort(2 * 17, Float.floatToFloat16(Float.NaN));
            learnerRef.tell(new Messages.DeltaPart(welcome.node(), floats, 0, nan, me));
            Messages.Stop stop = assertInstanceOf(Messages.Stop.class, inbox.poll(20, TimeUnit.SECONDS));
            assertTrue(stop.refused() && stop.reason().contains("NaN"), stop.reason());
            // a change of the wrong size (another network, a corrupted message) likewise
            learnerRef.tell(new Messages.Hello(EngineVersion.current(), 1, me));
            Messages.ToWorker next = inbox.poll(20, TimeUnit.SECONDS);
            Messages.Welcome again = assertInstanceOf(Messages.Welcome.class, next, next + " / " + learnerLog);
            learnerRef.tell(new Messages.DeltaPart(again.node(), floats - 1, 0, new byte[ParameterSync.PART * ParameterSync.CHANGE_BYTES], me));
            Messages.Stop wrongSize = assertInstanceOf(Messages.Stop.class, inbox.poll(20, TimeUnit.SECONDS));
            assertTrue(wrongSize.refused() && wrongSize.reason().contains("for a network of"), wrongSize.reason());
            Training.Result run = learner.get(2, TimeUnit.MINUTES);
            assertEquals(0, run.frames(), "the refused change's frames are not counted");
            Checkpoint c = Checkpoint.read(dir.resolve("learner").resolve(Training.CHECKPOINT));
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment kept = arena.allocate((long) c.parameterCount() * Float.BYTES, 64);
                c.copyParametersTo(kept);
                assertEquals(ByteBuffer.wrap(welcome.parameters()).order(ByteOrder.LITTLE_ENDIAN).getFloat(4 * 17),
                        kept.getAtIndex(ValueLayout.JAVA_FLOAT, 17), "the model kept its parameters");
            }
        } finally {
            if (probe != null) {
                ClusterSystem.stop(probe);
            }
            pool.shutdownNow();
        }
    }

    /**
     * The next message after any refusals of the other version still on their way: a learner slow to start may
     * answer the repeated hello of the other version more than once, after the loop above has moved on.
     */
    private static Messages.ToWorker afterLateRefusals(LinkedBlockingQueue<Messages.ToWorker> inbox) throws InterruptedException {
        Messages.ToWorker next = inbox.poll(20, TimeUnit.SECONDS);
        while (next instanceof Messages.Refused r && r.reason().contains("run the same engine.jar on every node")) {
            next = inbox.poll(20, TimeUnit.SECONDS);
        }
        return next;
    }

    @Test
    void aWorkerWithoutALearnerGivesUpAfterItsTimeoutWithOneLine() throws IOException {
        ClusterSystem.Address nobody = new ClusterSystem.Address("127.0.0.1", freePort());
        long start = System.nanoTime();
        UserError e = assertThrows(UserError.class, () -> ClusterRun.worker(nobody, new ClusterSystem.Address("127.0.0.1", 0),
                new ClusterRun.WorkerSettings(1, dir.resolve("w"), 1, 100, 2), new PrintStream(new ByteArrayOutputStream())));
        assertTrue(e.getMessage().startsWith("no learner answered at " + nobody + " within 2 s"), e.getMessage());
        assertTrue((System.nanoTime() - start) / 1e9 < 30, "bounded wait");
        assertTrue(!Files.exists(dir.resolve("w")), "nothing written");
    }

    @Test
    void aLearnerOnATakenPortSaysSo() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            ClusterSystem.Address there = new ClusterSystem.Address("127.0.0.1", taken.getLocalPort());
            UserError e = assertThrows(UserError.class, () -> ClusterRun.learner(
                    Runs.options(dir.resolve("l"), "--env", "catch", "--frames", "1000"), there, null, new PrintStream(new ByteArrayOutputStream())));
            assertTrue(e.getMessage().startsWith("--bind=" + there + ": cannot listen there"), e.getMessage());
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }
}
