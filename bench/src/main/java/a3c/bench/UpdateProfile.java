package a3c.bench;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.SplittableRandom;

import com.sun.management.ThreadMXBean;

import a3c.engine.net.Initializer;
import a3c.engine.net.NetKind;
import a3c.engine.net.NetSpec;
import a3c.engine.net.Network;
import a3c.kernels.ArenaOps;
import a3c.kernels.GradientNorm;
import a3c.kernels.RmsProp;
import a3c.kernels.memory.FloatArena;

/**
 * Where one A3C update of a worker spends its time, layer by layer: {@link RolloutBench}'s update with every
 * piece timed in thread CPU time, so that other processes on the machine move the figures little (wall
 * time on a shared machine mostly measures the other processes). Not a JMH benchmark: a profile.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector --add-opens java.base/jdk.internal.misc=ALL-UNNAMED \
 *      -Djdk.incubator.vector.VECTOR_ACCESS_OOB_CHECK=0 \
 *      -cp bench/target/benchmarks.jar a3c.bench.UpdateProfile [ff|lstm|seed] [seconds] [LAYER fwd|bwd] [--batch K]
 * </pre>
 *
 * {@code --batch K} profiles a worker acting for K games ({@code train --envs-per-worker K}): every forward
 * runs at batch K and the backward over K x t_max rows; the default is 1.
 * Without a layer it warms up (until 200 updates in a row allocate nothing), runs whole updates for the
 * given seconds and prints, per update, each layer's forward (t_max + 1 steps at batch K) and backward
 * (K x t_max rows) with its GFLOP/s, the arena-wide passes, the total per game-step (what one environment
 * step pays), and the bytes the thread allocated, in all and by
 * each layer (a boxed vector shows there: kernels allocate nothing once compiled).
 * Then, in the same JVM and with the same compiled code, each layer alone for a second ("alone"): its
 * inputs, weights and gradients stay in cache between calls, as in a kernel benchmark. With a layer, only
 * that layer's forward or backward runs, in a fresh JVM: the kernel's own profile, nothing else compiled.
 */
public final class UpdateProfile {
    private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    /** Updates in a row that allocate nothing, after which the warm-up ends. */
    private static final int CLEAN_UPDATES = 200;
    /** The longest warm-up: past it a kernel that still allocates is reported, not waited for. */
    private static final long MAX_WARM_UP_NANOS = 60_000_000_000L;

    private final NetSpec spec;
    private final int tMax;
    /** Games acted for at once. */
    private final int batch;
    private final FloatArena shared;
    private final FloatArena meanSquares;
    private final Network net;
    private final int[] actions;
    private final int layers;
    /** Per layer: forward and backward CPU nanoseconds; then copy, zero + loss gradient, clip, RMSProp. */
    private final long[] forward, backward, passes = new long[4];
    /** Per layer: bytes allocated by its forward and backward (zero unless a vector is boxed). */
    private final long[] forwardBytes, backwardBytes;

    private UpdateProfile(String name, int batch) {
        this.batch = batch;
        NetKind kind = NetKind.named(name);
        spec = kind.spec(new NetKind.Sizes(256, 256, 2, false), new int[] {84, 84, kind.defaultFrameStack()}, 6);
        tMax = kind.defaultTMax(false);
        shared = new FloatArena(spec.layout());
        meanSquares = new FloatArena(spec.layout());
        Initializer.initialize(spec, shared, 7);
        net = new Network(spec, tMax, batch);
        ArenaOps.copy(shared.segment(), net.parameters().segment()); // afterwards each update refreshes it, as a worker's
        layers = net.layerCount();
        forward = new long[layers];
        backward = new long[layers];
        forwardBytes = new long[layers];
        backwardBytes = new long[layers];
        SplittableRandom rng = new SplittableRandom(7);
        for (int row = 0; row < (tMax + 1) * batch; row++) {
            MemorySegment obs = net.observation(row);
            for (long i = 0; i < obs.byteSize() / Float.BYTES; i++) {
                obs.setAtIndex(ValueLayout.JAVA_FLOAT, i, (float) rng.nextDouble());
            }
        }
        actions = new int[tMax * batch];
        for (int row = 0; row < actions.length; row++) {
            actions[row] = rng.nextInt(6);
        }
    }

    public static void main(String[] args) {
        Locale.setDefault(Locale.ROOT);
        int batch = 1;
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals("--batch")) {
                batch = Integer.parseInt(args[i + 1]);
                String[] rest = new String[args.length - 2];
                System.arraycopy(args, 0, rest, 0, i);
                System.arraycopy(args, i + 2, rest, i, args.length - i - 2);
                args = rest;
                break;
            }
        }
        String name = args.length > 0 ? args[0] : "ff";
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 20;
        UpdateProfile p = new UpdateProfile(name, batch);
        if (args.length > 3) {
            p.alone(Integer.parseInt(args[2]), args[3].equals("fwd"), seconds);
        } else {
            p.updates(seconds);
            for (int i = 0; i < p.layers; i++) {
                p.alone(i, true, 1);
                p.alone(i, false, 1);
            }
        }
    }

    /**
     * Whole updates: a warm-up until {@link #CLEAN_UPDATES} updates in a row have allocated nothing (C2 has
     * compiled every kernel; the interpreter and C1 box vectors), at most {@link #MAX_WARM_UP_NANOS}; then
     * {@code seconds} of updates, profiled.
     */
    private void updates(double seconds) {
        long start = System.nanoTime();
        for (int clean = 0; clean < CLEAN_UPDATES && System.nanoTime() - start < MAX_WARM_UP_NANOS; ) {
            long bytes = allocated();
            update();
            clean = allocated() - bytes == 0 ? clean + 1 : 0;
        }
        System.out.printf("warm-up %.1f s%n", (System.nanoTime() - start) / 1e9);
        long end = System.nanoTime() + (long) (1e9 * seconds);
        java.util.Arrays.fill(forward, 0);
        java.util.Arrays.fill(backward, 0);
        java.util.Arrays.fill(forwardBytes, 0);
        java.util.Arrays.fill(backwardBytes, 0);
        java.util.Arrays.fill(passes, 0);
        long bytes = THREADS.getCurrentThreadAllocatedBytes();
        long n = 0;
        for (; System.nanoTime() < end; n++) {
            update();
        }
        bytes = THREADS.getCurrentThreadAllocatedBytes() - bytes;
        System.out.printf("%s, t_max %d, %d games: %d updates profiled, thread CPU ms per update, %.0f bytes allocated per update%n",
                spec.name(), tMax, batch, n, (double) bytes / n);
        double total = 0;
        for (int i = 0; i < layers; i++) {
            double f = forward[i] / 1e6 / n, b = backward[i] / 1e6 / n;
            total += f + b;
            System.out.printf("  %-6s forward %7.3f ms %6.1f GFLOP/s   backward %7.3f ms %6.1f GFLOP/s%s%n", spec.layers().get(i).name(),
                    f, gflops(spec.forwardFlops(i) * (tMax + 1) * batch, f), b, gflops(spec.backwardFlops(i) * tMax * batch, b),
                    forwardBytes[i] + backwardBytes[i] == 0 ? "" : String.format("   allocates %d + %d bytes",
                            forwardBytes[i] / n, backwardBytes[i] / n));
        }
        String[] names = {"reset", "zero+loss", "norm", "rmsprop"};
        for (int k = 0; k < passes.length; k++) {
            total += passes[k] / 1e6 / n;
            System.out.printf("  %-9s %7.3f ms%n", names[k], passes[k] / 1e6 / n);
        }
        System.out.printf("  total     %7.3f ms, %.1f us per game-step%n", total, total * 1e3 / (tMax * batch));
    }

    /** One update as {@link RolloutBench#update} does it, every piece timed. */
    private void update() {
        long t0 = cpu();
        net.resetState(); // no copy of the shared parameters: the last update's RMSProp pass refreshed them
        passes[0] += cpu() - t0;
        for (int t = 0; t <= tMax; t++) {
            for (int i = 0; i < layers; i++) {
                long s = cpu(), a = allocated();
                net.forwardLayer(i, t);
                forward[i] += cpu() - s;
                forwardBytes[i] += allocated() - a;
            }
        }
        // RolloutLoss.backward, taken apart: the returns do not matter to the time
        t0 = cpu();
        net.zeroActivationGradients();
        for (int row = 0; row < tMax * batch; row++) {
            net.lossGradient(row, actions[row], 0.5f, 0.01f, 0.1f);
        }
        passes[1] += cpu() - t0;
        for (int i = layers - 1; i >= 0; i--) {
            long s = cpu(), a = allocated();
            net.backwardLayer(i, tMax);
            backward[i] += cpu() - s;
            backwardBytes[i] += allocated() - a;
        }
        t0 = cpu();
        double norm = GradientNorm.l2(net.gradients().segment(), net.gradients().floats());
        long t1 = cpu();
        RmsProp.applyPlain(shared.segment(), meanSquares.segment(), net.gradients().segment(), GradientNorm.clipFactor(norm, 40),
                net.parameters().segment(), net.gradients().floats(), 1e-9f, 0.99f, 0.1f);
        passes[2] += t1 - t0;
        passes[3] += cpu() - t1;
    }

    /**
     * Layer {@code i}'s forward (one step) or backward (t_max rows) alone, repeated for {@code seconds}, each
     * call timed; before a backward the gradients are cleared, untimed, so repeated BPTT does not blow up.
     */
    private void alone(int i, boolean isForward, double seconds) {
        long end = System.nanoTime() + (long) (1e9 * seconds);
        long warm = System.nanoTime() + (long) (0.3e9 * seconds);
        long n = 0, nanos = 0;
        for (long k = 0; System.nanoTime() < end; k++) {
            if (!isForward) {
                net.zeroGradients();
            }
            long t0 = cpu();
            if (isForward) {
                net.forwardLayer(i, (int) (k % (tMax + 1)));
            } else {
                net.backwardLayer(i, tMax);
            }
            long t1 = cpu();
            if (System.nanoTime() > warm) {
                nanos += t1 - t0;
                n++;
            }
        }
        double ms = nanos / 1e6 / n;
        long flops = (isForward ? spec.forwardFlops(i) : spec.backwardFlops(i) * tMax) * batch;
        System.out.printf("  alone  %-6s %-8s %8.1f us per call %6.1f GFLOP/s%n", spec.layers().get(i).name(),
                isForward ? "forward" : "backward", ms * 1e3, gflops(flops, ms));
    }

    private static double gflops(long flops, double ms) {
        return ms > 0 ? flops / (ms * 1e6) : 0;
    }

    private static long cpu() {
        return THREADS.getCurrentThreadCpuTime();
    }

    private static long allocated() {
        return THREADS.getCurrentThreadAllocatedBytes();
    }
}
