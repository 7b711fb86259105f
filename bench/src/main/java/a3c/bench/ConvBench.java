package a3c.bench;

import java.lang.foreign.MemorySegment;
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

import a3c.kernels.Conv2d;
import a3c.kernels.ConvShape;
import a3c.kernels.check.Comparison;
import a3c.kernels.check.GradCheck;
import a3c.kernels.reference.Conv2dRef;
import a3c.kernels.testing.TestMemory;

/**
 * {@link Conv2d} at the real A3C shapes: the feed-forward network's conv1 and conv2 and the seed network's
 * conv1 and conv2, at the batch sizes the engine runs (1 when acting, t_max = 5 and 20 when learning).
 * Every call counts {@link ConvShape#flops(int)}: backward passes do as many multiply-adds as forward.
 * Forks and JMH's warm-up come from {@link BenchMain}'s pass; {@link Warm} adds a kernel warm-up of its own.
 */
@State(Scope.Thread)
@Fork(value = 1, jvmArgsPrepend = {Jvm.ADD_MODULES, Jvm.OPEN_MISC, Jvm.NATIVE_ACCESS, Jvm.NO_BOUNDS_CHECKS, Jvm.JMH_UNSAFE})
public class ConvBench {
    @Param({"84x84x4>20x20x16 k8s4", "20x20x16>9x9x32 k4s2", "84x84x1>20x20x16 k8s4", "10x10x16>4x4x32 k4s2"})
    public String shape;

    @Param({"1", "5", "20"})
    public int batch;

    private ConvShape s;
    private long flops;
    private TestMemory memory;
    private MemorySegment x, w, b, y, dy, dw, db, dx, scratch;

    @Setup(Level.Trial)
    public void setUp(BenchmarkParams params) {
        s = ConvShape.parse(shape);
        flops = s.flops(batch);
        memory = new TestMemory();
        SplittableRandom rng = new SplittableRandom(42);
        double[] xd = TestMemory.uniform(rng, batch * s.inSize(), 1.0);
        double[] wd = TestMemory.uniform(rng, s.weightSize(), 1.0);
        double[] bd = TestMemory.uniform(rng, s.outC(), 1.0);
        double[] dyd = TestMemory.uniform(rng, batch * s.outSize(), 1.0);
        x = memory.of(xd);
        w = memory.of(wd);
        b = memory.of(bd);
        dy = memory.of(dyd);
        y = memory.zeros(batch * s.outSize());
        dw = memory.zeros(s.weightSize());
        db = memory.zeros(s.outC());
        dx = memory.zeros(batch * s.inSize());
        scratch = memory.zeros(s.backwardInputScratchFloats());
        checkAgainstReference(xd, wd, bd, dyd);
        String method = params.getBenchmark().substring(params.getBenchmark().lastIndexOf('.') + 1);
        FlopCounter ignored = new FlopCounter();
        Warm.up(params, switch (method) {
            case "forward" -> () -> forward(ignored);
            case "backwardParams" -> () -> backwardParams(ignored);
            default -> () -> backwardInput(ignored);
        });
    }

    /** Runs each kernel once on this state's buffers and throws unless it matches {@link Conv2dRef}. */
    private void checkAgainstReference(double[] xd, double[] wd, double[] bd, double[] dyd) {
        double[] yr = new double[batch * s.outSize()];
        double[] dwr = new double[s.weightSize()];
        double[] dbr = new double[s.outC()];
        double[] dxr = new double[batch * s.inSize()];
        Conv2dRef.forward(s, batch, xd, wd, bd, yr);
        Conv2dRef.backwardParams(s, batch, xd, dyd, dwr, dbr);
        Conv2dRef.backwardInput(s, batch, wd, dyd, dxr);
        forward(new FlopCounter());
        backwardParams(new FlopCounter());
        backwardInput(new FlopCounter());
        require(Comparison.simd("conv2d " + s + " n=" + batch + " y", yr, TestMemory.toDouble(y), GradCheck.SIMD_TOLERANCE));
        require(Comparison.simd("conv2d " + s + " n=" + batch + " dw", dwr, TestMemory.toDouble(dw), GradCheck.SIMD_TOLERANCE));
        require(Comparison.simd("conv2d " + s + " n=" + batch + " db", dbr, TestMemory.toDouble(db), GradCheck.SIMD_TOLERANCE));
        require(Comparison.simd("conv2d " + s + " n=" + batch + " dx", dxr, TestMemory.toDouble(dx), GradCheck.SIMD_TOLERANCE));
    }

    static void require(Comparison c) {
        if (!c.passed()) {
            throw new IllegalStateException("benchmark refuses to time a wrong kernel: " + c.line());
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        memory.close();
    }

    @Benchmark
    public MemorySegment forward(FlopCounter counter) {
        Conv2d.forward(s, batch, x, w, b, y);
        counter.flops += flops;
        return y;
    }

    @Benchmark
    public MemorySegment backwardParams(FlopCounter counter) {
        Conv2d.backwardParams(s, batch, x, dy, dw, db, scratch);
        counter.flops += flops;
        return dw;
    }

    @Benchmark
    public MemorySegment backwardInput(FlopCounter counter) {
        Conv2d.backwardInput(s, batch, w, dy, dx, scratch);
        counter.flops += flops;
        return dx;
    }
}
