package a3c.kernels;

import java.util.Objects;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Values over [0, 1] in the 256 bins of a byte's grey levels: {@code bin(v) = clamp(round(v * 255), 0, 255)} with
 * halves rounded up, NaN and everything below 0.5/255 in bin 0, everything from 254.5/255 up (infinity too) in bin
 * 255. {@link #count} and {@link #sum} look at one bin by a vector pass: the background subtraction asks whether the
 * bin it found last step still holds most of the frame, which settles the fullest bin without a histogram.
 *
 * <p>With {@code y = v * 255f} (the float product), a bin b from 1 to 254 holds exactly the v with
 * {@code b - 0.5 <= y < b + 0.5}: {@code (int) y} and the fraction {@code y - (int) y} (exact below 256) round a
 * half up, as that interval does; bin 255 holds {@code y >= 254.5}, bin 0 the rest. So the vector passes compare y
 * with two bounds and never convert to int (the JDK's vector conversions of NaN and of values past int's range
 * are a question this way never asks).
 */
public final class UnitBins {
    /** Bins over [0, 1]. */
    public static final int BINS = 256;

    private static final VectorSpecies<Float> S = Simd.SPECIES;
    /** Doubles of the same width: each float vector becomes two of them. */
    private static final VectorSpecies<Double> D = VectorSpecies.of(double.class, S.vectorShape());
    private static final int L = Simd.LANES;

    private UnitBins() {
    }

    /** The bin of v, without {@code Math.round}'s branch on the exponent (which black and grey values take apart). */
    public static int bin(float v) {
        float y = Math.min(v * (BINS - 1), BINS);
        int whole = (int) y;
        return Math.clamp(whole + (y - whole >= 0.5f ? 1 : 0), 0, BINS - 1);
    }

    /** How many of {@code v[0..n)} fall in bin b (0 to 255). */
    public static int count(float[] v, int n, int b) {
        checkBin(b, 0);
        Objects.checkFromIndexSize(0, n, v.length);
        // the vector body counts the lanes in [lo, hi): bin b's interval, or for bin 0 the rest (from 0.5 up, NaN
        // outside it), taken from the lanes counted; a NaN bound compares false, so [lo, NaN) has no upper end
        float lo = b == 0 ? 0.5f : b - 0.5f;
        float hi = b == 0 || b == BINS - 1 ? Float.NaN : b + 0.5f;
        int c = 0, i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector y = FloatVector.fromArray(S, v, i).mul(BINS - 1);
            c += y.compare(VectorOperators.GE, lo).andNot(y.compare(VectorOperators.GE, hi)).trueCount();
        }
        if (b == 0) {
            c = i - c;
        }
        // scalar tail
        for (; i < n; i++) {
            c += bin(v[i]) == b ? 1 : 0;
        }
        return c;
    }

    /**
     * The sum of the {@code v[0..n)} in bin b, from 1 to 254, as a double; n below 2^21. Exact, so any order gives
     * it: those bins hold floats in [2^-9, 1), multiples of 2^-32, and fewer than 2^21 of them sum below 2^21, so
     * every partial sum is a multiple of 2^-32 below 2^21, which a double holds (53 bits). Bin 0 and bin 255 (which
     * holds everything above 1) are refused: there the sum could round, and its order would matter.
     */
    public static double sum(float[] v, int n, int b) {
        checkBin(b, 1);
        Objects.checkFromIndexSize(0, n, v.length);
        if (n >= 1 << 21) {
            throw new IllegalArgumentException("n=" + n + ": the sum is exact only below 2^21 values");
        }
        float lo = b - 0.5f, hi = b + 0.5f;
        DoubleVector acc = DoubleVector.zero(D);
        FloatVector zero = FloatVector.zero(S);
        int i = 0;
        // vector body: the values outside the bin become +0, and each half of the vector is added in double
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector x = FloatVector.fromArray(S, v, i);
            FloatVector y = x.mul(BINS - 1);
            FloatVector kept = zero.blend(x, y.compare(VectorOperators.GE, lo).andNot(y.compare(VectorOperators.GE, hi)));
            acc = acc.add(kept.convertShape(VectorOperators.F2D, D, 0)).add(kept.convertShape(VectorOperators.F2D, D, 1));
        }
        double s = acc.reduceLanes(VectorOperators.ADD);
        // scalar tail
        for (; i < n; i++) {
            s += bin(v[i]) == b ? v[i] : 0;
        }
        return s;
    }

    private static void checkBin(int b, int edge) {
        if (b < edge || b > BINS - 1 - edge) {
            throw new IllegalArgumentException("bin " + b + " is outside " + edge + ".." + (BINS - 1 - edge));
        }
    }
}
