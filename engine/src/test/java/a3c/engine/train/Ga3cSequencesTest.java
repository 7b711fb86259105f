package a3c.engine.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import a3c.engine.net.Initializer;
import a3c.engine.net.NetKind;
import a3c.engine.net.NetSpec;
import a3c.engine.net.Network;

/**
 * GA3C with a recurrent network: the state an agent keeps between its predictions, the sequences a trainer runs
 * through time from each experience's first state (padded when an episode ended early); and the agents' returns
 * (sliding window, lambda-returns): each against the plain computation it stands for.
 */
class Ga3cSequencesTest {
    private static final int INPUT = 4, ACTIONS = 3;
    private static final NetSpec SPEC = NetKind.MLP.spec(new NetKind.Sizes(16, 8, 1, true), new int[] {INPUT}, ACTIONS);

    private static void fill(MemorySegment s, SplittableRandom rng) {
        for (long i = 0; i < s.byteSize() / Float.BYTES; i++) {
            s.setAtIndex(ValueLayout.JAVA_FLOAT, i, (float) rng.nextDouble(-1, 1));
        }
    }

    /**
     * A predictor runs each step of a game at batch 2 (the game in the second slot, another game's step in the
     * first) from the state the agent holds, and writes the state after it back: the policies and values are
     * those of one network running the whole sequence through time.
     */
    @Test
    void statesHeldByTheAgentReproduceTheSequenceRunThroughTime() {
        int steps = 7;
        SplittableRandom rng = new SplittableRandom(3);
        try (Network sequence = new Network(SPEC, steps); Network predictor = new Network(SPEC, 1, 2, sequence.parameters());
             Arena arena = Arena.ofConfined()) {
            Initializer.initialize(SPEC, sequence.parameters(), 5);
            assertEquals(2 * 8, predictor.stateFloats(), "an LSTM of 8 carries h and c");
            MemorySegment held = arena.allocate((long) Float.BYTES * predictor.stateFloats(), 64); // zero: an episode's start
            MemorySegment other = arena.allocate((long) Float.BYTES * predictor.stateFloats(), 64);
            sequence.resetState();
            for (int t = 0; t < steps; t++) {
                fill(sequence.observation(t), rng);
                sequence.forward(t);
                fill(predictor.observation(0), rng); // another agent, with a state of its own
                fill(other, rng);
                predictor.loadState(0, other);
                MemorySegment.copy(sequence.observation(t), 0, predictor.observation(1), 0, (long) Float.BYTES * INPUT);
                predictor.loadState(1, held);
                predictor.forward(0);
                predictor.storeState(0, 1, held);
                for (int a = 0; a < ACTIONS; a++) {
                    assertEquals(sequence.probabilities(t).getAtIndex(ValueLayout.JAVA_FLOAT, a),
                            predictor.probabilities(1).getAtIndex(ValueLayout.JAVA_FLOAT, a), 1e-5, "step " + t + ", action " + a);
                }
                assertEquals(sequence.value(t), predictor.value(1), 1e-5, "value at step " + t);
            }
        }
    }

    /**
     * A trainer's batch of two experiences, 5 steps from a zero state and 3 steps (then 2 padded rows of other
     * inputs) from a state of its own: the loss and every parameter gradient are the sums of the two sequences'
     * own, each run alone; the padding adds nothing.
     */
    @Test
    void aBatchOfSequencesIsTheSumOfItsSequencesAndThePaddingAddsNothing() {
        int steps = 5;
        int[] lengths = {5, 3};
        SplittableRandom rng = new SplittableRandom(7);
        try (Network batch = new Network(SPEC, steps, 2); Network first = new Network(SPEC, steps, 1, batch.parameters());
             Network second = new Network(SPEC, 3, 1, batch.parameters()); Arena arena = Arena.ofConfined()) {
            Initializer.initialize(SPEC, batch.parameters(), 9);
            MemorySegment zero = arena.allocate((long) Float.BYTES * batch.stateFloats(), 64);
            MemorySegment start = arena.allocate((long) Float.BYTES * batch.stateFloats(), 64);
            fill(start, rng);
            int rows = steps * 2;
            int[] actions = new int[rows];
            float[] returns = new float[rows], targets = new float[rows], values = new float[rows];
            for (int i = 0; i < rows; i++) {
                fill(batch.observation(i), rng); // padded rows too: whatever they hold must not matter
                actions[i] = rng.nextInt(ACTIONS);
                returns[i] = (float) rng.nextDouble(-2, 2);
                targets[i] = (float) rng.nextDouble(-2, 2);
            }
            batch.loadState(0, zero);
            batch.loadState(1, start);
            batch.zeroGradients();
            for (int t = 0; t < steps; t++) {
                batch.forward(t);
            }
            RolloutLoss both = new RolloutLoss(steps, 2, 0.99, 1, 0.01f, 0.5f);
            both.backwardGivenReturns(batch, steps, lengths, actions, returns, targets, values);

            double policy = 0, value = 0, entropy = 0;
            float[] sum = new float[(int) batch.gradients().floats()];
            Network[] alone = {first, second};
            MemorySegment[] starts = {zero, start};
            for (int game = 0; game < 2; game++) {
                Network net = alone[game];
                int n = lengths[game];
                int[] a = new int[n];
                float[] r = new float[n], g = new float[n], v = new float[n];
                for (int t = 0; t < n; t++) {
                    int row = batch.row(t, game);
                    MemorySegment.copy(batch.observation(row), 0, net.observation(t), 0, (long) Float.BYTES * INPUT);
                    a[t] = actions[row];
                    r[t] = returns[row];
                    g[t] = targets[row];
                }
                net.loadState(0, starts[game]);
                net.zeroGradients();
                for (int t = 0; t < n; t++) {
                    net.forward(t);
                }
                RolloutLoss one = new RolloutLoss(n, 1, 0.99, 1, 0.01f, 0.5f);
                one.backwardGivenReturns(net, n, null, a, r, g, v);
                policy += one.policyLoss();
                value += one.valueLoss();
                entropy += one.entropy();
                for (int t = 0; t < n; t++) {
                    assertEquals(v[t], values[batch.row(t, game)], 1e-5, "value of game " + game + ", step " + t);
                }
                MemorySegment grads = net.gradients().segment();
                for (int i = 0; i < sum.length; i++) {
                    sum[i] += grads.getAtIndex(ValueLayout.JAVA_FLOAT, i);
                }
            }
            assertEquals(policy, both.policyLoss(), 1e-4);
            assertEquals(value, both.valueLoss(), 1e-4);
            assertEquals(entropy, both.entropy(), 1e-4);
            MemorySegment grads = batch.gradients().segment();
            double largest = 0;
            for (int i = 0; i < sum.length; i++) {
                float got = grads.getAtIndex(ValueLayout.JAVA_FLOAT, i);
                assertEquals(sum[i], got, 1e-4 * (1 + Math.abs(sum[i])), "gradient " + i);
                largest = Math.max(largest, Math.abs(got));
            }
            assertTrue(largest > 1e-3, "a gradient to compare: " + largest);
        }
    }

    /**
     * The sliding window of an agent's steps, spread over experiences of 5, against an A3C rollout's window
     * ({@link Returns#window}) over the same steps: a game that ends (flushed) and one cut by the run (the last
     * steps still waiting).
     */
    @Test
    void windowReturnsAreTheRolloutsWindowReturns() {
        SplittableRandom rng = new SplittableRandom(13);
        int window = 3, steps = 12, tMax = 5;
        for (boolean ends : new boolean[] {true, false}) {
            Experience[] chunks = {new Experience(tMax, INPUT, 0), new Experience(tMax, INPUT, 0), new Experience(tMax, INPUT, 0)};
            try {
                float[] rewards = new float[steps], values = new float[steps + 1];
                for (int t = 0; t <= steps; t++) {
                    values[t] = (float) rng.nextDouble(-1, 1);
                    if (t < steps) {
                        rewards[t] = (float) rng.nextDouble(-1, 1);
                    }
                }
                WindowReturns w = new WindowReturns(window, 0.9);
                int resolved = 0;
                for (int t = 0; t < steps; t++) {
                    Experience e = chunks[t / tMax];
                    e.count = t % tMax + 1;
                    w.add(e, t % tMax, rewards[t]);
                    if (t == steps - 1 && ends) {
                        w.flush();
                    } else if (w.resolve(values[t + 1])) { // the prediction of the next observation
                        assertEquals(chunks[resolved / tMax], w.resolvedIn());
                        assertEquals(resolved % tMax, w.resolvedAt());
                        resolved++;
                    }
                }
                if (ends) {
                    values[steps] = 0; // a terminal: no bootstrap
                }
                int samples = ends ? steps : steps - window + 1;
                assertEquals(ends ? steps - window : samples, resolved, "steps resolved by predictions");
                float[] returns = new float[steps], advantages = new float[steps];
                Returns.window(samples, steps, window, rewards, values, 0.9, returns, advantages);
                for (int t = 0; t < samples; t++) {
                    Experience e = chunks[t / tMax];
                    assertEquals(returns[t], e.returns[t % tMax], 1e-5, "return of step " + t + (ends ? ", the game ended" : ""));
                    assertEquals(returns[t], e.targets[t % tMax], 1e-5);
                }
            } finally {
                for (Experience e : chunks) {
                    e.close();
                }
            }
        }
    }

    /** The agent's lambda-returns are an A3C rollout's GAE advantages plus the values; with lambda 1, the n-step returns. */
    @Test
    void lambdaReturnsAreTheGeneralisedAdvantagesPlusTheValues() {
        SplittableRandom rng = new SplittableRandom(11);
        for (double lambda : new double[] {1.0, 0.95, 0.5}) {
            try (Experience e = new Experience(6, INPUT, 0)) {
                e.take();
                int n = 5; // one short of t_max: an episode's end
                float[] values = new float[n + 1];
                for (int t = 0; t < n; t++) {
                    e.rewards[t] = (float) rng.nextDouble(-1, 1);
                    e.values[t] = values[t] = (float) rng.nextDouble(-1, 1);
                }
                float bootstrap = (float) rng.nextDouble(-1, 1);
                values[n] = bootstrap;
                e.count = n;
                e.finish(bootstrap, 0.9, lambda);
                float[] returns = new float[n], advantages = new float[n];
                Returns.compute(n, e.rewards, values, 0.9, lambda, returns, advantages);
                for (int t = 0; t < n; t++) {
                    assertEquals(returns[t], e.returns[t], 1e-6, "return " + t);
                    assertEquals(lambda == 1.0 ? returns[t] : advantages[t] + values[t], e.targets[t], 1e-5, "lambda-return " + t + " at " + lambda);
                }
            }
        }
    }
}
