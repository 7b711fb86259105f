package a3c.engine.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import a3c.engine.net.Initializer;
import a3c.engine.net.NetKind;
import a3c.engine.net.NetSpec;
import a3c.engine.net.Network;
import a3c.kernels.memory.FloatArena;

/**
 * A network acting for several games at once, with an episode that ends inside the rollout, against the same
 * games run one at a time: each game's rollout split at its episode end into rollouts of one game (the first
 * terminal, the second from a zero recurrent state, bootstrapped). Values, returns and the summed parameter
 * gradient must agree (up to float rounding of the batched sums).
 */
class BatchedRolloutTest {
    private static final int T = 5, GAMES = 3, ACTIONS = 3;
    private static final double GAMMA = 0.9;

    @Test
    void anLstmActingForThreeGamesEqualsTheGamesOneByOne() {
        check(NetKind.MLP.spec(new NetKind.Sizes(16, 8, 1, true), new int[] {4}, ACTIONS), 0.95);
        check(NetKind.MLP.spec(new NetKind.Sizes(16, 8, 1, true), new int[] {4}, ACTIONS), 1.0);
    }

    @Test
    void aConvolutionalNetActingForThreeGamesEqualsTheGamesOneByOne() {
        check(NetKind.FF.spec(new NetKind.Sizes(32, 8, 1, false), new int[] {36, 36, 2}, ACTIONS), 1.0);
    }

    /** Game 1's episode ends at step 2 (it goes on from step 3 in a new one), game 2's at the last step; game 0 runs through. */
    private static void check(NetSpec spec, double lambda) {
        int[] endsAt = {-1, 2, T - 1};
        SplittableRandom rng = new SplittableRandom(5);
        int in = spec.inputSize();
        float[][][] obs = new float[GAMES][T + 1][in];
        int[][] actions = new int[GAMES][T];
        float[][] rewards = new float[GAMES][T];
        for (int g = 0; g < GAMES; g++) {
            for (int t = 0; t <= T; t++) {
                for (int i = 0; i < in; i++) {
                    obs[g][t][i] = (float) rng.nextDouble();
                }
            }
            for (int t = 0; t < T; t++) {
                actions[g][t] = rng.nextInt(ACTIONS);
                rewards[g][t] = rng.nextInt(3) - 1;
            }
        }
        try (FloatArena init = new FloatArena(spec.layout());
             Network batched = new Network(spec, T, GAMES);
             Network single = new Network(spec, T)) {
            Initializer.initialize(spec, init, 9);
            MemorySegment.copy(init.segment(), 0, batched.parameters().segment(), 0, init.segment().byteSize());
            MemorySegment.copy(init.segment(), 0, single.parameters().segment(), 0, init.segment().byteSize());

            // ---- all games at once, as a worker runs them ----
            int[] a = new int[T * GAMES];
            float[] r = new float[T * GAMES];
            float[] v = new float[(T + 1) * GAMES];
            boolean[] done = new boolean[T * GAMES];
            batched.resetState();
            for (int g = 0; g < GAMES; g++) {
                write(obs[g][0], batched.observation(batched.row(0, g)));
            }
            for (int t = 0; t <= T; t++) {
                batched.forward(t);
                for (int g = 0; g < GAMES; g++) {
                    int row = batched.row(t, g);
                    v[row] = batched.value(row);
                    if (t == T) {
                        continue;
                    }
                    a[row] = actions[g][t];
                    r[row] = rewards[g][t];
                    done[row] = endsAt[g] == t;
                    write(obs[g][t + 1], batched.observation(row + GAMES)); // the step's next observation (or the reset's)
                    if (done[row]) {
                        batched.resetState(g);
                    }
                }
            }
            RolloutLoss loss = new RolloutLoss(T, GAMES, GAMMA, lambda, 0.01f, 0.5f);
            batched.zeroGradients();
            loss.backward(batched, T, a, r, v, done);
            float[] batchedGrad = floats(batched.gradients().segment());
            // the next rollout: game 2, whose episode ended at the last step, starts from a zero state
            batched.carryState(T - 1);
            for (int g = 0; g < GAMES; g++) {
                batched.moveObservation(batched.row(T, g), batched.row(0, g));
            }
            batched.forward(0);
            single.resetState();
            write(obs[2][T], single.observation(0));
            single.forward(0);
            assertEquals(single.value(0), batched.value(batched.row(0, 2)), 1e-5, "a game reset at the rollout's last step starts the next from zero");

            // ---- the same games one at a time, each split at its episode's end ----
            double[] expected = new double[batchedGrad.length];
            for (int g = 0; g < GAMES; g++) {
                int from = 0;
                while (from < T) {
                    int end = endsAt[g] >= from ? endsAt[g] : T - 1; // the segment's last step
                    boolean terminal = endsAt[g] == end;
                    int n = end - from + 1;
                    single.resetState();
                    float[] sv = new float[n + 1];
                    for (int t = 0; t <= n; t++) {
                        if (t == n && terminal) {
                            break;
                        }
                        write(obs[g][from + t], single.observation(t));
                        single.forward(t);
                        sv[t] = single.value(t);
                        assertEquals(sv[t], v[batched.row(from + t, g)], 1e-5, "value of game " + g + " step " + (from + t));
                    }
                    RolloutLoss one = new RolloutLoss(n, GAMMA, lambda, 0.01f, 0.5f);
                    single.zeroGradients();
                    one.backward(single, n, java.util.Arrays.copyOfRange(actions[g], from, from + n),
                            java.util.Arrays.copyOfRange(rewards[g], from, from + n), sv);
                    for (int t = 0; t < n; t++) {
                        assertEquals(one.returnAt(t), loss.returnAt(batched.row(from + t, g)), 1e-5, "return of game " + g + " step " + (from + t));
                        assertEquals(one.advantageAt(t), loss.advantageAt(batched.row(from + t, g)), 1e-5,
                                "advantage of game " + g + " step " + (from + t));
                    }
                    float[] gr = floats(single.gradients().segment());
                    for (int i = 0; i < gr.length; i++) {
                        expected[i] += gr[i];
                    }
                    from = end + 1;
                }
            }
            double scale = 0;
            for (double e : expected) {
                scale = Math.max(scale, Math.abs(e));
            }
            assertTrue(scale > 1e-3, "the gradient is not negligible");
            for (int i = 0; i < expected.length; i++) {
                assertEquals(expected[i], batchedGrad[i], 1e-4 * scale, spec.name() + " gradient entry " + i);
            }
        }
    }

    private static void write(float[] x, MemorySegment dst) {
        for (int i = 0; i < x.length; i++) {
            dst.setAtIndex(ValueLayout.JAVA_FLOAT, i, x[i]);
        }
    }

    private static float[] floats(MemorySegment s) {
        return s.toArray(ValueLayout.JAVA_FLOAT);
    }
}
