package a3c.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import a3c.kernels.check.Comparison;
import a3c.kernels.check.GradCheck;
import a3c.kernels.check.PoolCases;
import a3c.kernels.check.SimdCase;
import a3c.kernels.testing.Seeds;

class MaxPool2dTest {
    @Tag("simd")
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        // the seed network's pool, and the same on odd sizes (SAME pads bottom and right)
        "20x20x16>10x10 p2s2 same | 1", "20x20x16>10x10 p2s2 same | 5", "20x20x16>10x10 p2s2 same | 20",
        "21x21x16>11x11 p2s2 same | 3", "9x7x16>5x4 p2s2 same | 1",
        // awkward channels, overlapping windows (padding on every side), VALID, strides past the window
        "5x5x1>3x3 p2s2 same | 3", "7x6x3>7x6 p3s1 same | 1", "8x9x5>3x4 p3s2 valid | 3",
        "6x6x7>2x2 p3x2s3 valid | 20", "11x10x13>4x4 p2x3s3 same | 1", "5x5x17>5x5 p1s1 valid | 3",
        "10x9x33>5x5 p4s2 same | 3", "4x4x8>2x2 p1s3 valid | 1",
    })
    void simdMatchesReference(String shape, int n) {
        SimdCase c = PoolCases.simd(PoolShape.parse(shape), n, Seeds.random("pool simd " + shape + " n=" + n));
        for (Comparison cmp : GradCheck.simd(c, GradCheck.unitTestTolerance(c))) {
            assertTrue(cmp.passed(), cmp.line());
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "4x4x3>2x2 p2s2 same | 2", "5x5x2>3x3 p2s2 same | 1", "5x4x3>5x4 p3s1 same | 1",
        "7x7x2>3x3 p3s2 valid | 2",
    })
    void referenceBackwardMatchesFiniteDifferences(String shape, int n) {
        SplittableRandom rng = Seeds.random("pool fd " + shape + " n=" + n);
        for (Comparison cmp : GradCheck.finiteDifferences(PoolCases.grad(PoolShape.parse(shape), n, rng), rng)) {
            assertTrue(cmp.passed(), cmp.line());
        }
    }

    @Test
    void sameShapePadsBottomAndRightOnOddSizes() {
        PoolShape seed = new PoolShape(20, 20, 16, 2, 2, 2, PoolShape.Padding.SAME);
        assertEquals(10, seed.outH());
        assertEquals(0, seed.padTop());
        assertEquals("20x20x16>10x10 p2s2 same", seed.toString());
        PoolShape odd = PoolShape.parse("21x21x16>11x11 p2s2 same");
        assertEquals(0, odd.padTop());
        assertEquals(0, odd.padLeft());
        PoolShape wide = PoolShape.parse("7x6x3>7x6 p3s1 same");
        assertEquals(1, wide.padTop());
        assertEquals(wide, PoolShape.parse(wide.toString()));
        assertThrows(IllegalArgumentException.class, () -> PoolShape.parse("20x20x16>9x9 p2s2 same"));
        assertThrows(IllegalArgumentException.class, () -> new PoolShape(2, 2, 1, 3, 3, 1, PoolShape.Padding.VALID));
    }
}
