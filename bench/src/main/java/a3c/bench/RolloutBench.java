package a3c.bench;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import a3c.engine.net.Initializer;
import a3c.engine.net.NetKind;
import a3c.engine.net.NetSpec;
import a3c.engine.net.Network;
import a3c.engine.train.RolloutLoss;
import a3c.kernels.ArenaOps;
import a3c.kernels.GradientNorm;
import a3c.kernels.RmsProp;
import a3c.kernels.memory.FloatArena;

/**
 * End to end, without the emulator: one A3C update of a worker, as {@code Worker.rollout} does it. Copy
 * the shared parameters, t_max forward steps at batch 1 plus the bootstrap step, the loss and the
 * backward over the rollout (through time for the LSTM), the global-norm clip, and RMSProp onto the shared
 * arena. FLOPs counted: (t_max + 1) forwards and t_max backwards of the network's layers; the copy,
 * clip and optimizer passes are counted as time, not FLOPs. Agent steps per second = ops/s x t_max.
 */
@State(Scope.Thread)
@Fork(value = 1, jvmArgsPrepend = {Jvm.ADD_MODULES, Jvm.OPEN_MISC, Jvm.NATIVE_ACCESS, Jvm.NO_BOUNDS_CHECKS, Jvm.JMH_UNSAFE})
public class RolloutBench {
    /** The network (ff: 4 frames, t_max 5; lstm and seed: 1 frame, t_max 20), with Pong's 6 actions. */
    @Param({"ff", "lstm", "seed"})
    public String shape;

    private FloatArena shared;
    private FloatArena meanSquares;
    private Network net;
    private RolloutLoss loss;
    private int tMax;
    private long flops;
    private final int[] actions = new int[20];
    private final float[] rewards = new float[20];
    private final float[] values = new float[21];

    @Setup
    public void setup() {
        NetKind kind = NetKind.named(shape);
        NetSpec spec = kind.spec(new NetKind.Sizes(256, 256, 2, false), new int[] {84, 84, kind.defaultFrameStack()}, 6);
        tMax = kind.defaultTMax(false);
        flops = (tMax + 1) * spec.forwardFlops() + tMax * spec.backwardFlops();
        shared = new FloatArena(spec.layout());
        meanSquares = new FloatArena(spec.layout());
        Initializer.initialize(spec, shared, 7);
        net = new Network(spec, tMax);
        loss = new RolloutLoss(tMax, 0.99, 1.0, 0.01f, 0.5f);
        SplittableRandom rng = new SplittableRandom(7);
        for (int t = 0; t <= tMax; t++) {
            MemorySegment obs = net.observation(t);
            for (long i = 0; i < obs.byteSize() / Float.BYTES; i++) {
                obs.setAtIndex(ValueLayout.JAVA_FLOAT, i, (float) rng.nextDouble());
            }
        }
        for (int t = 0; t < tMax; t++) {
            actions[t] = rng.nextInt(6);
            rewards[t] = rng.nextInt(3) - 1;
        }
        ArenaOps.copy(shared.segment(), net.parameters().segment()); // afterwards each update refreshes it, as a worker's
        // the check of this benchmark's answer: a finite, non-zero gradient (its correctness is the gradient check's)
        double norm = update(new FlopCounter());
        if (!(norm > 0) || !Double.isFinite(norm)) {
            throw new IllegalStateException("rollout update gave gradient norm " + norm);
        }
    }

    @TearDown
    public void close() {
        net.close();
        shared.close();
        meanSquares.close();
    }

    /** Returns the gradient norm before clipping. As a worker's update (Worker.rollout), without the environment. */
    @Benchmark
    public double update(FlopCounter counter) {
        net.resetState();
        for (int t = 0; t <= tMax; t++) {
            net.forward(t);
            values[t] = net.value(t);
        }
        loss.backward(net, tMax, actions, rewards, values);
        double norm = GradientNorm.l2(net.gradients().segment(), net.gradients().floats());
        // a learning rate small enough that the parameters stay where they are over the whole benchmark
        RmsProp.applyPlain(shared.segment(), meanSquares.segment(), net.gradients().segment(), GradientNorm.clipFactor(norm, 40),
                net.parameters().segment(), net.gradients().floats(), 1e-9f, 0.99f, 0.1f);
        counter.flops += flops;
        return norm;
    }
}
