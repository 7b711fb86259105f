package a3c.kernels.check;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import a3c.kernels.ConvShape;
import a3c.kernels.PoolShape;

/**
 * Every kernel's gradient-check and SIMD cases, at the real A3C shapes and at awkward ones: what the
 * gradient-check tool runs. Unit tests use the per-operation case classes directly.
 */
public final class KernelCases {
    /** ff conv1, ff conv2, seed conv1, seed conv2. */
    private static final String[] REAL_CONVS = {
        "84x84x4>20x20x16 k8s4", "20x20x16>9x9x32 k4s2", "84x84x1>20x20x16 k8s4", "10x10x16>4x4x32 k4s2"};
    /** Channel counts off the vector length, non-square kernels, strides that leave rows unread. */
    private static final String[] AWKWARD_CONVS = {
        "5x5x1>5x5x1 k1s1", "7x9x3>3x4x5 k3s2", "11x13x5>5x6x17 k3x2s2", "9x9x13>3x3x33 k4s2", "6x7x17>5x6x7 k2s1",
        "12x10x7>4x3x16 k5s2", "10x10x2>4x4x12 k4s2", "9x9x4>2x2x24 k4s4", "19x15x8>4x3x16 k8s3"};
    /** Odd sizes under SAME, overlapping windows, VALID with leftovers, awkward channel counts. */
    private static final String[] AWKWARD_POOLS = {
        "21x21x16>11x11 p2s2 same", "5x5x1>3x3 p2s2 same", "7x6x3>7x6 p3s1 same", "8x9x5>3x4 p3s2 valid",
        "11x10x13>4x4 p2x3s3 same", "10x9x33>5x5 p4s2 same"};

    private KernelCases() {
    }

    /** Reference backward against finite differences: small shapes (every entry of small tensors is checked). */
    public static List<GradCase> gradCases(SplittableRandom rng) {
        List<GradCase> cases = new ArrayList<>();
        cases.add(ReluCases.grad(37, rng));
        cases.add(EluCases.grad(37, rng));
        cases.add(PadCases.grad(a3c.kernels.PadShape.same(5, 6, 2, 3, 2), 2, rng));
        // conv2d and max-pool: small shapes with odd kernels, strides, channel counts and SAME padding
        for (String shape : new String[] {"4x4x1>3x3x2 k2s1", "5x6x3>2x2x4 k3s2", "7x5x2>3x2x3 k3x2s2"}) {
            cases.add(ConvCases.grad(ConvShape.parse(shape), 2, rng));
        }
        for (String shape : new String[] {"4x4x3>2x2 p2s2 same", "5x5x2>3x3 p2s2 same", "5x4x3>5x4 p3s1 same",
                                          "7x7x2>3x3 p3s2 valid"}) {
            cases.add(PoolCases.grad(PoolShape.parse(shape), 2, rng));
        }
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
            cases.add(EluCases.simd(n, rng));
            cases.add(PadCases.simd(a3c.kernels.PadShape.same(13, 17, 3, 3, 2), n, rng));
        }
        // conv2d and max-pool: the real A3C shapes at the engine's batch sizes, awkward ones at 1, 3 and 20
        for (int n : new int[] {1, 5, 20}) {
            for (String shape : REAL_CONVS) {
                cases.add(ConvCases.simd(ConvShape.parse(shape), n, rng));
            }
            cases.add(PoolCases.simd(PoolShape.parse("20x20x16>10x10 p2s2 same"), n, rng));
        }
        for (int n : new int[] {1, 3, 20}) {
            for (String shape : AWKWARD_CONVS) {
                cases.add(ConvCases.simd(ConvShape.parse(shape), n, rng));
            }
            for (String shape : AWKWARD_POOLS) {
                cases.add(PoolCases.simd(PoolShape.parse(shape), n, rng));
            }
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
        for (int[][] shapes : new int[][][] {denseReal, awkward}) {
            for (int[] s : shapes) {
                cases.add(DenseCases.sparse(1, s[0], s[1], 0.5, rng)); // acting after a ReLU: one game
                cases.add(DenseCases.sparse(4, s[0], s[1], 0.5, rng)); // and four
                cases.add(DenseCases.sparseBackward(20, s[0], s[1], 0.5, rng)); // its update
            }
        }
        cases.add(LstmCases.bptt(20, 256, 256, rng));
        cases.add(LstmCases.bptt(5, 13, 17, rng));
        for (int n : new int[] {1, 3, 20}) {
            for (int[] s : awkward) {
                cases.add(DenseCases.simd(n, s[0], s[1], rng));
                cases.add(LstmCases.simd(n, s[0], s[1], rng));
                cases.add(SoftmaxCases.simd(n, s[1], rng));
            }
        }
        for (int floats : new int[] {1, 3, 13, 17, 33, 100, 207, 1_200_000, 1_200_007}) {
            cases.add(RmsPropCases.rmsProp(floats, 1.0, rng));
            cases.add(RmsPropCases.rmsProp(floats, 0.37, rng));
            cases.add(AdamCases.adam(floats, 1.0, 1, rng));
            cases.add(AdamCases.adam(floats, 0.37, 1000, rng));
            cases.add(GradientNormCases.clip(floats, 0.5, rng));
            cases.add(GradientNormCases.clip(floats, 2, rng));
        }
    }
}
