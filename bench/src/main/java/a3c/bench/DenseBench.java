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
import org.openjdk.jmh.infra.BenchmarkParams;

import a3c.kernels.Dense;
import a3c.kernels.reference.DenseRef;
import a3c.kernels.testing.TestMemory;

/**
 * Dense forward and both backwards at the A3C shapes: conv features to 256 (2592>256), the LSTM-sized
 * 512>256, and a head (256>7: Pong's 6 actions and the value). Batch 1 is acting, 5 and 20 the rollouts
 * of the feed-forward and LSTM networks.
 *
 * <p>Warm-up: setup checks the answer, then runs the benchmarked method for a while ({@link Checks#warmUp})
 * before the pass's own warm-up iterations. One fork: the kernels keep no state a second fork would vary.
 */
@State(Scope.Thread)
@Fork(value = 1, jvmArgsPrepend = {Jvm.ADD_MODULES, Jvm.OPEN_MISC, Jvm.NATIVE_ACCESS, Jvm.NO_BOUNDS_CHECKS, Jvm.JMH_UNSAFE})
public class DenseBench {
    @Param({"2592>256", "512>256", "256>7"})
    public String shape;
    @Param({"1", "5", "20"})
    public int batch;

    private TestMemory memory;
    private int in;
    private int out;
    private long flops;
    private MemorySegment x, w, b, y, dy, dw, db, dx;

    @Setup
    public void setup(BenchmarkParams benchmark) {
        int[] s = Checks.shape(shape);
        in = s[0];
        out = s[1];
        flops = Dense.forwardFlops(batch, in, out);
        SplittableRandom rng = new SplittableRandom(42);
        double[] xd = TestMemory.uniform(rng, batch * in, 1), wd = TestMemory.uniform(rng, in * out, 1);
        double[] bd = TestMemory.uniform(rng, out, 1), dyd = TestMemory.uniform(rng, batch * out, 1);
        memory = new TestMemory();
        x = memory.of(xd);
        w = memory.of(wd);
        b = memory.of(bd);
        dy = memory.of(dyd);
        y = memory.zeros(batch * out);
        dw = memory.zeros(in * out);
        db = memory.zeros(out);
        dx = memory.zeros(batch * in);
        // the one check of this benchmark's own buffers against the reference twin
        double[] yr = new double[batch * out], dwr = new double[in * out], dbr = new double[out], dxr = new double[batch * in];
        DenseRef.forward(batch, in, out, xd, wd, bd, yr);
        DenseRef.backwardParams(batch, in, out, xd, dyd, dwr, dbr);
        DenseRef.backwardInput(batch, in, out, wd, dyd, dxr);
        forward(new FlopCounter());
        backwardParams(new FlopCounter());
        backwardInput(new FlopCounter());
        Checks.same("dense y", yr, y);
        Checks.same("dense dw", dwr, dw);
        Checks.same("dense db", dbr, db);
        Checks.same("dense dx", dxr, dx);
        FlopCounter warm = new FlopCounter();
        Checks.warmUp(switch (Checks.method(benchmark)) {
            case "forward" -> () -> forward(warm);
            case "backwardParams" -> () -> backwardParams(warm);
            default -> () -> backwardInput(warm);
        });
    }

    @TearDown
    public void close() {
        memory.close();
    }

    @Benchmark
    public MemorySegment forward(FlopCounter counter) {
        Dense.forward(batch, in, out, x, w, b, y);
        counter.flops += flops;
        return y;
    }

    /** Counted as the product's FLOPs; the bias sums (batch x OUT adds) are left out. */
    @Benchmark
    public MemorySegment backwardParams(FlopCounter counter) {
        Dense.backwardParams(batch, in, out, x, dy, dw, db);
        counter.flops += flops;
        return dw;
    }

    @Benchmark
    public MemorySegment backwardInput(FlopCounter counter) {
        Dense.backwardInput(batch, in, out, w, dy, dx);
        counter.flops += flops;
        return dx;
    }
}
