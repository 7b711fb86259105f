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

import a3c.kernels.Dense;
import a3c.kernels.reference.DenseRef;
import a3c.kernels.testing.TestMemory;

/**
 * The acting forward of the dense layer after the convolutions: one row shaped like a ReLU's output
 * (shape {@code IN>OUT zF}: a fraction F of the inputs exactly 0), through {@link Dense#forwardSparseRow},
 * which reads only the weight rows of the non-zero inputs. FLOPs are those done, {@code 2 x non-zero x
 * OUT}, so the ratio to peak stays a roofline; the time per call against {@link DenseBench#forward} at
 * batch 1 is the gain.
 *
 * <p>Warm-up: setup checks the answer, then runs the benchmarked method for a while ({@link Checks#warmUp})
 * before the pass's own warm-up iterations. One fork: the kernel keeps no state a second fork would vary.
 */
@State(Scope.Thread)
@Fork(value = 1, jvmArgsPrepend = {Jvm.ADD_MODULES, Jvm.OPEN_MISC, Jvm.NATIVE_ACCESS, Jvm.NO_BOUNDS_CHECKS, Jvm.JMH_UNSAFE})
public class DenseSparseBench {
    @Param({"2592>256 z0.5", "2592>256 z0.8"})
    public String shape;

    private TestMemory memory;
    private int in;
    private int out;
    private long flops;
    private int[] nonZero;
    private MemorySegment x, w, b, y;

    @Setup
    public void setup() {
        String[] parts = shape.split(" z");
        int[] s = Checks.shape(parts[0]);
        in = s[0];
        out = s[1];
        double zeros = Double.parseDouble(parts[1]);
        SplittableRandom rng = new SplittableRandom(42);
        double[] xd = new double[in];
        int nonZeros = 0;
        for (int i = 0; i < in; i++) {
            xd[i] = rng.nextDouble() < zeros ? 0 : (float) rng.nextDouble();
            nonZeros += xd[i] != 0 ? 1 : 0;
        }
        flops = Dense.forwardFlops(1, nonZeros, out);
        double[] wd = TestMemory.uniform(rng, in * out, 1), bd = TestMemory.uniform(rng, out, 1);
        memory = new TestMemory();
        x = memory.of(xd);
        w = memory.of(wd);
        b = memory.of(bd);
        y = memory.zeros(out);
        nonZero = new int[in];
        double[] yr = new double[out];
        DenseRef.forward(1, in, out, xd, wd, bd, yr);
        forwardSparseRow(new FlopCounter());
        Checks.same("dense sparse row y", yr, y);
        FlopCounter warm = new FlopCounter();
        Checks.warmUp(() -> forwardSparseRow(warm));
    }

    @TearDown
    public void close() {
        memory.close();
    }

    @Benchmark
    public MemorySegment forwardSparseRow(FlopCounter counter) {
        Dense.forwardSparseRow(in, out, x, w, b, y, nonZero);
        counter.flops += flops;
        return y;
    }
}
