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

    @Test
    void refusesWidthsThatAreNotVectorSizes() {
        assertThrows(IllegalArgumentException.class, () -> Simd.chooseSpecies("100"));
    }
}
