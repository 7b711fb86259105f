package a3c.tools.gradcheck;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import a3c.engine.net.Initializer;
import a3c.engine.net.NetSpec;
import a3c.engine.net.Network;
import a3c.engine.train.RolloutLoss;
import a3c.kernels.check.Comparison;
import a3c.kernels.check.GradCheck;
import a3c.kernels.memory.FloatArena;
import a3c.kernels.memory.Layout;

/**
 * The full A3C loss through a network over one rollout, end to end: the double-precision
 * {@link ReferenceNetwork}'s gradients against central finite differences of its loss (sampled entries of
 * every parameter tensor), then the engine's float {@link Network} with {@link RolloutLoss} (the code the
 * workers run) against the reference: values, log-probabilities and every parameter gradient.
 *
 * <p>Recurrent networks first run a few warm-up steps, so the rollout starts from a carried, non-zero LSTM
 * state; the rollout either ends in a terminal state or bootstraps from the value after its last step.
 */
final class NetworkCheck {
    static final double GAMMA = 0.99;
    static final float BETA = 0.01f;
    static final float VALUE_WEIGHT = 0.5f;
    /**
     * Finite-difference step for whole networks. Their loss sums many steps (|L| of 10 to 100), so the
     * rounding of a difference, ~1e-16 |L| / h, calls for a larger step than the kernels' 1e-5; entries
     * whose step would cross a ReLU or pool kink are skipped instead (see {@link #finiteDifferences}). At 1e-4
     * the worst error of every network here is ~2.5e-7; at 1e-3 truncation (~h^2) pushes it to ~2e-5.
     */
    static final double STEP = 1e-4;

    private NetworkCheck() {
    }

    /**
     * @param samples entries per tensor checked by finite differences
     */
    static List<Comparison> run(NetSpec spec, int steps, int warmup, boolean terminal, int samples, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int obs = spec.inputSize();
        double[][] warm = new double[warmup][];
        double[][] observations = new double[steps + 1][];
        for (int t = 0; t < warmup; t++) {
            warm[t] = uniform01(rng, obs);
        }
        for (int t = 0; t <= steps; t++) {
            observations[t] = uniform01(rng, obs);
        }
        int[] actions = new int[steps];
        float[] rewards = new float[steps];
        for (int t = 0; t < steps; t++) {
            actions[t] = rng.nextInt(spec.actions());
            rewards[t] = rng.nextInt(3) - 1;
        }
        String name = spec.name() + " (" + steps + " steps" + (warmup > 0 ? " after " + warmup + " warm-up" : "")
                + (terminal ? ", terminal" : ", bootstrapped") + ")";

        try (FloatArena init = new FloatArena(spec.layout());
             Network net = new Network(spec, Math.max(steps, Math.max(warmup, 1)))) {
            Initializer.initialize(spec, init, seed);
            spreadHeads(spec, init, rng);
            Map<String, double[]> params = toDouble(init);

            // ---- reference: returns and advantages from its own values, then held constant ----
            ReferenceNetwork ref = new ReferenceNetwork(spec, params);
            if (warmup > 0) {
                ref.warmUp(warm);
            }
            double[] v = ref.values(observations, steps);
            double bootstrap = terminal ? 0 : ref.bootstrapValue(observations, steps);
            double[] returns = new double[steps];
            double[] advantages = new double[steps];
            double r = bootstrap;
            for (int t = steps - 1; t >= 0; t--) {
                r = rewards[t] + GAMMA * r;
                returns[t] = r;
                advantages[t] = r - v[t];
            }
            double[] rewardsD = new double[steps];
            for (int t = 0; t < steps; t++) {
                rewardsD[t] = rewards[t];
            }
            ReferenceNetwork.Rollout rollout = new ReferenceNetwork.Rollout(observations, actions, returns, advantages, BETA, VALUE_WEIGHT);
            Map<String, double[]> refGrads = ref.gradients(rollout);

            List<Comparison> lines = new ArrayList<>();
            lines.addAll(finiteDifferences(name, ref, rollout, refGrads, samples, rng));

            // ---- engine: the workers' code path, in float ----
            MemorySegment.copy(init.segment(), 0, net.parameters().segment(), 0, init.segment().byteSize());
            net.resetState();
            for (int t = 0; t < warmup; t++) {
                write(warm[t], net.observation(t));
                net.forward(t);
            }
            if (warmup > 0) {
                net.carryState(warmup - 1);
            }
            float[] values = new float[steps + 1];
            for (int t = 0; t <= steps; t++) {
                write(observations[t], net.observation(t));
            }
            for (int t = 0; t < steps; t++) {
                net.forward(t);
                values[t] = net.value(t);
            }
            if (!terminal) {
                net.forward(steps);
                values[steps] = net.value(steps);
            }
            double[] engineLogp = new double[steps];
            double[] engineValues = new double[steps];
            for (int t = 0; t < steps; t++) {
                engineLogp[t] = net.logProbability(t, actions[t]);
                engineValues[t] = values[t];
            }
            RolloutLoss loss = new RolloutLoss(steps, GAMMA, 1.0, BETA, VALUE_WEIGHT);
            net.zeroGradients();
            loss.backward(net, steps, actions, rewards, values);

            double[][] refOut = ref.outputs(rollout);
            lines.add(Comparison.simd(name + " engine log pi(a) vs reference", refOut[0], engineLogp, GradCheck.SIMD_TOLERANCE));
            lines.add(Comparison.simd(name + " engine V(s) vs reference", refOut[1], engineValues, GradCheck.SIMD_TOLERANCE));
            Map<String, double[]> engineGrads = toDouble(net.gradients());
            for (Map.Entry<String, double[]> e : refGrads.entrySet()) {
                lines.add(Comparison.simd(name + " engine d" + e.getKey() + " vs reference", e.getValue(),
                        engineGrads.get(e.getKey()), GradCheck.SIMD_TOLERANCE));
            }
            return lines;
        }
    }

    /** Sampled central differences of the reference loss, skipping entries whose perturbation crosses a ReLU or pool kink. */
    private static List<Comparison> finiteDifferences(String name, ReferenceNetwork ref, ReferenceNetwork.Rollout rollout,
                                                      Map<String, double[]> grads, int samples, SplittableRandom rng) {
        List<Comparison> lines = new ArrayList<>();
        ref.loss(rollout);
        long base = ref.kinks();
        for (Map.Entry<String, double[]> e : ref.params.entrySet()) {
            double[] p = e.getValue();
            int n = Math.min(samples, p.length);
            double[] fd = new double[n];
            double[] an = new double[n];
            int[] order = sampleOrder(p.length, rng);
            int k = 0;
            for (int j = 0; j < order.length && k < n; j++) {
                int i = order[j];
                double saved = p[i];
                p[i] = saved + STEP;
                double plus = ref.loss(rollout);
                long kPlus = ref.kinks();
                p[i] = saved - STEP;
                double minus = ref.loss(rollout);
                long kMinus = ref.kinks();
                p[i] = saved;
                if (kPlus != base || kMinus != base) {
                    continue; // a ReLU or a pool winner changed inside the step: the loss is not smooth there
                }
                fd[k] = (plus - minus) / (2 * STEP);
                an[k] = grads.get(e.getKey())[i];
                k++;
            }
            lines.add(Comparison.of(name + " reference d" + e.getKey() + " vs finite differences",
                    java.util.Arrays.copyOf(fd, k), java.util.Arrays.copyOf(an, k), GradCheck.FD_TOLERANCE,
                    GradCheck.FD_FLOOR_FRACTION, 1e-8));
        }
        return lines;
    }

    /** Indices in a random order (all of them for small tensors). */
    private static int[] sampleOrder(int n, SplittableRandom rng) {
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = idx[i];
            idx[i] = idx[j];
            idx[j] = t;
        }
        return idx;
    }

    /** Heads with gains that make the policy far from uniform, so the policy gradient is not negligible. */
    static void spreadHeads(NetSpec spec, FloatArena params, SplittableRandom rng) {
        MemorySegment w = params.tensor("heads.w");
        long n = w.byteSize() / Float.BYTES;
        int in = spec.layout().tensor("heads.w").dim(0);
        double bound = 2 / Math.sqrt(in);
        for (long i = 0; i < n; i++) {
            w.setAtIndex(ValueLayout.JAVA_FLOAT, i, (float) (bound * (2 * rng.nextDouble() - 1)));
        }
        MemorySegment b = params.tensor("heads.b");
        for (long i = 0; i < b.byteSize() / Float.BYTES; i++) {
            b.setAtIndex(ValueLayout.JAVA_FLOAT, i, (float) (0.1 * (2 * rng.nextDouble() - 1)));
        }
    }

    static double[] uniform01(SplittableRandom rng, int n) {
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = (float) rng.nextDouble();
        }
        return d;
    }

    static void write(double[] values, MemorySegment dst) {
        for (int i = 0; i < values.length; i++) {
            dst.setAtIndex(ValueLayout.JAVA_FLOAT, i, (float) values[i]);
        }
    }

    /** Every tensor of an arena as doubles, by name (same index layout). */
    static Map<String, double[]> toDouble(FloatArena arena) {
        Map<String, double[]> m = new LinkedHashMap<>();
        Layout layout = arena.layout();
        for (int i = 0; i < layout.tensors().size(); i++) {
            Layout.Tensor t = layout.tensors().get(i);
            MemorySegment s = arena.tensor(i);
            double[] d = new double[t.size()];
            for (int j = 0; j < d.length; j++) {
                d[j] = s.getAtIndex(ValueLayout.JAVA_FLOAT, j);
            }
            m.put(t.name(), d);
        }
        return m;
    }
}
