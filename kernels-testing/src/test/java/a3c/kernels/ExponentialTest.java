package a3c.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import a3c.kernels.testing.Seeds;

/**
 * {@link Exponential}'s sigmoid, tanh and ELU against their double definitions ({@link Math#exp}, {@link Math#tanh},
 * {@link Math#expm1}), on lengths that are and are not multiples of the vector length, with inputs from the
 * gates' usual range, the saturated ends (beyond the clamp at 87) and values near 0, where tanh and ELU are
 * smallest: each float within a few ulps of its magnitude, or of 1 (the scale of the squashed values) near 0.
 */
@Tag("simd")
class ExponentialTest {
    private static float[] inputs(int n, SplittableRandom rng) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = switch (i % 4) {
                case 0 -> (float) (rng.nextDouble(-10, 10));
                case 1 -> (float) (rng.nextDouble(-200, 200));
                case 2 -> (float) (rng.nextDouble(-1e-3, 1e-3));
                default -> (float) (rng.nextGaussian() * 3);
            };
        }
        return x;
    }

    private static MemorySegment of(Arena arena, float[] x) {
        MemorySegment s = arena.allocate(4L * x.length, 64);
        for (int i = 0; i < x.length; i++) {
            s.setAtIndex(Simd.FLOAT, i, x[i]);
        }
        return s;
    }

    /** Within {@code ulps} float roundings of the larger of |expected| and {@code floor}. */
    private static void near(double expected, float actual, double floor, String what) {
        double tolerance = 4 * Math.ulp((float) Math.max(Math.abs(expected), floor));
        assertEquals(expected, actual, tolerance, what);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 4, 7, 8, 15, 16, 17, 33, 256, 1000})
    void matchesTheDefinitions(int n) {
        SplittableRandom rng = Seeds.random("exponential " + n);
        float[] x = inputs(n, rng);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment sig = of(arena, x);
            Exponential.sigmoid(sig, 0, n);
            MemorySegment src = of(arena, x);
            MemorySegment tanh = arena.allocate(4L * n, 64);
            Exponential.tanh(src, 0, tanh, 0, n);
            MemorySegment elu = arena.allocate(4L * n, 64);
            Exponential.elu(src, elu, n);
            for (int i = 0; i < n; i++) {
                double v = x[i];
                String at = "x[" + i + "]=" + x[i];
                near(1 / (1 + Math.exp(-v)), sig.getAtIndex(Simd.FLOAT, i), 0.5, "sigmoid " + at);
                near(Math.tanh(v), tanh.getAtIndex(Simd.FLOAT, i), 1, "tanh " + at);
                near(v > 0 ? v : Math.expm1(v), elu.getAtIndex(Simd.FLOAT, i), v > 0 ? 0 : 1, "elu " + at);
            }
            assertEquals(x[0], src.getAtIndex(Simd.FLOAT, 0), "tanh and elu leave their source alone");
        }
    }

    /** An offset row in place (the LSTM's gate blocks), and NaN through every function. */
    @ParameterizedTest
    @ValueSource(ints = {5, 16, 37})
    void anOffsetRowInPlaceAndNaN(int n) {
        SplittableRandom rng = Seeds.random("exponential offset " + n);
        float[] x = inputs(3 + n + 2, rng);
        x[3 + n / 2] = Float.NaN;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment m = of(arena, x);
            Exponential.tanh(m, 3, m, 3, n);
            for (int i = 0; i < x.length; i++) {
                float got = m.getAtIndex(Simd.FLOAT, i);
                if (i < 3 || i >= 3 + n) {
                    assertEquals(x[i], got, "outside the row: untouched");
                } else if (Float.isNaN(x[i])) {
                    assertTrue(Float.isNaN(got), "NaN stays NaN");
                } else {
                    near(Math.tanh(x[i]), got, 1, "tanh x[" + i + "]");
                }
            }
        }
    }
}
