package a3c.kernels.check;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Every kernel's gradient-check and SIMD cases, at the real A3C shapes and at awkward ones: what the
 * gradient-check tool runs. Unit tests use the per-operation case classes directly.
 */
public final class KernelCases {
    private KernelCases() {
    }

    /** Reference backward against finite differences: small shapes (every entry of small tensors is checked). */
    public static List<GradCase> gradCases(SplittableRandom rng) {
        List<GradCase> cases = new ArrayList<>();
        cases.add(ReluCases.grad(37, rng));
        return cases;
    }

    /** SIMD against reference: real A3C shapes and awkward ones. */
    public static List<SimdCase> simdCases(SplittableRandom rng) {
        List<SimdCase> cases = new ArrayList<>();
        for (int n : new int[] {1, 3, 13, 17, 33, 100, 207, 6400}) {
            cases.add(ReluCases.simd(n, rng));
        }
        return cases;
    }
}
