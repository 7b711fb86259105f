package a3c.kernels;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The functions made of exp, over a row of floats: the LSTM's {@code sigmoid(x) = 1 / (1 + exp(-x))} and
 * {@code tanh(x) = 2 sigmoid(2x) - 1}, and ELU's {@code x > 0 ? x : exp(x) - 1}, with an exp of exact
 * operations only (multiplies, adds, fused multiply-adds, conversions), so that a lane gives the same float
 * whether the loop runs interpreted or compiled. The Vector API's EXP, TANH and EXPM1 do not (the JIT calls
 * SVML, the interpreter Math: on JDK 25, 1.1 %, 0.8 % and 0.08 % of random lanes differ in the last bit), and
 * a run whose kernels are compiled at different moments (the JIT compiles in the background) drifts apart.
 *
 * <p>exp(t): t clamped to [-87, 87] (beyond it the sigmoid is 0 or 1 and ELU -1, to within 1e-38),
 * k = round(t / ln 2) by the 1.5 * 2^23 rounding trick, r = t - k ln 2 in two parts (Cody and Waite), e^r by
 * Cephes' degree-6 polynomial for expf (about 1 ulp on |r| &lt;= ln 2 / 2), times 2^k built in the exponent
 * bits. ELU's exp(x) - 1 loses expm1's relative accuracy near 0 (an absolute error of about 6e-8 there). The
 * scalar tails round {@link Math#exp} and {@link Math#expm1}, which HotSpot evaluates the same way in both
 * modes. No method here takes a vector (see {@link Simd}).
 */
public final class Exponential {
    private static final VectorSpecies<Float> S = Simd.SPECIES;
    private static final ByteOrder ORDER = Simd.ORDER;
    private static final ValueLayout.OfFloat F = Simd.FLOAT;
    private static final int L = Simd.LANES;

    private static final float LIMIT = 87f;
    private static final float LOG2E = 1.44269504088896341f;
    /** 1.5 * 2^23: adding it rounds a float of magnitude below 2^22 to an integer. */
    private static final float ROUNDER = 12582912f;
    private static final float LN2_HI = 0.693359375f;
    private static final float LN2_LO = -2.12194440e-4f;
    private static final float P0 = 1.9875691500e-4f;
    private static final float P1 = 1.3981999507e-3f;
    private static final float P2 = 8.3334519073e-3f;
    private static final float P3 = 4.1665795894e-2f;
    private static final float P4 = 1.6666665459e-1f;
    private static final float P5 = 5.0000001201e-1f;

    private Exponential() {
    }

    /** {@code m[at + i] = sigmoid(m[at + i])} for i &lt; n. */
    public static void sigmoid(MemorySegment m, long at, int n) {
        apply(m, at, m, at, n, -1f, 1f, 0f, false);
    }

    /** {@code dst[dstAt + i] = tanh(src[srcAt + i])} for i &lt; n, as {@code 2 sigmoid(2x) - 1}; dst may be src. */
    public static void tanh(MemorySegment src, long srcAt, MemorySegment dst, long dstAt, int n) {
        apply(src, srcAt, dst, dstAt, n, -2f, 2f, -1f, false);
    }

    /** {@code y[i] = x[i] > 0 ? x[i] : exp(x[i]) - 1} for i &lt; n; y may be x. */
    public static void elu(MemorySegment x, MemorySegment y, int n) {
        apply(x, 0, y, 0, n, 1f, 1f, -1f, true);
    }

    /**
     * e = exp(inScale * src); then {@code dst = scale / (1 + e) + shift}, or with {@code elu}
     * {@code dst = src > 0 ? src : e + shift}, element by element at the same index.
     */
    private static void apply(MemorySegment src, long srcAt, MemorySegment dst, long dstAt, int n, float inScale,
                              float scale, float shift, boolean elu) {
        Bounds.require(src, srcAt + n, "src");
        Bounds.require(dst, dstAt + n, "dst");
        FloatVector one = FloatVector.broadcast(S, 1f);
        FloatVector ln2Hi = FloatVector.broadcast(S, -LN2_HI), ln2Lo = FloatVector.broadcast(S, -LN2_LO);
        FloatVector p2 = FloatVector.broadcast(S, P2), p3 = FloatVector.broadcast(S, P3);
        FloatVector p4 = FloatVector.broadcast(S, P4), p5 = FloatVector.broadcast(S, P5);
        int i = 0;
        // vector body: e = exp(inScale * x) of exact operations, then the function of it
        for (int bound = Simd.loopBound(n); i < bound; i += L) {
            FloatVector x = FloatVector.fromMemorySegment(S, src, 4L * (srcAt + i), ORDER);
            FloatVector t = x.mul(inScale).max(-LIMIT).min(LIMIT);
            FloatVector k = t.fma(LOG2E, ROUNDER).sub(ROUNDER);
            FloatVector r = k.fma(ln2Hi, t);
            r = k.fma(ln2Lo, r);
            FloatVector p = r.fma(P0, P1);
            p = p.fma(r, p2);
            p = p.fma(r, p3);
            p = p.fma(r, p4);
            p = p.fma(r, p5);
            FloatVector e = p.fma(r.mul(r), r).add(one);
            IntVector exponent = ((IntVector) k.convert(VectorOperators.F2I, 0)).add(127).lanewise(VectorOperators.LSHL, 23);
            e = e.mul(exponent.reinterpretAsFloats());
            FloatVector y = elu ? e.add(shift).blend(x, x.compare(VectorOperators.GT, 0f)) : one.div(one.add(e)).fma(scale, shift);
            y.intoMemorySegment(dst, 4L * (dstAt + i), ORDER);
        }
        // scalar tail
        for (; i < n; i++) {
            float x = src.getAtIndex(F, srcAt + i);
            float y = elu ? (x > 0f ? x : (float) Math.expm1(x)) : Math.fma(1f / (1f + (float) Math.exp(inScale * x)), scale, shift);
            dst.setAtIndex(F, dstAt + i, y);
        }
    }
}
