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

import a3c.kernels.GradientNorm;
import a3c.kernels.reference.GradientNormRef;
import a3c.kernels.testing.TestMemory;

/**
 * Global-norm clipping over a whole gradient arena (shape: floats), one thread. {@code l2}: the norm
 * alone, what every update pays (2 FLOPs a float: one multiply-add). {@code clip}: a clipping that
 * halves the gradients, then {@code scale} by 2 to restore them so every call clips: norm, scale and
 * scale back, 4 FLOPs a float. Both read the arena from memory once per pass (4.8 MB > L2).
 *
 * <p>Warm-up: setup checks the answer, then runs the benchmarked method for a while ({@link Checks#warmUp})
 * before the pass's own warm-up iterations. One fork: the kernels keep no state a second fork would vary.
 */
@State(Scope.Thread)
@Fork(value = 1, jvmArgsPrepend = {Jvm.ADD_MODULES, Jvm.OPEN_MISC, Jvm.NATIVE_ACCESS, Jvm.NO_BOUNDS_CHECKS, Jvm.JMH_UNSAFE})
public class ClipBench {
    @Param({"1200000"})
    public String shape;

    private TestMemory memory;
    private int floats;
    private double halfNorm;
    private MemorySegment g;

    @Setup
    public void setup(BenchmarkParams benchmark) {
        floats = Integer.parseInt(shape.trim());
        double[] gd = TestMemory.uniform(new SplittableRandom(42), floats, 1);
        memory = new TestMemory();
        g = memory.of(gd);
        double norm = GradientNormRef.l2(gd);
        halfNorm = norm / 2;
        double got = GradientNorm.l2(g, floats);
        if (Math.abs(got - norm) > 1e-6 * norm) {
            throw new IllegalStateException("benchmark kernel gives a wrong norm: " + got + " instead of " + norm);
        }
        clip(new FlopCounter());
        Checks.same("clip restored", gd, g);
        FlopCounter warm = new FlopCounter();
        Checks.warmUp(Checks.method(benchmark).equals("l2") ? () -> l2(warm) : () -> clip(warm));
    }

    @TearDown
    public void close() {
        memory.close();
    }

    @Benchmark
    public double l2(FlopCounter counter) {
        counter.flops += 2.0 * floats;
        return GradientNorm.l2(g, floats);
    }

    @Benchmark
    public double clip(FlopCounter counter) {
        double norm = GradientNorm.clipByNorm(g, floats, halfNorm);
        GradientNorm.scale(g, floats, 2f);
        counter.flops += 4.0 * floats;
        return norm;
    }
}
