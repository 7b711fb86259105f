package a3c.tools.gradcheck;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
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

/**
 * A batched update ({@code --envs-per-worker}): the engine's network acting for {@link #GAMES} games in lockstep,
 * one of whose episodes ends inside the rollout (the game goes on from a zero state in a new episode) and one at
 * its last step, against the double-precision {@link ReferenceNetwork} run game by game, each game's rollout split
 * at its episode end (a terminal rollout, then one from a zero state, bootstrapped): values, log-probabilities and
 * every parameter gradient (the reference's summed over the pieces). The reference's own gradients are checked
 * against finite differences by {@link NetworkCheck}.
 */
final class BatchedCheck {
    static final int GAMES = 3;

    private BatchedCheck() {
    }

    static List<Comparison> run(NetSpec spec, int steps, long seed) {
        int[] endsAt = {-1, steps / 2, steps - 1};
        SplittableRandom rng = new SplittableRandom(seed);
        int in = spec.inputSize();
        double[][][] obs = new double[GAMES][steps + 1][];
        int[][] actions = new int[GAMES][steps];
        float[][] rewards = new float[GAMES][steps];
        for (int g = 0; g < GAMES; g++) {
            for (int t = 0; t <= steps; t++) {
                obs[g][t] = NetworkCheck.uniform01(rng, in);
            }
            for (int t = 0; t < steps; t++) {
                actions[g][t] = rng.nextInt(spec.actions());
                rewards[g][t] = rng.nextInt(3) - 1;
            }
        }
        String name = spec.name() + " (" + GAMES + " games x " + steps + " steps, batched; episodes end at step " + endsAt[1]
                + " and at the last)";
        try (FloatArena init = new FloatArena(spec.layout()); Network net = new Network(spec, steps, GAMES)) {
            Initializer.initialize(spec, init, seed);
            NetworkCheck.spreadHeads(spec, init, rng);
            Map<String, double[]> params = NetworkCheck.toDouble(init);

            // ---- reference: each game alone, split at its episode's end ----
            Map<String, double[]> refGrads = new LinkedHashMap<>();
            double[] refLogp = new double[steps * GAMES], refValues = new double[steps * GAMES];
            for (int g = 0; g < GAMES; g++) {
                int from = 0;
                while (from < steps) {
                    int end = endsAt[g] >= from ? endsAt[g] : steps - 1;
                    boolean terminal = endsAt[g] == end;
                    int n = end - from + 1;
                    double[][] o = Arrays.copyOfRange(obs[g], from, from + n + 1);
                    ReferenceNetwork ref = new ReferenceNetwork(spec, params); // a zero recurrent state
                    double[] v = ref.values(o, n);
                    double r = terminal ? 0 : ref.bootstrapValue(o, n);
                    double[] returns = new double[n], advantages = new double[n];
                    for (int t = n - 1; t >= 0; t--) {
                        r = rewards[g][from + t] + NetworkCheck.GAMMA * r;
                        returns[t] = r;
                        advantages[t] = r - v[t];
                    }
                    ReferenceNetwork.Rollout rollout = new ReferenceNetwork.Rollout(o, Arrays.copyOfRange(actions[g], from, from + n),
                            returns, advantages, NetworkCheck.BETA, NetworkCheck.VALUE_WEIGHT);
                    ref.gradients(rollout).forEach((k, d) -> {
                        double[] sum = refGrads.computeIfAbsent(k, x -> new double[d.length]);
                        for (int i = 0; i < d.length; i++) {
                            sum[i] += d[i];
                        }
                    });
                    double[][] out = ref.outputs(rollout);
                    for (int t = 0; t < n; t++) {
                        refLogp[net.row(from + t, g)] = out[0][t];
                        refValues[net.row(from + t, g)] = out[1][t];
                    }
                    from = end + 1;
                }
            }

            // ---- engine: all games at once, as a worker with --envs-per-worker runs them ----
            MemorySegment.copy(init.segment(), 0, net.parameters().segment(), 0, init.segment().byteSize());
            int[] a = new int[steps * GAMES];
            float[] r = new float[steps * GAMES];
            float[] v = new float[(steps + 1) * GAMES];
            boolean[] done = new boolean[steps * GAMES];
            net.resetState();
            for (int g = 0; g < GAMES; g++) {
                NetworkCheck.write(obs[g][0], net.observation(net.row(0, g)));
            }
            double[] logp = new double[steps * GAMES], values = new double[steps * GAMES];
            for (int t = 0; t <= steps; t++) {
                net.forward(t);
                for (int g = 0; g < GAMES; g++) {
                    int row = net.row(t, g);
                    v[row] = net.value(row);
                    if (t == steps) {
                        continue;
                    }
                    a[row] = actions[g][t];
                    r[row] = rewards[g][t];
                    done[row] = endsAt[g] == t;
                    logp[row] = net.logProbability(row, a[row]);
                    values[row] = v[row];
                    NetworkCheck.write(obs[g][t + 1], net.observation(row + GAMES));
                    if (done[row]) {
                        net.resetState(g);
                    }
                }
            }
            RolloutLoss loss = new RolloutLoss(steps, GAMES, NetworkCheck.GAMMA, 1.0, NetworkCheck.BETA, NetworkCheck.VALUE_WEIGHT);
            net.zeroGradients();
            loss.backward(net, steps, a, r, v, done);

            List<Comparison> lines = new ArrayList<>();
            lines.add(Comparison.simd(name + " engine log pi(a) vs reference", refLogp, logp, GradCheck.SIMD_TOLERANCE));
            lines.add(Comparison.simd(name + " engine V(s) vs reference", refValues, values, GradCheck.SIMD_TOLERANCE));
            Map<String, double[]> engineGrads = NetworkCheck.toDouble(net.gradients());
            for (Map.Entry<String, double[]> e : refGrads.entrySet()) {
                lines.add(Comparison.simd(name + " engine d" + e.getKey() + " vs reference", e.getValue(), engineGrads.get(e.getKey()),
                        GradCheck.SIMD_TOLERANCE));
            }
            return lines;
        }
    }
}
