package a3c.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import a3c.kernels.reference.UnitBinsRef;
import a3c.kernels.testing.Seeds;

/**
 * {@link UnitBins} against its scalar twin: every value's bin, and each bin's count and sum, at lengths that are and
 * are not whole vectors, over values on the bins' edges and a float either side of them, NaN, infinities, below 0
 * and above 1. Counts equal exactly and sums bit for bit (bins 1 to 254 sum exactly in any order).
 */
@Tag("simd")
class UnitBinsTest {
    /** Values of every kind the filter can meet, the edges (b ± 0.5) / 255 and their neighbours most of all. */
    private static float[] values(SplittableRandom rng, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            float edge = (rng.nextInt(257) - 0.5f) / 255;
            v[i] = switch (rng.nextInt(12)) {
                case 0, 1, 2 -> (float) rng.nextDouble();
                case 3 -> edge;
                case 4 -> Math.nextUp(edge);
                case 5 -> Math.nextDown(edge);
                case 6 -> rng.nextInt(256) / 255f; // a bin's middle, as a grey byte over 255
                case 7 -> (float) (-rng.nextDouble() * Math.pow(10, rng.nextInt(-8, 8)));
                case 8 -> (float) (1 + rng.nextDouble() * Math.pow(10, rng.nextInt(-8, 30)));
                case 9 -> new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, -0f, 0f,
                    Float.MIN_VALUE, Float.MAX_VALUE}[rng.nextInt(7)];
                default -> v[Math.max(0, i - 1 - rng.nextInt(3))]; // runs of one value, as a background makes
            };
        }
        return v;
    }

    @Test
    void everyValuesBinIsTheTwins() {
        float[] v = values(Seeds.random("unit bins: bin"), 200_000);
        for (float x : v) {
            assertEquals(UnitBinsRef.bin(x), UnitBins.bin(x), "bin of " + x + " (bits " + Float.floatToIntBits(x) + ")");
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 3, 7, 8, 15, 16, 17, 33, 100, 255, 4032})
    void everyBinsCountAndSumAreTheTwins(int n) {
        float[] v = values(Seeds.random("unit bins " + n), n + 5);
        for (int b = 0; b < UnitBins.BINS; b++) {
            assertEquals(UnitBinsRef.count(v, n, b), UnitBins.count(v, n, b), "count of bin " + b + " over " + n);
            if (b > 0 && b < UnitBins.BINS - 1) {
                assertEquals(Double.doubleToLongBits(UnitBinsRef.sum(v, n, b)), Double.doubleToLongBits(UnitBins.sum(v, n, b)),
                        "sum of bin " + b + " over " + n);
            }
        }
    }

    /** A background's bin holding most values, as the filter's check sees it: counts and sums at every width. */
    @Test
    void aBackgroundsBinIsCountedAndSummed() {
        SplittableRandom rng = Seeds.random("unit bins: background");
        for (int trial = 0; trial < 50; trial++) {
            int n = 1 + rng.nextInt(4096);
            float background = rng.nextInt(256) / 255f;
            float[] v = new float[n];
            for (int i = 0; i < n; i++) {
                v[i] = rng.nextInt(10) == 0 ? (float) rng.nextDouble() : Math.nextUp(background) - (rng.nextInt(3) - 1) * 1e-4f;
            }
            int b = UnitBinsRef.bin(background);
            assertEquals(UnitBinsRef.count(v, n, b), UnitBins.count(v, n, b), "trial " + trial);
            if (b > 0 && b < UnitBins.BINS - 1) {
                assertEquals(UnitBinsRef.sum(v, n, b), UnitBins.sum(v, n, b), 0, "trial " + trial);
            }
        }
    }

    @Test
    void binsOutsideTheRangeAndShortArraysAreRefused() {
        float[] v = new float[8];
        assertThrows(IllegalArgumentException.class, () -> UnitBins.count(v, 8, -1));
        assertThrows(IllegalArgumentException.class, () -> UnitBins.count(v, 8, 256));
        assertThrows(IllegalArgumentException.class, () -> UnitBins.sum(v, 8, 0));
        assertThrows(IllegalArgumentException.class, () -> UnitBins.sum(v, 8, 255));
        assertThrows(IndexOutOfBoundsException.class, () -> UnitBins.count(v, 9, 3));
        assertThrows(IndexOutOfBoundsException.class, () -> UnitBins.sum(v, 9, 3));
    }
}
