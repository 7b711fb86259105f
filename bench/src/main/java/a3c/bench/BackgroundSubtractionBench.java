package a3c.bench;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import a3c.engine.env.BackgroundSubtraction;

/**
 * The background subtraction every Atari worker runs after every step (`--subtract-background`, on by default),
 * on one observation of 4 stacked 84x84 frames (28,224 floats): {@code pong}, 90 % of the pixels at Pong's brown
 * (0.34, so the histogram and the subtraction both run), and {@code breakout}, 90 % black (the histogram only).
 * Each call first restores the observation from a pristine copy (the filter works in place, and a second pass
 * over an already subtracted frame would find it black); {@link #copyOnly} times that copy alone, so the
 * filter's own cost is the difference of the two. Counted as 1 FLOP a float of the observation: a rate of
 * floats, not of arithmetic.
 */
@State(Scope.Thread)
@Fork(value = 1, jvmArgsPrepend = {Jvm.ADD_MODULES, Jvm.OPEN_MISC, Jvm.NATIVE_ACCESS, Jvm.NO_BOUNDS_CHECKS, Jvm.JMH_UNSAFE})
public class BackgroundSubtractionBench {
    private static final int FLOATS = 4 * 84 * 84;

    @Param({"pong", "breakout"})
    public String shape;

    private Arena arena;
    private MemorySegment pristine, x;
    private BackgroundSubtraction filter;

    @Setup
    public void setup() {
        float background = switch (shape) {
            case "pong" -> 0.34f;
            case "breakout" -> 0f;
            default -> throw new IllegalArgumentException("shape=" + shape + ": use pong or breakout");
        };
        arena = Arena.ofShared();
        pristine = arena.allocate((long) FLOATS * Float.BYTES, 64);
        x = arena.allocate((long) FLOATS * Float.BYTES, 64);
        SplittableRandom rng = new SplittableRandom(42);
        for (int i = 0; i < FLOATS; i++) {
            float v = rng.nextInt(10) == 0 ? (float) rng.nextDouble() : background;
            pristine.setAtIndex(ValueLayout.JAVA_FLOAT, i, v);
        }
        pristine.setAtIndex(ValueLayout.JAVA_FLOAT, 0, background);
        pristine.setAtIndex(ValueLayout.JAVA_FLOAT, FLOATS - 1, background);
        filter = new BackgroundSubtraction(FLOATS);
        FlopCounter warm = new FlopCounter();
        Checks.warmUp(() -> copyAndFilter(warm));
        // the first and last floats are background: shifted to about 0 on Pong (the filter's background is the
        // mean of the fullest bin, so near 0.34, not exactly it), left at 0 on Breakout, and both alike
        float first = x.getAtIndex(ValueLayout.JAVA_FLOAT, 0), last = x.getAtIndex(ValueLayout.JAVA_FLOAT, FLOATS - 1);
        if (Math.abs(first) > 0.01f || first == background && background != 0 || first != last) {
            throw new IllegalStateException("background subtraction left " + shape + "'s background at " + first
                    + " and " + last + " where both about 0 were due");
        }
    }

    @TearDown
    public void close() {
        arena.close();
    }

    @Benchmark
    public MemorySegment copyOnly(FlopCounter counter) {
        MemorySegment.copy(pristine, 0, x, 0, x.byteSize());
        counter.flops += FLOATS;
        return x;
    }

    @Benchmark
    public MemorySegment copyAndFilter(FlopCounter counter) {
        MemorySegment.copy(pristine, 0, x, 0, x.byteSize());
        filter.apply(x);
        counter.flops += FLOATS;
        return x;
    }
}
