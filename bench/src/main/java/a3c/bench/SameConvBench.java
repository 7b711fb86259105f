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
import a3c.kernels.Pad2d;
import a3c.kernels.PadShape;
import a3c.kernels.check.Comparison;
import a3c.kernels.check.GradCheck;
import a3c.kernels.reference.Conv2dRef;
import a3c.kernels.reference.Pad2dRef;
import a3c.kernels.testing.TestMemory;

/**
 * A SAME convolution as the engine composes it, {@link Pad2d} then a VALID {@link Conv2d}, at
 * universe-starter-agent's four 32-filter 3x3/2 layers on 42x42 frames (42 -> 21 -> 11 -> 6 -> 3), batch 1
 * (acting) and 20 (its rollout). FLOPs: the convolution's ({@link ConvShape#flops(int)}); the pad's copy is
 * counted as none, so its cost shows as a lower rate than {@link ConvBench}'s at similar sizes.
 */
@State(Scope.Thread)
@Fork(value = 1, jvmArgsPrepend = {Jvm.ADD_MODULES, Jvm.OPEN_MISC, Jvm.NATIVE_ACCESS, Jvm.NO_BOUNDS_CHECKS, Jvm.JMH_UNSAFE})
public class SameConvBench {
    /** Input height = width, channels. */
    @Param({"42x1", "21x32", "11x32", "6x32"})
    public String shape;

    @Param({"1", "20"})
    public int batch;

    private PadShape pad;
    private ConvShape conv;
    private long flops;
    private TestMemory memory;
    private MemorySegment x, padded, w, b, y;

    @Setup(Level.Trial)
    public void setUp(BenchmarkParams params) {
        String[] hc = shape.split("x");
        int size = Integer.parseInt(hc[0]), channels = Integer.parseInt(hc[1]);
        pad = PadShape.same(size, size, channels, 3, 2);
        conv = new ConvShape(pad.outH(), pad.outW(), channels, 3, 3, 32, 2);
        flops = conv.flops(batch);
        memory = new TestMemory();
        SplittableRandom rng = new SplittableRandom(42);
        double[] xd = TestMemory.uniform(rng, batch * pad.inSize(), 1.0);
        double[] wd = TestMemory.uniform(rng, conv.weightSize(), 1.0);
        double[] bd = TestMemory.uniform(rng, conv.outC(), 1.0);
        x = memory.of(xd);
        w = memory.of(wd);
        b = memory.of(bd);
        padded = memory.zeros(batch * pad.outSize());
        y = memory.zeros(batch * conv.outSize());
        double[] pr = new double[batch * pad.outSize()], yr = new double[batch * conv.outSize()];
        Pad2dRef.forward(pad, batch, xd, pr);
        Conv2dRef.forward(conv, batch, pr, wd, bd, yr);
        forward(new FlopCounter());
        ConvBench.require(Comparison.simd("same conv " + pad + " n=" + batch + " y", yr, TestMemory.toDouble(y), GradCheck.SIMD_TOLERANCE));
        FlopCounter ignored = new FlopCounter();
        Warm.up(params, () -> forward(ignored));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        memory.close();
    }

    @Benchmark
    public MemorySegment forward(FlopCounter counter) {
        Pad2d.forward(pad, batch, x, padded);
        Conv2d.forward(conv, batch, padded, w, b, y);
        counter.flops += flops;
        return y;
    }
}
