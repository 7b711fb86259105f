package a3c.bench;

import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import a3c.kernels.RmsProp;
import a3c.kernels.reference.RmsPropRef;
import a3c.kernels.testing.TestMemory;

/**
 * One worker's fused optimiser step over a whole arena (shape: floats; 1.2M is the LSTM network's size),
 * one thread: clip scale, shared RMSProp, local copy, gradient cleared. FLOPs: {@link RmsProp#FLOPS_PER_FLOAT}
 * (10) per float. Three streams in, four out: 28 bytes a float, so this measures memory bandwidth (the
 * arena's 19 MB do not fit L2) far more than arithmetic. After the checked first call the gradient is zero;
 * the arithmetic takes the same time on zeros.
 *
 * <p>Warm-up: setup checks the answer, then runs the benchmarked method for a while ({@link Checks#warmUp})
 * before the pass's own warm-up iterations. One fork: the kernels keep no state a second fork would vary.
 */
@State(Scope.Thread)
@Fork(value = 1, jvmArgsPrepend = {Jvm.ADD_MODULES, Jvm.OPEN_MISC, Jvm.NATIVE_ACCESS, Jvm.NO_BOUNDS_CHECKS, Jvm.JMH_UNSAFE})
public class RmsPropBench {
    @Param({"1200000"})
    public String shape;

    private TestMemory memory;
    private int floats;
    private MemorySegment params, meanSquare, grads, local;

    @Setup
    public void setup() {
        floats = Integer.parseInt(shape.trim());
        SplittableRandom rng = new SplittableRandom(42);
        double[] p = TestMemory.uniform(rng, floats, 1), g = TestMemory.uniform(rng, floats, 1e-3);
        double[] ms = new double[floats];
        memory = new TestMemory();
        params = memory.of(p);
        meanSquare = memory.of(ms);
        grads = memory.of(g);
        local = memory.zeros(floats);
        double[] l = new double[floats];
        RmsPropRef.apply(p, ms, g, 0.5f, l, 7e-4f, 0.99f, 0.1f);
        apply(new FlopCounter());
        Checks.same("rmsprop params", p, params);
        Checks.same("rmsprop meanSquare", ms, meanSquare);
        Checks.same("rmsprop local", l, local);
        Checks.same("rmsprop grads", g, grads);
        FlopCounter warm = new FlopCounter();
        Checks.warmUp(() -> apply(warm));
    }

    @TearDown
    public void close() {
        memory.close();
    }

    /** The A3C defaults: learning rate 7e-4, decay 0.99, epsilon 0.1; a clip factor of 0.5. */
    @Benchmark
    public MemorySegment apply(FlopCounter counter) {
        RmsProp.applyPlain(params, meanSquare, grads, 0.5f, local, floats, 7e-4f, 0.99f, 0.1f);
        counter.flops += (double) RmsProp.FLOPS_PER_FLOAT * floats;
        return params;
    }
}
