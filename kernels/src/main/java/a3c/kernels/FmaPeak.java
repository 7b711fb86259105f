package a3c.kernels;

import jdk.incubator.vector.FloatVector;

/**
 * The roofline every kernel is quoted against: independent FMA chains on the kernels' own species, as
 * many as it takes to keep both FMA pipes busy through their latency (2 pipes x 4-5 cycles < 12 chains),
 * touching no memory.
 */
public final class FmaPeak {
    /** Independent accumulator chains. */
    public static final int CHAINS = 12;

    private FmaPeak() {
    }

    /** Floating-point operations one iteration performs: CHAINS fused multiply-adds of LANES floats. */
    public static long flopsPerIteration() {
        return 2L * CHAINS * Simd.LANES;
    }

    /** Runs {@code iterations} rounds of CHAINS FMAs; returns a value the caller must consume. */
    public static float run(long iterations, float seed) {
        FloatVector m = Simd.broadcast(0.999_999f);
        FloatVector c = Simd.broadcast(1e-7f);
        FloatVector a0 = Simd.broadcast(seed);
        FloatVector a1 = a0.add(c), a2 = a1.add(c), a3 = a2.add(c), a4 = a3.add(c), a5 = a4.add(c);
        FloatVector a6 = a5.add(c), a7 = a6.add(c), a8 = a7.add(c), a9 = a8.add(c), a10 = a9.add(c), a11 = a10.add(c);
        for (long i = 0; i < iterations; i++) {
            a0 = Simd.fma(a0, m, c);
            a1 = Simd.fma(a1, m, c);
            a2 = Simd.fma(a2, m, c);
            a3 = Simd.fma(a3, m, c);
            a4 = Simd.fma(a4, m, c);
            a5 = Simd.fma(a5, m, c);
            a6 = Simd.fma(a6, m, c);
            a7 = Simd.fma(a7, m, c);
            a8 = Simd.fma(a8, m, c);
            a9 = Simd.fma(a9, m, c);
            a10 = Simd.fma(a10, m, c);
            a11 = Simd.fma(a11, m, c);
        }
        FloatVector s = a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9).add(a10).add(a11);
        return Simd.sum(s);
    }
}
