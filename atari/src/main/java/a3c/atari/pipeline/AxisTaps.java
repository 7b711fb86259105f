package a3c.atari.pipeline;

/**
 * The weights of a linear resize along one axis, {@code n} source pixels onto {@code m} output pixels: output
 * {@code i} is {@code sum_k weights[i * width + k] * source[first[i] + k]} for {@code k < count[i]}.
 *
 * <p>{@link #area}: output pixel {@code i} covers the source interval {@code [i*n/m, (i+1)*n/m)}; each source
 * pixel {@code j} it overlaps contributes {@code overlap / (n/m)}. Overlaps are computed in integers (units of
 * {@code 1/m} of a pixel), so the weights of every output sum to exactly the overlap fractions, with no
 * slivers from rounding. This is OpenCV's {@code INTER_AREA} for shrinking.
 *
 * <pre>
 * n=5, m=2:   source |  0  |  1  |  2  |  3  |  4  |
 *             output |     0     :     1     |
 *             out0 = (s0 + s1 + s2/2) / 2.5,  out1 = (s2/2 + s3 + s4) / 2.5
 * </pre>
 *
 * <p>{@link #bilinear}: OpenCV's {@code INTER_LINEAR} (the default of {@code cv2.resize}): output {@code i}
 * samples the source at {@code (i + 0.5) * n / m - 0.5} between its two neighbours, clamped at the edges.
 * {@link #then} chains two resizes into one (universe-starter-agent's 160 -&gt; 80 -&gt; 42), {@link #shifted}
 * moves the taps past a crop.
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
    /** Source pixels (the weights' domain). */
    private final int sources;

    private AxisTaps(int sources, int[] first, int[] count, float[] weights, int width) {
        this.sources = sources;
        this.first = first;
        this.count = count;
        this.weights = weights;
        this.width = width;
    }

    /** Area averaging of {@code n} pixels onto {@code m <= n}, every weight times {@code scale}. */
    static AxisTaps area(int n, int m, double scale) {
        if (m > n) {
            throw new IllegalArgumentException("area resize only shrinks: " + n + " -> " + m);
        }
        int[] first = new int[m];
        int[] count = new int[m];
        int width = (n + m - 1) / m + 1;
        float[] weights = new float[m * width];
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
        return new AxisTaps(n, first, count, weights, width);
    }

    /** OpenCV's bilinear resize of {@code n} pixels onto {@code m}, as dense weights ({@code m x n}). */
    private static double[][] bilinearMatrix(int n, int m) {
        double[][] w = new double[m][n];
        double scale = (double) n / m;
        for (int i = 0; i < m; i++) {
            double at = (i + 0.5) * scale - 0.5;
            int j = (int) Math.floor(at);
            double frac = at - j;
            if (j < 0) {
                j = 0;
                frac = 0;
            }
            if (j >= n - 1) {
                j = n - 1;
                frac = 0;
            }
            w[i][j] += 1 - frac;
            if (frac > 0) {
                w[i][j + 1] += frac;
            }
        }
        return w;
    }

    /** OpenCV's {@code INTER_LINEAR} resize of {@code n} pixels onto {@code m}. */
    static AxisTaps bilinear(int n, int m) {
        return of(bilinearMatrix(n, m));
    }

    /** This resize followed by {@code next} (whose source is this one's output). */
    AxisTaps then(AxisTaps next) {
        if (next.sources != first.length) {
            throw new IllegalArgumentException("a resize onto " + first.length + " pixels followed by one from " + next.sources);
        }
        double[][] composed = new double[next.first.length][sources];
        for (int i = 0; i < next.first.length; i++) {
            for (int k = 0; k < next.count[i]; k++) {
                int t = next.first[i] + k;
                double wt = next.weights[i * next.width + k];
                for (int q = 0; q < count[t]; q++) {
                    composed[i][first[t] + q] += wt * weights[t * width + q];
                }
            }
        }
        return of(composed);
    }

    /** The same weights, every one times {@code scale}. */
    AxisTaps scaled(double scale) {
        float[] w = weights.clone();
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) (w[i] * scale);
        }
        return new AxisTaps(sources, first, count, w, width);
    }

    /** The same resize reading source pixels {@code offset ..} of a source of {@code total} pixels (a crop). */
    AxisTaps shifted(int offset, int total) {
        if (offset < 0 || offset + sources > total) {
            throw new IllegalArgumentException("pixels " + offset + " .. " + (offset + sources) + " do not fit in " + total);
        }
        int[] f = first.clone();
        for (int i = 0; i < f.length; i++) {
            f[i] += offset;
        }
        return new AxisTaps(total, f, count, weights, width);
    }

    /** Dense weights ({@code outputs x sources}) to taps: each output's span of non-zero weights. */
    private static AxisTaps of(double[][] dense) {
        int m = dense.length;
        int n = dense[0].length;
        int[] first = new int[m];
        int[] count = new int[m];
        int width = 1;
        for (int i = 0; i < m; i++) {
            int lo = 0;
            while (lo < n - 1 && dense[i][lo] == 0) {
                lo++;
            }
            int hi = n - 1;
            while (hi > lo && dense[i][hi] == 0) {
                hi--;
            }
            first[i] = lo;
            count[i] = hi - lo + 1;
            width = Math.max(width, count[i]);
        }
        float[] weights = new float[m * width];
        for (int i = 0; i < m; i++) {
            for (int k = 0; k < count[i]; k++) {
                weights[i * width + k] = (float) dense[i][first[i] + k];
            }
        }
        return new AxisTaps(n, first, count, weights, width);
    }
}
