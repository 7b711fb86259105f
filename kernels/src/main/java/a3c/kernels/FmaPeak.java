package a3c.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The roofline every kernel is quoted against: independent FMA chains on the kernels' own species, as
 * many as it takes to keep both FMA pipes busy through their latency (2 pipes x 4-5 cycles < 12 chains),
 * touching no memory.
 */
public final class FmaPeak {
    /** Independent accumulator chains. */
    public static final int CHAINS = 12;

    private static final VectorSpecies<Float> S = Simd.SPECIES;

    private FmaPeak() {
    }

    /** Floating-point operations one iteration performs: CHAINS fused multiply-adds of LANES floats. */
    public static long flopsPerIteration() {
        return 2L * CHAINS * Simd.LANES;
    }

    /** Runs {@code iterations} rounds of CHAINS FMAs; returns a value the caller must consume. */
    public static float run(long iterations, float seed) {
        FloatVector m = FloatVector.broadcast(S, 0.999_999f);
        FloatVector c = FloatVector.broadcast(S, 1e-7f);
        FloatVector a0 = FloatVector.broadcast(S, seed);
        FloatVector a1 = a0.add(c), a2 = a1.add(c), a3 = a2.add(c), a4 = a3.add(c), a5 = a4.add(c);
        FloatVector a6 = a5.add(c), a7 = a6.add(c), a8 = a7.add(c), a9 = a8.add(c), a10 = a9.add(c), a11 = a10.add(c);
        for (long i = 0; i < iterations; i++) {
            a0 = a0.fma(m, c);
            a1 = a1.fma(m, c);
            a2 = a2.fma(m, c);
            a3 = a3.fma(m, c);
            a4 = a4.fma(m, c);
            a5 = a5.fma(m, c);
            a6 = a6.fma(m, c);
            a7 = a7.fma(m, c);
            a8 = a8.fma(m, c);
            a9 = a9.fma(m, c);
            a10 = a10.fma(m, c);
            a11 = a11.fma(m, c);
        }
        FloatVector s = a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9).add(a10).add(a11);
        return s.reduceLanes(VectorOperators.ADD);
    }
}
