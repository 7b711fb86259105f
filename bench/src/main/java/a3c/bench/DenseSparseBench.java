package a3c.bench;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.SplittableRandom;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import a3c.kernels.Dense;
import a3c.kernels.check.DenseCases;
import a3c.kernels.reference.DenseRef;
import a3c.kernels.testing.TestMemory;

/**
 * The dense layer after the convolutions on rows shaped like a ReLU's output (shape {@code IN>OUT zF}: a fraction
 * F of the inputs exactly 0 in every row, as an idle unit is in every game; with several rows a third of the other
 * entries 0 too): acting for {@code batch} games at once ({@link Dense#forwardSparse}, which reads only the weight
 * rows of the inputs that are not 0 in some row, against {@link Dense#forward} on the same rows), and the update
 * of a rollout of 5 steps of those games ({@code 5 x batch} rows: {@link Dense#backwardSparse} against
 * {@link Dense#backwardParams} and {@link Dense#backwardInput}). FLOPs are those of the dense products for both
 * ({@code 2 x rows x IN x OUT}, twice that for the backwards), so each pair's rates compare as calls per second (a
 * rate above the peak is rows skipped).
 *
 * <p>Warm-up: setup checks the answers, then runs each benchmarked method for a while ({@link Checks#warmUp})
 * before the pass's own warm-up iterations. One fork: the kernel keeps no state a second fork would vary.
 */
@State(Scope.Thread)
@Fork(value = 1, jvmArgsPrepend = {Jvm.ADD_MODULES, Jvm.OPEN_MISC, Jvm.NATIVE_ACCESS, Jvm.NO_BOUNDS_CHECKS, Jvm.JMH_UNSAFE})
public class DenseSparseBench {
    @Param({"2592>256 z0.5", "2592>256 z0.75"})
    public String shape;
    @Param({"1", "4", "8"})
    public int batch;

    /** Rows of the update: a rollout of 5 steps of {@code batch} games. */
    private static final int STEPS = 5;

    private TestMemory memory;
    private int in;
    private int out;
    private long flops, backwardFlops;
    private int[] nonZero;
    private MemorySegment x, w, b, y, xs, dy, dw, db, dx;

    @Setup
    public void setup() {
        String[] parts = shape.split(" z");
        int[] s = Checks.shape(parts[0]);
        in = s[0];
        out = s[1];
        double zeros = Double.parseDouble(parts[1]);
        SplittableRandom rng = new SplittableRandom(42);
        int rows = STEPS * batch;
        double[] xd = DenseCases.reluLike(rows, in, zeros, batch > 1, rng);
        flops = Dense.forwardFlops(batch, in, out);
        backwardFlops = 2 * Dense.forwardFlops(rows, in, out);
        double[] wd = TestMemory.uniform(rng, in * out, 1), bd = TestMemory.uniform(rng, out, 1);
        double[] dyd = TestMemory.uniform(rng, rows * out, 1);
        memory = new TestMemory();
        xs = memory.of(xd);
        x = xs.asSlice(0, 4L * batch * in); // acting: the first step's rows
        w = memory.of(wd);
        b = memory.of(bd);
        y = memory.zeros(batch * out);
        dy = memory.of(dyd);
        dw = memory.zeros(in * out);
        db = memory.zeros(out);
        dx = memory.zeros(rows * in);
        nonZero = new int[in];
        double[] yr = new double[batch * out];
        DenseRef.forward(batch, in, out, Arrays.copyOf(xd, batch * in), wd, bd, yr);
        FlopCounter warm = new FlopCounter();
        sparse(warm);
        Checks.same("dense sparse y", yr, y);
        dense(warm);
        Checks.same("dense y", yr, y);
        double[] dwr = new double[in * out], dbr = new double[out];
        DenseRef.backwardParams(rows, in, out, xd, dyd, dwr, dbr);
        backwardSparse(warm);
        Checks.same("dense sparse dw", dwr, dw);
        Checks.warmUp(() -> sparse(warm));
        Checks.warmUp(() -> dense(warm));
        Checks.warmUp(() -> backwardSparse(warm));
        Checks.warmUp(() -> backwardDense(warm));
    }

    @TearDown
    public void close() {
        memory.close();
    }

    @Benchmark
    public MemorySegment sparse(FlopCounter counter) {
        Dense.forwardSparse(batch, in, out, x, w, b, y, nonZero);
        counter.flops += flops;
        return y;
    }

    @Benchmark
    public MemorySegment dense(FlopCounter counter) {
        Dense.forward(batch, in, out, x, w, b, y);
        counter.flops += flops;
        return y;
    }

    /** Adds into dw, db and dx call after call: the values grow, the work per call stays the same. */
    @Benchmark
    public MemorySegment backwardSparse(FlopCounter counter) {
        Dense.backwardSparse(STEPS * batch, in, out, xs, w, dy, dw, db, dx, nonZero);
        counter.flops += backwardFlops;
        return dx;
    }

    @Benchmark
    public MemorySegment backwardDense(FlopCounter counter) {
        Dense.backwardParams(STEPS * batch, in, out, xs, dy, dw, db);
        Dense.backwardInput(STEPS * batch, in, out, w, dy, dx);
        counter.flops += backwardFlops;
        return dx;
    }
}
