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
        // dense, LSTM cell, softmax/log-softmax/entropy
        cases.add(DenseCases.grad(3, 5, 7, rng));
        cases.add(DenseCases.grad(2, 9, 70, rng));
        cases.add(LstmCases.grad(2, 3, 5, rng));
        cases.add(LstmCases.grad(3, 5, 2, rng));
        cases.add(SoftmaxCases.grad(3, 7, rng));
        cases.add(SoftmaxCases.grad(2, 19, rng));
        return cases;
    }

    /** SIMD against reference: real A3C shapes and awkward ones. */
    public static List<SimdCase> simdCases(SplittableRandom rng) {
        List<SimdCase> cases = new ArrayList<>();
        for (int n : new int[] {1, 3, 13, 17, 33, 100, 207, 6400}) {
            cases.add(ReluCases.simd(n, rng));
        }
        addDenseLstmSoftmaxOptimizer(cases, rng);
        return cases;
    }

    /** Dense, LSTM, softmax, RMSProp and clipping: real shapes at batch 1, 5, 20; awkward ones at 1, 3, 20. */
    private static void addDenseLstmSoftmaxOptimizer(List<SimdCase> cases, SplittableRandom rng) {
        int[][] denseReal = {{2592, 256}, {512, 256}, {256, 256}, {256, 7}, {256, 5}, {256, 19}};
        int[][] awkward = {{1, 1}, {3, 7}, {7, 13}, {13, 17}, {17, 33}, {33, 100}, {100, 207}, {207, 3}, {65, 129}};
        for (int n : new int[] {1, 5, 20}) {
            for (int[] s : denseReal) {
                cases.add(DenseCases.simd(n, s[0], s[1], rng));
            }
            cases.add(LstmCases.simd(n, 256, 256, rng));
            cases.add(SoftmaxCases.simd(n, 7, rng));
            cases.add(SoftmaxCases.simd(n, 5, rng));
            cases.add(SoftmaxCases.simd(n, 18, rng));
        }
        for (int n : new int[] {1, 3, 20}) {
            for (int[] s : awkward) {
                cases.add(DenseCases.simd(n, s[0], s[1], rng));
                cases.add(LstmCases.simd(n, s[0], s[1], rng));
                cases.add(SoftmaxCases.simd(n, s[1], rng));
            }
        }
        for (int floats : new int[] {1, 3, 13, 17, 33, 100, 207, 1_200_000, 1_200_007}) {
            cases.add(RmsPropCases.rmsProp(floats, rng));
            cases.add(GradientNormCases.clip(floats, 0.5, rng));
            cases.add(GradientNormCases.clip(floats, 2, rng));
        }
    }
}
