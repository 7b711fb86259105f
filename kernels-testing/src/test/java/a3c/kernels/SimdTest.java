package a3c.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import jdk.incubator.vector.FloatVector;

@Tag("simd")
class SimdTest {
    @Test
    void speciesFollowsTheForcedWidth() {
        String bits = System.getProperty("a3c.vector.bits");
        int expected = bits == null ? FloatVector.SPECIES_PREFERRED.vectorBitSize() : Integer.parseInt(bits);
        System.out.println("kernels run with " + Simd.SPECIES);
        assertEquals(expected, Simd.SPECIES.vectorBitSize());
        assertEquals(expected / Float.SIZE, Simd.LANES);
    }

    /**
     * {@link Simd#HALVINGS} sums a vector by one fixed tree: lane i plus lane i + L/2, then those pairs by L/4, and
     * so on. The same tree written out in scalars gives the same float, bit for bit, for random vectors.
     */
    @Test
    void halvingsSumByAFixedTree() {
        java.util.SplittableRandom rng = new java.util.SplittableRandom(7);
        for (int trial = 0; trial < 1000; trial++) {
            float[] lanes = new float[Simd.LANES];
            for (int i = 0; i < lanes.length; i++) {
                lanes[i] = (float) (rng.nextGaussian() * Math.pow(10, rng.nextInt(-3, 4)));
            }
            FloatVector v = FloatVector.fromArray(Simd.SPECIES, lanes, 0);
            for (jdk.incubator.vector.VectorShuffle<Float> h : Simd.HALVINGS) {
                v = v.add(v.rearrange(h));
            }
            float[] tree = lanes.clone();
            for (int width = tree.length / 2; width >= 1; width /= 2) {
                for (int i = 0; i < width; i++) {
                    tree[i] = tree[i] + tree[i + width];
                }
            }
            assertEquals(Float.floatToRawIntBits(tree[0]), Float.floatToRawIntBits(v.lane(0)), "trial " + trial);
        }
    }

    @Test
    void refusesWidthsThatAreNotVectorSizes() {
        assertThrows(IllegalArgumentException.class, () -> Simd.chooseSpecies("100"));
    }
}
