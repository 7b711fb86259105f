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

import a3c.kernels.Elu;
import a3c.kernels.reference.EluRef;
import a3c.kernels.testing.TestMemory;

/**
 * ELU forward and backward over one layer's outputs (shape: floats). 14112 is universe-starter-agent's first
 * convolution on 42x42 frames (21x21x32) at batch 1; 282240 the same over a 20-step rollout, as backward
 * sees it. Counted as 1 FLOP a float each way (the exponential is not counted, so the figure is a rate of
 * floats, not of arithmetic): the interest is its time beside the convolution's, not its share of peak.
 *
 * <p>Warm-up: setup checks the answer against the double twin, then runs the benchmarked method for a while
 * ({@link Checks#warmUp}). One fork: the kernels keep no state a second fork would vary.
 */
@State(Scope.Thread)
@Fork(value = 1, jvmArgsPrepend = {Jvm.ADD_MODULES, Jvm.OPEN_MISC, Jvm.NATIVE_ACCESS, Jvm.NO_BOUNDS_CHECKS, Jvm.JMH_UNSAFE})
public class EluBench {
    @Param({"14112", "282240"})
    public String shape;

    private TestMemory memory;
    private int floats;
    private MemorySegment x, y, dy, dx;

    @Setup
    public void setup() {
        floats = Integer.parseInt(shape.trim());
        SplittableRandom rng = new SplittableRandom(42);
        double[] xs = TestMemory.uniform(rng, floats, 4), dys = TestMemory.uniform(rng, floats, 1);
        memory = new TestMemory();
        x = memory.of(xs);
        y = memory.zeros(floats);
        dy = memory.of(dys);
        dx = memory.zeros(floats);
        double[] ys = new double[floats], dxs = new double[floats];
        EluRef.forward(xs, ys);
        EluRef.backward(xs, dys, dxs);
        forwardBackward(new FlopCounter());
        Checks.same("elu y", ys, y);
        Checks.same("elu dx", dxs, dx);
        FlopCounter warm = new FlopCounter();
        Checks.warmUp(() -> forwardBackward(warm));
    }

    @TearDown
    public void close() {
        memory.close();
    }

    /** Forward, then backward adding into dx (which grows; the arithmetic takes the same time). */
    @Benchmark
    public MemorySegment forwardBackward(FlopCounter counter) {
        Elu.forward(x, y, floats);
        Elu.backward(y, dy, dx, floats);
        counter.flops += 2.0 * floats;
        return dx;
    }
}
