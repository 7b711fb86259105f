package a3c.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WeightPanelsTest {
    @ParameterizedTest
    @CsvSource({"1, 1", "3, 7", "5, 64", "7, 65", "13, 207", "2, 256", "3, 1024"})
    void everyWeightHasItsOwnPlace(int in, int out) {
        boolean[] seen = new boolean[in * out];
        for (int i = 0; i < in; i++) {
            for (int o = 0; o < out; o++) {
                long at = WeightPanels.index(in, out, i, o);
                assertTrue(at >= 0 && at < seen.length && !seen[(int) at], "w[" + i + "," + o + "] at " + at);
                seen[(int) at] = true;
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"1, 1", "3, 7", "9, 64"})
    void narrowWeightsAreInputMajor(int in, int out) {
        for (int i = 0; i < in; i++) {
            for (int o = 0; o < out; o++) {
                assertEquals((long) i * out + o, WeightPanels.index(in, out, i, o));
            }
        }
    }
}
