package a3c.kernels.testing;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import a3c.kernels.memory.AlignedBlock;

/**
 * Off-heap float buffers for tests and checks, all freed together by {@link #close()}, with conversions
 * to and from the {@code double[]} arrays the reference twins use.
 *
 * <p>Every buffer gets its own block, sized exactly, so an out-of-bounds vector access in a kernel fails
 * the bounds check instead of reading a neighbour.
 */
public final class TestMemory implements AutoCloseable {
    private final List<AlignedBlock> blocks = new ArrayList<>();

    /** A zeroed buffer of {@code floats} floats (exactly that size). */
    public MemorySegment zeros(int floats) {
        AlignedBlock b = AlignedBlock.ofFloats(floats);
        blocks.add(b);
        return b.segment().asSlice(0, (long) floats * Float.BYTES);
    }

    /** A buffer holding {@code values} rounded to float. */
    public MemorySegment of(double[] values) {
        MemorySegment s = zeros(values.length);
        for (int i = 0; i < values.length; i++) {
            s.setAtIndex(java.lang.foreign.ValueLayout.JAVA_FLOAT, i, (float) values[i]);
        }
        return s;
    }

    /** The floats of {@code s} widened to double. */
    public static double[] toDouble(MemorySegment s) {
        int n = (int) (s.byteSize() / Float.BYTES);
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = s.getAtIndex(java.lang.foreign.ValueLayout.JAVA_FLOAT, i);
        }
        return d;
    }

    /**
     * {@code n} values uniform in [-scale, scale], already rounded to float so that the float kernel and
     * the double reference see exactly the same inputs.
     */
    public static double[] uniform(SplittableRandom rng, int n, double scale) {
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = (float) (scale * (2 * rng.nextDouble() - 1));
        }
        return d;
    }

    @Override
    public void close() {
        for (AlignedBlock b : blocks) {
            b.close();
        }
        blocks.clear();
    }
}
