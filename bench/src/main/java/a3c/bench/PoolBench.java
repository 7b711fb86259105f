package a3c.bench;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;

import a3c.kernels.MaxPool2d;
import a3c.kernels.PoolShape;
import a3c.kernels.check.Comparison;
import a3c.kernels.reference.MaxPool2dRef;
import a3c.kernels.testing.TestMemory;

/**
 * {@link MaxPool2d} at the seed network's shape, at the engine's batch sizes. The rate counts
 * {@link PoolShape#flops(int)}, one comparison per window cell, for backward too: a pool is bound by memory,
 * not by arithmetic, so its share of the FMA peak is only a yardstick. Forks and JMH's warm-up come from
 * {@link BenchMain}'s pass; {@link Warm} adds a kernel warm-up of its own.
 */
@State(Scope.Thread)
@Fork(value = 1, jvmArgsPrepend = {Jvm.ADD_MODULES, Jvm.OPEN_MISC, Jvm.NATIVE_ACCESS, Jvm.NO_BOUNDS_CHECKS, Jvm.JMH_UNSAFE})
public class PoolBench {
    @Param({"20x20x16>10x10 p2s2 same"})
    public String shape;

    @Param({"1", "5", "20"})
    public int batch;

    private PoolShape s;
    private long flops;
    private TestMemory memory;
    private MemorySegment x, y, argmax, dy, dx;

    @Setup(Level.Trial)
    public void setUp(BenchmarkParams params) {
        s = PoolShape.parse(shape);
        flops = s.flops(batch);
        memory = new TestMemory();
        SplittableRandom rng = new SplittableRandom(42);
        double[] xd = TestMemory.uniform(rng, batch * s.inSize(), 1.0);
        double[] dyd = TestMemory.uniform(rng, batch * s.outSize(), 1.0);
        x = memory.of(xd);
        dy = memory.of(dyd);
        y = memory.zeros(batch * s.outSize());
        argmax = memory.zeros(batch * s.argmaxInts());
        dx = memory.zeros(batch * s.inSize());
        checkAgainstReference(xd, dyd);
        FlopCounter ignored = new FlopCounter();
        Warm.up(params, params.getBenchmark().endsWith(".forward") ? () -> forward(ignored) : () -> backward(ignored));
    }

    /** Runs forward and backward once on this state's buffers and throws unless they match {@link MaxPool2dRef}. */
    private void checkAgainstReference(double[] xd, double[] dyd) {
        double[] yr = new double[batch * s.outSize()];
        int[] argmaxr = new int[yr.length];
        double[] dxr = new double[batch * s.inSize()];
        MaxPool2dRef.forward(s, batch, xd, yr, argmaxr);
        MaxPool2dRef.backward(s, batch, argmaxr, dyd, dxr);
        forward(new FlopCounter());
        backward(new FlopCounter());
        double[] cells = new double[argmaxr.length];
        double[] cellsr = new double[argmaxr.length];
        for (int i = 0; i < cells.length; i++) {
            cells[i] = argmax.getAtIndex(ValueLayout.JAVA_INT, i);
            cellsr[i] = argmaxr[i];
        }
        String name = "maxpool " + s + " n=" + batch;
        ConvBench.require(Comparison.simd(name + " y", yr, TestMemory.toDouble(y), 0));
        ConvBench.require(Comparison.simd(name + " argmax", cellsr, cells, 0));
        ConvBench.require(Comparison.simd(name + " dx", dxr, TestMemory.toDouble(dx), 0));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        memory.close();
    }

    @Benchmark
    public MemorySegment forward(FlopCounter counter) {
        MaxPool2d.forward(s, batch, x, y, argmax);
        counter.flops += flops;
        return y;
    }

    @Benchmark
    public MemorySegment backward(FlopCounter counter) {
        MaxPool2d.backward(s, batch, argmax, dy, dx);
        counter.flops += flops;
        return dx;
    }
}
