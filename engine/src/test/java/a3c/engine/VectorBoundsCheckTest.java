package a3c.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import a3c.engine.train.Training;

/**
 * Every network trains a few rollouts with the Vector API's own bounds check on every vector load and
 * store. {@code cli/Main} turns that check off and trusts the kernels' size checks (one per tensor per
 * call); those cannot see an offset computed wrong inside a tensor's own range of a shared arena, or a
 * read past a slice's end that a check's formula misses. Here such a kernel fails instead.
 *
 * <p>The Vector API reads its switch once, when it initialises, so it is set on the command line of a
 * child JVM (the test classpath and this JVM's flags, plus {@value #CHECK}=2), never from code; the child
 * refuses to train unless it sees the value, and trains {@code ff}, {@code lstm}, {@code seed}, {@code universe}
 * (SAME padding, ELU, normalised observations) and the {@code mlp} on {@code catch} (pixels: convolutions, the
 * max-pool, the LSTM, a dense layer on the flat frame) and {@code mlp}, with and without its LSTM and with the
 * LSTM as its first layer ({@code --preset cartpole-lstm}, Adam) and with the sliding window's carried rows (of one
 * game and of three), on {@code cartpole}.
 */
class VectorBoundsCheckTest {
    static final String CHECK = "jdk.incubator.vector.VECTOR_ACCESS_OOB_CHECK";
    /** Each network: a name for the output, then its options. */
    private static final List<List<String>> NETS = List.of(
            List.of("ff", "--env", "catch", "--net", "ff"),
            List.of("lstm", "--env", "catch", "--net", "lstm"),
            List.of("seed", "--env", "catch", "--net", "seed"),
            List.of("universe", "--env", "catch", "--net", "universe", "--normalize-observations"),
            List.of("mlp-pixels", "--env", "catch", "--net", "mlp", "--frame-stack", "1"),
            List.of("mlp", "--env", "cartpole", "--net", "mlp"),
            List.of("cartpole-lstm", "--preset", "cartpole-lstm"),
            List.of("mlp-lstm-window", "--env", "cartpole", "--net", "mlp", "--mlp-lstm", "--t-max", "16", "--n-step-window", "8"),
            List.of("mlp-lstm", "--env", "cartpole", "--net", "mlp", "--mlp-lstm"),
            List.of("ff-3-games", "--env", "catch", "--net", "ff", "--envs-per-worker", "3"),
            List.of("lstm-3-games", "--env", "catch", "--net", "lstm", "--envs-per-worker", "3"),
            List.of("mlp-lstm-5-games", "--env", "cartpole", "--net", "mlp", "--mlp-lstm", "--envs-per-worker", "5"),
            List.of("mlp-lstm-window-3-games", "--env", "cartpole", "--net", "mlp", "--mlp-lstm", "--t-max", "16", "--n-step-window", "8",
                    "--envs-per-worker", "3"));
    private static final long FRAMES = 2_000;

    /** The child: trains every network in a folder of {@code args[0]}; exits 2 unless the check is on. */
    public static void main(String[] args) throws Exception {
        if (!"2".equals(System.getProperty(CHECK))) {
            System.out.println("the child JVM has " + CHECK + "=" + System.getProperty(CHECK) + ", not 2");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        for (List<String> net : NETS) {
            List<String> options = new ArrayList<>(net.subList(1, net.size()));
            options.addAll(List.of("--threads", "1", "--seed", "1", "--frames", Long.toString(FRAMES),
                    "--tensorboard", "false"));
            Training.Result r = Runs.train(Runs.options(dir.resolve(net.get(0)), options.toArray(String[]::new)),
                    new StringBuilder());
            if (r.frames() < FRAMES) {
                System.out.println(net.get(0) + " stopped at " + r.frames() + " frames: " + r.stopReason());
                System.exit(3);
            }
            System.out.println("trained " + net.get(0) + ": " + r.frames() + " frames with " + CHECK + "=2");
        }
        System.exit(0);
    }

    @Test
    void everyNetworkTrainsWithTheVectorApisBoundsCheckOn(@TempDir Path dir) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // this JVM's flags (the build's: the vector module, native access, Agrona's Unsafe), less any setting
        // of the switch, which the child gets once, on
        for (String flag : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!flag.startsWith("-D" + CHECK + "=")) {
                cmd.add(flag);
            }
        }
        cmd.add("-D" + CHECK + "=2");
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), VectorBoundsCheckTest.class.getName(),
                dir.resolve("runs").toString()));
        Path log = dir.resolve("child.log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            fail("the child JVM did not finish in 180 s:\n" + Files.readString(log, StandardCharsets.UTF_8));
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        for (List<String> net : NETS) {
            assertTrue(out.contains("trained " + net.get(0) + ": "), net.get(0) + " did not train:\n" + out);
        }
    }
}
