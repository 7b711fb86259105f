package a3c.atari.pipeline;

/**
 * Area-averaging weights along one axis, {@code n} source pixels onto {@code m} output pixels.
 *
 * <p>Output pixel {@code i} covers the source interval {@code [i*n/m, (i+1)*n/m)}; each source pixel
 * {@code j} it overlaps contributes {@code overlap / (n/m)}. Overlaps are computed in integers (units of
 * {@code 1/m} of a pixel), so the weights of every output sum to exactly the overlap fractions, with no
 * slivers from rounding. This is OpenCV's {@code INTER_AREA} for shrinking.
 *
 * <pre>
 * n=5, m=2:   source |  0  |  1  |  2  |  3  |  4  |
 *             output |     0     :     1     |
 *             out0 = (s0 + s1 + s2/2) / 2.5,  out1 = (s2/2 + s3 + s4) / 2.5
 * </pre>
 */
final class AxisTaps {
    /** First source pixel of each output. */
    final int[] first;
    /** Source pixels each output reads (at most {@link #width}). */
    final int[] count;
    /** Weights, {@code [output * width + k]} for source pixel {@code first[output] + k}. */
    final float[] weights;
    /** The largest count. */
    final int width;

    AxisTaps(int n, int m, double scale) {
        if (m > n) {
            throw new IllegalArgumentException("area resize only shrinks: " + n + " -> " + m);
        }
        first = new int[m];
        count = new int[m];
        width = (n + m - 1) / m + 1;
        weights = new float[m * width];
        for (int i = 0; i < m; i++) {
            long start = (long) i * n;
            long end = (long) (i + 1) * n;
            int j0 = (int) (start / m);
            int j1 = (int) ((end + m - 1) / m);
            first[i] = j0;
            count[i] = j1 - j0;
            for (int j = j0; j < j1; j++) {
                long overlap = Math.min((long) (j + 1) * m, end) - Math.max((long) j * m, start);
                weights[i * width + (j - j0)] = (float) (scale * overlap / n);
            }
        }
    }
}
