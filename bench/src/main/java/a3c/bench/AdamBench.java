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

import a3c.kernels.Adam;
import a3c.kernels.reference.AdamRef;
import a3c.kernels.testing.TestMemory;

/**
 * One worker's fused Adam step over a whole arena (shape: floats; 1.2M is the LSTM network's size), one
 * thread: clip scale, shared moments, local copy, gradient cleared. FLOPs: {@link Adam#FLOPS_PER_FLOAT} (12)
 * per float. Four streams in, five out: 36 bytes a float against RMSProp's 28, so expect about 0.8 of
 * {@link RmsPropBench}'s floats per second if both are bound by memory bandwidth. After the checked first
 * call the gradient is zero; the arithmetic takes the same time on zeros.
 *
 * <p>Warm-up: setup checks the answer, then runs the benchmarked method for a while ({@link Checks#warmUp})
 * before the pass's own warm-up iterations. One fork: the kernels keep no state a second fork would vary.
 */
@State(Scope.Thread)
@Fork(value = 1, jvmArgsPrepend = {Jvm.ADD_MODULES, Jvm.OPEN_MISC, Jvm.NATIVE_ACCESS, Jvm.NO_BOUNDS_CHECKS, Jvm.JMH_UNSAFE})
public class AdamBench {
    /** TensorFlow's defaults, a learning rate of 1e-4 (universe-starter-agent's), update 1000. */
    private static final double LR = 1e-4, BETA1 = 0.9, BETA2 = 0.999, EPSILON = 1e-8;
    private static final long T = 1000;

    @Param({"1200000"})
    public String shape;

    private TestMemory memory;
    private int floats;
    private float stepSize;
    private MemorySegment params, m, v, grads, local;

    @Setup
    public void setup() {
        floats = Integer.parseInt(shape.trim());
        stepSize = Adam.stepSize(LR, (float) BETA1, (float) BETA2, T);
        SplittableRandom rng = new SplittableRandom(42);
        double[] p = TestMemory.uniform(rng, floats, 1), g = TestMemory.uniform(rng, floats, 1e-3);
        double[] mm = TestMemory.uniform(rng, floats, 1e-3), vv = new double[floats];
        for (int i = 0; i < floats; i++) {
            vv[i] = (float) (1e-6 * rng.nextDouble());
        }
        memory = new TestMemory();
        params = memory.of(p);
        m = memory.of(mm);
        v = memory.of(vv);
        grads = memory.of(g);
        local = memory.zeros(floats);
        double[] l = new double[floats];
        AdamRef.apply(p, mm, vv, g, 0.5f, l, LR, (float) BETA1, (float) BETA2, (float) EPSILON, T);
        apply(new FlopCounter());
        Checks.same("adam params", p, params);
        Checks.same("adam m", mm, m);
        Checks.same("adam v", vv, v);
        Checks.same("adam local", l, local);
        Checks.same("adam grads", g, grads);
        FlopCounter warm = new FlopCounter();
        Checks.warmUp(() -> apply(warm));
    }

    @TearDown
    public void close() {
        memory.close();
    }

    /** A clip factor of 0.5. */
    @Benchmark
    public MemorySegment apply(FlopCounter counter) {
        Adam.applyPlain(params, m, v, grads, 0.5f, local, floats, stepSize, (float) BETA1, (float) BETA2, (float) EPSILON);
        counter.flops += (double) Adam.FLOPS_PER_FLOAT * floats;
        return params;
    }
}
