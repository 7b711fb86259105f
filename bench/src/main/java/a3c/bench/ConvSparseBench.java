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

import a3c.kernels.Conv2d;
import a3c.kernels.ConvShape;
import a3c.kernels.reference.Conv2dRef;
import a3c.kernels.testing.TestMemory;

/**
 * conv1 ({@code 84x84x4>20x20x16 k8s4}) on frames with and without zeros: {@link Conv2d#forwardSparse} and
 * {@link Conv2d#backwardParamsSparse}, which leave out the window rows that are 0 throughout, against
 * {@link Conv2d#forward} and {@link Conv2d#backwardParams} on the same frames. Acting runs the forward at batch
 * {@code batch} (games); the update runs the weight gradient over a rollout of 5 steps of them.
 *
 * <p>{@code frames}: {@code breakout}, a drawing of Breakout's screen after preprocessing (black background; the
 * score and top wall, the side walls, six rows of bricks, the paddle and the ball moving over the 4 stacked frames),
 * whose share of window rows that are not 0 setup prints (about 0.35; 0.44 in real Breakout frames, where the
 * area resize leaves crumbs beside every object); {@code dense}, every float not 0 (the sparse paths' overhead).
 * FLOPs are those of the dense convolution for both, so each pair's rates compare as calls per second.
 */
@State(Scope.Thread)
@Fork(value = 1, jvmArgsPrepend = {Jvm.ADD_MODULES, Jvm.OPEN_MISC, Jvm.NATIVE_ACCESS, Jvm.NO_BOUNDS_CHECKS, Jvm.JMH_UNSAFE})
public class ConvSparseBench {
    private static final ConvShape CONV1 = ConvShape.parse("84x84x4>20x20x16 k8s4");
    /** Rows of the update: a rollout of 5 steps of {@code batch} games. */
    private static final int STEPS = 5;

    @Param({"breakout", "dense"})
    public String frames;
    @Param({"1", "4"})
    public int batch;

    private TestMemory memory;
    private long flops, backwardFlops;
    private int[] index;
    private MemorySegment x, xs, w, b, y, dy, dw, db, scratch;

    @Setup
    public void setup() {
        SplittableRandom rng = new SplittableRandom(42);
        int rows = STEPS * batch;
        double[] xd = new double[rows * CONV1.inSize()];
        for (int r = 0; r < rows; r++) {
            switch (frames) {
                case "breakout" -> breakout(xd, r * CONV1.inSize(), rng);
                case "dense" -> {
                    for (int i = 0; i < CONV1.inSize(); i++) {
                        xd[r * CONV1.inSize() + i] = rng.nextDouble(0.01, 1);
                    }
                }
                default -> throw new IllegalArgumentException("frames=" + frames + ": use breakout or dense");
            }
        }
        System.out.printf("%n%s: %.3f of conv1's window rows not 0%n", frames, windowRowsNotZero(xd, rows));
        flops = CONV1.flops(batch);
        backwardFlops = CONV1.flops(rows);
        double[] wd = TestMemory.uniform(rng, CONV1.weightSize(), 1), bd = TestMemory.uniform(rng, CONV1.outC(), 1);
        double[] dyd = TestMemory.uniform(rng, rows * CONV1.outSize(), 1);
        memory = new TestMemory();
        xs = memory.of(xd);
        x = xs.asSlice(0, 4L * batch * CONV1.inSize()); // acting: the first step's games
        w = memory.of(wd);
        b = memory.of(bd);
        y = memory.zeros(batch * CONV1.outSize());
        dy = memory.of(dyd);
        dw = memory.zeros(CONV1.weightSize());
        db = memory.zeros(CONV1.outC());
        scratch = memory.zeros(CONV1.backwardParamsScratchFloats());
        index = new int[CONV1.sparseIndexInts()];
        double[] yr = new double[batch * CONV1.outSize()];
        Conv2dRef.forward(CONV1, batch, Arrays.copyOf(xd, batch * CONV1.inSize()), wd, bd, yr);
        FlopCounter warm = new FlopCounter();
        sparse(warm);
        Checks.same("conv sparse y", yr, y);
        dense(warm);
        Checks.same("conv y", yr, y);
        double[] dwr = new double[CONV1.weightSize()], dbr = new double[CONV1.outC()];
        Conv2dRef.backwardParams(CONV1, rows, xd, dyd, dwr, dbr);
        backwardSparse(warm);
        Checks.same("conv sparse dw", dwr, dw);
        Checks.warmUp(() -> sparse(warm));
        Checks.warmUp(() -> dense(warm));
        Checks.warmUp(() -> backwardSparse(warm));
        Checks.warmUp(() -> backwardDense(warm));
    }

    /** Breakout's screen at 84x84, 4 stacked frames (channels), the ball and the paddle moving from frame to frame. */
    private static void breakout(double[] x, int at, SplittableRandom rng) {
        int ballY = 35 + rng.nextInt(35), ballX = 6 + rng.nextInt(70), dy = rng.nextBoolean() ? 2 : -2, dx = rng.nextBoolean() ? 1 : -1;
        int paddle = 4 + rng.nextInt(68);
        for (int c = 0; c < 4; c++) {
            for (int yy = 0; yy < 84; yy++) {
                for (int xx = 0; xx < 84; xx++) {
                    boolean score = yy >= 1 && yy <= 4 && (xx % 8 >= 2 && xx % 8 <= 5) && xx < 60;
                    boolean wall = yy >= 6 && yy <= 8 || yy > 8 && yy < 80 && (xx <= 3 || xx >= 80);
                    boolean bricks = yy >= 16 && yy <= 27 && xx > 3 && xx < 80 && rng.nextInt(20) != 0;
                    boolean pad = yy >= 76 && yy <= 77 && xx >= paddle + c && xx < paddle + c + 8;
                    boolean ball = Math.abs(yy - (ballY + c * dy)) <= 1 && Math.abs(xx - (ballX + c * dx)) <= 0;
                    if (score || wall || bricks || pad || ball) {
                        x[at + (yy * 84 + xx) * 4 + c] = 0.2 + 0.6 * rng.nextDouble();
                    }
                }
            }
        }
    }

    private static double windowRowsNotZero(double[] x, int rows) {
        int notZero = 0, all = 0;
        for (int r = 0; r < rows; r++) {
            for (int oy = 0; oy < CONV1.outH(); oy++) {
                for (int ky = 0; ky < CONV1.kH(); ky++) {
                    for (int ox = 0; ox < CONV1.outW(); ox++) {
                        int start = r * CONV1.inSize() + ((oy * CONV1.stride() + ky) * CONV1.inW() + ox * CONV1.stride()) * CONV1.inC();
                        boolean any = false;
                        for (int j = 0; j < CONV1.windowRow(); j++) {
                            any |= x[start + j] != 0;
                        }
                        notZero += any ? 1 : 0;
                        all++;
                    }
                }
            }
        }
        return (double) notZero / all;
    }

    @TearDown
    public void close() {
        memory.close();
    }

    @Benchmark
    public MemorySegment sparse(FlopCounter counter) {
        Conv2d.forwardSparse(CONV1, batch, x, w, b, y, index);
        counter.flops += flops;
        return y;
    }

    @Benchmark
    public MemorySegment dense(FlopCounter counter) {
        Conv2d.forward(CONV1, batch, x, w, b, y);
        counter.flops += flops;
        return y;
    }

    /** Adds into dw and db call after call: the values grow, the work per call stays the same. */
    @Benchmark
    public MemorySegment backwardSparse(FlopCounter counter) {
        Conv2d.backwardParamsSparse(CONV1, STEPS * batch, xs, dy, dw, db, scratch, index);
        counter.flops += backwardFlops;
        return dw;
    }

    @Benchmark
    public MemorySegment backwardDense(FlopCounter counter) {
        Conv2d.backwardParams(CONV1, STEPS * batch, xs, dy, dw, db, scratch);
        counter.flops += backwardFlops;
        return dw;
    }
}
