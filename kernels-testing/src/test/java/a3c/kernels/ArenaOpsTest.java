package a3c.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import a3c.kernels.reference.ArenaOpsRef;
import a3c.kernels.testing.Seeds;
import a3c.kernels.testing.TestMemory;

/** {@link ArenaOps#offset} against its scalar twin, bit for bit, at lengths that are and are not whole vectors. */
@Tag("simd")
class ArenaOpsTest {
    private static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT;

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 7, 8, 13, 16, 17, 33, 100, 207, 28224})
    void offsetMatchesItsTwinBitForBit(int length) {
        SplittableRandom rng = Seeds.random("arena offset " + length);
        // observations in [0, 1] as the background subtraction sees them, and a few of every other size
        double[] xs = new double[length];
        for (int i = 0; i < length; i++) {
            xs[i] = rng.nextInt(8) == 0 ? (float) ((2 * rng.nextDouble() - 1) * Math.pow(10, rng.nextInt(-30, 30)))
                    : (float) rng.nextDouble();
        }
        float c = (float) -rng.nextDouble();
        try (TestMemory memory = new TestMemory()) {
            // one float past the shape: the kernel must leave it alone
            MemorySegment x = memory.zeros(length + 1);
            for (int i = 0; i < length; i++) {
                x.setAtIndex(F, i, (float) xs[i]);
            }
            x.setAtIndex(F, length, 7f);
            ArenaOps.offset(x, length, c);
            ArenaOpsRef.offset(xs, c);
            for (int i = 0; i < length; i++) {
                assertEquals(Float.floatToIntBits((float) xs[i]), Float.floatToIntBits(x.getAtIndex(F, i)),
                        "x[" + i + "] of " + length);
            }
            assertEquals(7f, x.getAtIndex(F, length), "the float past the shape");
        }
    }

    @Test
    void offsetKeepsTheSpecialValuesOfIeeeArithmetic() {
        float[] in = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, -0f, 0f, Float.MIN_VALUE,
            -Float.MIN_VALUE, Float.MAX_VALUE, 0.34f, 1f, -1f, 0.5f, 1e-8f, 3f, 5f, 6f, 7f, 9f, 11f};
        for (float c : new float[] {-0f, 0f, -0.34f, Float.MAX_VALUE, Float.POSITIVE_INFINITY}) {
            try (TestMemory memory = new TestMemory()) {
                MemorySegment x = memory.zeros(in.length);
                double[] xs = new double[in.length];
                for (int i = 0; i < in.length; i++) {
                    x.setAtIndex(F, i, in[i]);
                    xs[i] = in[i];
                }
                ArenaOps.offset(x, in.length, c);
                ArenaOpsRef.offset(xs, c);
                for (int i = 0; i < in.length; i++) {
                    assertEquals(Float.floatToIntBits((float) xs[i]), Float.floatToIntBits(x.getAtIndex(F, i)),
                            in[i] + " + " + c);
                }
            }
        }
    }
}
