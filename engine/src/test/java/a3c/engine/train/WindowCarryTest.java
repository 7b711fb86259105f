package a3c.engine.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import a3c.atari.Environment;
import a3c.atari.ObservationShape;
import a3c.atari.StepResult;
import a3c.engine.net.Initializer;
import a3c.engine.net.NetKind;
import a3c.engine.net.NetSpec;
import a3c.engine.net.Network;

/**
 * A worker with the sliding window ({@code --n-step-window}) acting for three games in lockstep, whose episodes
 * (3, 4 and 7 steps) end at different steps: inside the trained steps, inside the carried ones, and all three at
 * once (step 84, a terminal of the whole rollout). With a learning rate of 0 the parameters never move, so every
 * step's value is a function of its game's observations since its episode began, computed here one game at a time.
 * Every step a game plays must then be trained exactly once, in order, on exactly its window of rewards (cut at
 * its episode's end, else bootstrapped from the value of the step after the window), for a feed-forward and a
 * recurrent network.
 */
class WindowCarryTest {
    private static final int T_MAX = 6, WINDOW = 4, ACTIONS = 3, INPUT = 5, ROLLOUTS = 70;
    private static final int[] EPISODE = {3, 4, 7};
    private static final double GAMMA = 0.9;

    @Test
    void aFeedForwardWorkerTrainsEveryStepOfEveryGameOnceOnItsWindow() {
        check(NetKind.MLP.spec(new NetKind.Sizes(16, 8, 1, false), new int[] {INPUT}, ACTIONS));
    }

    @Test
    void anLstmWorkerTrainsEveryStepOfEveryGameOnceOnItsWindow() {
        check(NetKind.MLP.spec(new NetKind.Sizes(16, 8, 1, true), new int[] {INPUT}, ACTIONS));
    }

    private static void check(NetSpec spec) {
        int games = EPISODE.length;
        Script[] envs = new Script[games];
        for (int g = 0; g < games; g++) {
            envs[g] = new Script(EPISODE[g], 100 + g);
        }
        Hyper h = new Hyper(T_MAX, WINDOW, GAMMA, 1.0, 0.01f, 0.5f, 40f, Optimizer.RMSPROP, 0.99f, 0.1f, 0.9f, 0.999f, 1e-8f,
                new RewardShaping(1f, 0f, 0f, false, 0f, false, 0f), Long.MAX_VALUE);
        Schedule frozen = new Schedule(0.0, 0, 0, 0, 0, 0); // a rate of 0: the parameters stay as initialised
        List<List<float[]>> trained = new ArrayList<>(); // by game: {return, advantage} in the order trained
        for (int g = 0; g < games; g++) {
            trained.add(new ArrayList<>());
        }
        int[] samples = new int[1];
        EventBus.Handler count = new EventBus.Handler() {
            @Override
            public void episode(int thread, long frames, double rawReturn, long length) {
            }

            @Override
            public void rollout(int thread, int steps, double policyLoss, double valueLoss, double entropy, double gradNorm, double policyLag) {
                samples[0] = steps;
            }
        };
        boolean sawTerminal = false;
        try (SharedModel shared = new SharedModel(spec, Optimizer.RMSPROP);
             EventBus bus = new EventBus();
             Network single = new Network(spec, maxEpisode(), 1)) {
            Initializer.initialize(spec, shared.parameters(), 11);
            MemorySegment.copy(shared.parameters().segment(), 0, single.parameters().segment(), 0, shared.parameters().segment().byteSize());
            Network net = new Network(spec, T_MAX, games);
            Worker worker = new Worker(0, envs, net, shared, new RunState(), frozen, h, bus.writer(), 7);
            for (int k = 0; k < ROLLOUTS; k++) {
                worker.rollout();
                bus.drain(count);
                assertEquals(0, samples[0] % games, "the same number of steps of every game");
                int steps = samples[0] / games;
                sawTerminal |= steps > T_MAX - WINDOW + 1;
                for (int t = 0; t < steps; t++) {
                    for (int g = 0; g < games; g++) {
                        int row = net.row(t, g);
                        trained.get(g).add(new float[] {worker.loss().returnAt(row), worker.loss().advantageAt(row)});
                    }
                }
            }
            assertTrue(sawTerminal, "a rollout ended with every game's episode and flushed its steps");
            for (int g = 0; g < games; g++) {
                Script s = envs[g];
                List<float[]> got = trained.get(g);
                // every step played and trained, but for those still waiting for their window
                assertTrue(got.size() >= s.rewards.size() - (WINDOW - 1) && got.size() <= s.rewards.size(),
                        "game " + g + ": " + got.size() + " steps trained of " + s.rewards.size() + " played");
                for (int step = 0; step < got.size(); step++) {
                    int end = Math.min(step + WINDOW, s.rewards.size());
                    double r = Double.NaN;
                    for (int j = step; j < end; j++) {
                        if (s.ends.get(j)) {
                            end = j + 1;
                            r = 0;
                            break;
                        }
                    }
                    if (Double.isNaN(r)) {
                        assertTrue(end < s.observations.size(), "the bootstrap step was played");
                        r = value(single, s, end);
                    }
                    for (int j = end - 1; j >= step; j--) {
                        r = s.rewards.get(j) + GAMMA * r;
                    }
                    double v = value(single, s, step);
                    assertEquals(r, got.get(step)[0], 1e-4, "return of game " + g + " step " + step);
                    assertEquals(r - v, got.get(step)[1], 1e-4, "advantage of game " + g + " step " + step);
                }
            }
            worker.onClose();
        }
    }

    private static int maxEpisode() {
        int m = 0;
        for (int e : EPISODE) {
            m = Math.max(m, e);
        }
        return m;
    }

    /** The value of game {@code s}'s step {@code step}: its episode's observations forwarded from a zero state up to it. */
    private static double value(Network single, Script s, int step) {
        int first = step;
        while (first > 0 && !s.ends.get(first - 1)) {
            first--;
        }
        single.resetState();
        for (int t = 0; t <= step - first; t++) {
            float[] x = s.observations.get(first + t);
            for (int i = 0; i < x.length; i++) {
                single.observation(t).setAtIndex(ValueLayout.JAVA_FLOAT, i, x[i]);
            }
            single.forward(t);
        }
        return single.value(step - first);
    }

    /**
     * A game whose episodes last exactly {@code length} steps, with random rewards and observations; it records
     * what each step saw (the observation acted on), scored and whether it ended the episode.
     */
    private static final class Script implements Environment {
        final List<float[]> observations = new ArrayList<>();
        final List<Float> rewards = new ArrayList<>();
        final List<Boolean> ends = new ArrayList<>();
        private final int length;
        private final SplittableRandom rng;
        private final StepResult result = new StepResult();
        private float[] shown;
        private int inEpisode;

        Script(int length, long seed) {
            this.length = length;
            this.rng = new SplittableRandom(seed);
        }

        @Override
        public String name() {
            return "script";
        }

        @Override
        public ObservationShape observationShape() {
            return ObservationShape.vector(INPUT);
        }

        @Override
        public int actionCount() {
            return ACTIONS;
        }

        @Override
        public String actionName(int action) {
            return "A" + action;
        }

        @Override
        public int framesPerStep() {
            return 1;
        }

        @Override
        public void reset(MemorySegment observation) {
            inEpisode = 0;
            show(observation);
        }

        @Override
        public StepResult step(int action, MemorySegment observation) {
            observations.add(shown);
            float r = (float) rng.nextDouble(-1, 1);
            boolean over = ++inEpisode == length;
            rewards.add(r);
            ends.add(over);
            show(observation);
            return result.record(r, r, over, false, over, false);
        }

        private void show(MemorySegment observation) {
            shown = new float[INPUT];
            for (int i = 0; i < INPUT; i++) {
                shown[i] = (float) rng.nextDouble();
                observation.setAtIndex(ValueLayout.JAVA_FLOAT, i, shown[i]);
            }
        }

        @Override
        public boolean gameOver() {
            return inEpisode == length;
        }

        @Override
        public int lives() {
            return 0;
        }

        @Override
        public double episodeReturn() {
            return 0;
        }

        @Override
        public int episodeLength() {
            return inEpisode;
        }

        @Override
        public void close() {
        }
    }
}
