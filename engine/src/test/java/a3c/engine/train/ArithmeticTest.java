package a3c.engine.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * The arithmetic the gradient check takes as given, against values worked out by hand: n-step returns and
 * advantages, GAE, the learning-rate and epsilon schedules, and the event bus's record layout.
 */
class ArithmeticTest {
    private static final double TOL = 1e-6;
    /** Three steps: rewards 1, 0, -1; values 0.5, 0.2, -0.1 and the bootstrap value 0.4; gamma 0.9. */
    private static final float[] REWARDS = {1, 0, -1};

    private static float[][] returnsAndAdvantages(float bootstrap, double lambda) {
        float[] values = {0.5f, 0.2f, -0.1f, bootstrap};
        float[] returns = new float[3], advantages = new float[3];
        Returns.compute(3, REWARDS, values, 0.9, lambda, returns, advantages);
        return new float[][] {returns, advantages};
    }

    @Test
    void nStepReturnsBootstrapFromTheLastValue() {
        float[][] ra = returnsAndAdvantages(0.4f, 1.0);
        // R2 = -1 + 0.9 * 0.4; R1 = 0 + 0.9 R2; R0 = 1 + 0.9 R1; A = R - V
        assertArrayEquals(new float[] {0.4816f, -0.576f, -0.64f}, ra[0], (float) TOL);
        assertArrayEquals(new float[] {-0.0184f, -0.776f, -0.54f}, ra[1], (float) TOL);
    }

    @Test
    void aTerminalStateBootstrapsFromZero() {
        float[][] ra = returnsAndAdvantages(0f, 1.0);
        assertArrayEquals(new float[] {0.19f, -0.9f, -1f}, ra[0], (float) TOL);
        assertArrayEquals(new float[] {-0.31f, -1.1f, -0.9f}, ra[1], (float) TOL);
    }

    /**
     * Two games side by side (index t * 2 + game), gamma 0.5. Game 0: rewards 1, 2, 3, values 10, 20, 30, bootstrap 40,
     * no episode end: R2 = 3 + 20 = 23, R1 = 2 + 11.5 = 13.5, R0 = 1 + 6.75 = 7.75. Game 1: rewards 4, 5, 6, values
     * 1, 2, 3, bootstrap 8, its episode ends at step 0: R2 = 6 + 4 = 10, R1 = 5 + 5 = 10, R0 = 4 (nothing after
     * the end is discounted into it). GAE at lambda 0 for game 1, step 0: delta = 4 + 0.5 * 0 - 1 = 3 (the next
     * state is another episode's).
     */
    @Test
    void batchedReturnsStopAtEachGamesEpisodeEnd() {
        float[] rewards = {1, 4, 2, 5, 3, 6};
        float[] values = {10, 1, 20, 2, 30, 3, 40, 8};
        boolean[] done = {false, true, false, false, false, false};
        float[] returns = new float[6], advantages = new float[6];
        Returns.compute(3, 2, 0, rewards, values, done, 0.5, 1.0, returns, advantages);
        Returns.compute(3, 2, 1, rewards, values, done, 0.5, 1.0, returns, advantages);
        assertArrayEquals(new float[] {7.75f, 4f, 13.5f, 10f, 23f, 10f}, returns, (float) TOL);
        assertArrayEquals(new float[] {-2.25f, 3f, -6.5f, 8f, -7f, 7f}, advantages, (float) TOL);
        Returns.compute(3, 2, 1, rewards, values, done, 0.5, 0.0, returns, advantages);
        assertEquals(3f, advantages[1], TOL);
        assertEquals(5 + 0.5 * 3 - 2, advantages[3], TOL);
    }

    /**
     * The notebook's sliding window by hand: window 2, gamma 0.5, rewards 1, 2, 3, 4, values 10, 20, 30, 40 and
     * the bootstrap 50. Without a terminal only samples 0..2 are complete: R0 = 1 + 0.5*2 + 0.25*30 = 9.5,
     * R1 = 2 + 1.5 + 0.25*40 = 13.5, R2 = 3 + 2 + 0.25*50 = 17.5. With a terminal after step 3 (bootstrap 0) all
     * four are flushed: R3 = 4 + 0.5*0 = 4, R2 = 3 + 0.5*4 + 0 = 5, and R0, R1 as before (their windows end
     * before the terminal).
     */
    @Test
    void slidingWindowGivesEverySampleExactlyItsSteps() {
        float[] rewards = {1, 2, 3, 4};
        float[] returns = new float[4], advantages = new float[4];
        Returns.window(3, 4, 2, rewards, new float[] {10, 20, 30, 40, 50}, 0.5, returns, advantages);
        assertArrayEquals(new float[] {9.5f, 13.5f, 17.5f}, java.util.Arrays.copyOf(returns, 3), (float) TOL);
        assertArrayEquals(new float[] {-0.5f, -6.5f, -12.5f}, java.util.Arrays.copyOf(advantages, 3), (float) TOL);
        Returns.window(4, 4, 2, rewards, new float[] {10, 20, 30, 40, 0}, 0.5, returns, advantages);
        assertArrayEquals(new float[] {9.5f, 13.5f, 5f, 4f}, returns, (float) TOL);
        assertArrayEquals(new float[] {-0.5f, -6.5f, -25f, -36f}, advantages, (float) TOL);
        // a window as long as the rollout is the plain n-step return
        float[] plain = new float[4], ignored = new float[4];
        Returns.compute(4, rewards, new float[] {10, 20, 30, 40, 50}, 0.5, 1.0, plain, ignored);
        Returns.window(1, 4, 4, rewards, new float[] {10, 20, 30, 40, 50}, 0.5, returns, advantages);
        assertEquals(plain[0], returns[0], TOL);
    }

    @Test
    void gaeAtLambdaZeroIsTheOneStepTdError() {
        float[][] ra = returnsAndAdvantages(0.4f, 0.0);
        // delta_t = r_t + 0.9 V_{t+1} - V_t
        assertArrayEquals(new float[] {0.68f, -0.29f, -0.54f}, ra[1], (float) TOL);
        // the value target stays the n-step return whatever lambda is
        assertArrayEquals(new float[] {0.4816f, -0.576f, -0.64f}, ra[0], (float) TOL);
    }

    @Test
    void gaeBetweenZeroAndOne() {
        float[][] ra = returnsAndAdvantages(0.4f, 0.5);
        // A2 = -0.54; A1 = -0.29 + 0.45 A2 = -0.533; A0 = 0.68 + 0.45 A1 = 0.44015
        assertArrayEquals(new float[] {0.44015f, -0.533f, -0.54f}, ra[1], (float) TOL);
    }

    @Test
    void gaeTendsToThePlainAdvantageAsLambdaTendsToOne() {
        float[][] plain = returnsAndAdvantages(0.4f, 1.0);
        float[][] almost = returnsAndAdvantages(0.4f, 1 - 1e-9);
        assertArrayEquals(plain[1], almost[1], 1e-6f);
    }

    @Test
    void learningRateWarmsUpThenAnnealsToZero() {
        Schedule plain = new Schedule(1e-3, 0, 1000, 0, 0, 0);
        assertEquals(1e-3, plain.learningRate(0), 1e-15);
        assertEquals(0.5e-3, plain.learningRate(500), 1e-15);
        assertEquals(0, plain.learningRate(1000), 1e-15);
        assertEquals(0, plain.learningRate(5000), 1e-15); // never negative past the end
        Schedule warm = new Schedule(1e-3, 100, 1000, 0, 0, 0);
        assertEquals(0, warm.learningRate(0), 1e-15);
        assertEquals(1e-3 * 0.5 * 0.95, warm.learningRate(50), 1e-15);
        assertEquals(1e-3 * 0.9, warm.learningRate(100), 1e-15);
        assertEquals(plain.learningRate(600), warm.learningRate(600), 1e-15);
    }

    @Test
    void epsilonDecaysLinearlyThenHolds() {
        Schedule s = new Schedule(1e-3, 0, 1000, 0.5, 0.1, 100);
        assertEquals(0.5, s.epsilon(0), 1e-12);
        assertEquals(0.3, s.epsilon(50), 1e-12);
        assertEquals(0.1, s.epsilon(100), 1e-12);
        assertEquals(0.1, s.epsilon(10_000), 1e-12);
        assertEquals(0, new Schedule(1e-3, 0, 1000, 0, 0, 0).epsilon(10), 0);
        assertEquals(0.2, new Schedule(1e-3, 0, 1000, 0.7, 0.2, 0).epsilon(0), 0); // no decay frames: the end value
        // over updates instead (the notebook's 0.5 -> 0.15 by 5e-6 a step: 70,000 updates), whatever the frames
        Schedule notebook = new Schedule(1e-3, 0, 1000, 0.5, 0.15, 0, 70_000);
        assertEquals(0.5, notebook.epsilon(5_000_000, 0), 1e-12);
        assertEquals(0.5 - 5e-6 * 20_000, notebook.epsilon(0, 20_000), 1e-12);
        assertEquals(0.15, notebook.epsilon(0, 70_000), 1e-12);
        assertEquals(0.15, notebook.epsilon(0, 1_000_000), 1e-12);
    }

    /** What a handler saw, in order. */
    private static final class Recorder implements EventBus.Handler {
        final List<String> seen = new ArrayList<>();

        @Override
        public void episode(int thread, long frames, double rawReturn, long length) {
            seen.add("episode " + thread + " " + frames + " " + rawReturn + " " + length);
        }

        @Override
        public void rollout(int thread, int steps, double policyLoss, double valueLoss, double entropy, double gradNorm, double policyLag) {
            seen.add("rollout " + thread + " " + steps + " " + policyLoss + " " + valueLoss + " " + entropy + " " + gradNorm + " " + policyLag);
        }
    }

    @Test
    void theEventBusCarriesEveryFieldExactlyAndInOrder() {
        try (EventBus bus = new EventBus()) {
            EventBus.Writer w = bus.writer();
            w.episode(7, Long.MAX_VALUE - 3, -21.0, 123_456_789_012L);
            w.rollout(3, 20, -0.125, 1e-300, 1.7917594692280550, Double.MAX_VALUE, 2.5);
            w.episode(0, 1, Double.NEGATIVE_INFINITY, 0);
            w.rollout(Integer.MAX_VALUE, 1, Double.NaN, -0.0, Double.MIN_VALUE, 40, 0);
            Recorder r = new Recorder();
            assertEquals(4, bus.drain(r));
            assertEquals(List.of(
                    "episode 7 " + (Long.MAX_VALUE - 3) + " -21.0 123456789012",
                    "rollout 3 20 -0.125 1.0E-300 1.791759469228055 " + Double.MAX_VALUE + " 2.5",
                    "episode 0 1 -Infinity 0",
                    "rollout " + Integer.MAX_VALUE + " 1 NaN -0.0 " + Double.MIN_VALUE + " 40.0 0.0"), r.seen);
            assertEquals(0, bus.drain(r)); // each message once
        }
    }

    /** GA3C: an experience's n-step returns, by hand, from a bootstrap value and from an episode's end. */
    @Test
    void experienceReturnsByHand() {
        try (Experience e = new Experience(5, 3, 0)) {
            e.take();
            e.rewards[0] = 1;
            e.rewards[1] = 0;
            e.rewards[2] = -1;
            e.count = 3;
            e.finish(2, 0.5, 1);
            // R2 = -1 + 0.5 * 2 = 0, R1 = 0 + 0.5 * 0 = 0, R0 = 1 + 0.5 * 0 = 1
            assertArrayEquals(new float[] {1, 0, 0}, java.util.Arrays.copyOf(e.returns, 3));
            e.finish(0, 0.5, 1); // the episode ended after the third step
            // R2 = -1, R1 = -0.5, R0 = 1 - 0.25
            assertArrayEquals(new float[] {0.75f, -0.5f, -1}, java.util.Arrays.copyOf(e.returns, 3));
            assertTrue(!e.isFree());
            e.release();
            assertTrue(e.isFree());
        }
    }

    /** A handler that keeps the frames of every episode message, in order. */
    private static EventBus.Handler episodeFrames(List<Long> frames) {
        return new EventBus.Handler() {
            @Override
            public void episode(int thread, long f, double rawReturn, long length) {
                frames.add(f);
            }

            @Override
            public void rollout(int thread, int steps, double p, double v, double e, double g, double lag) {
            }
        };
    }

    @Test
    void oneDrainReadsPastThePaddingAtTheRingsEnd() {
        try (EventBus bus = new EventBus()) {
            EventBus.Writer w = bus.writer();
            int fit = EventBus.CAPACITY / EventBus.EPISODE_RECORD_BYTES; // leaves less than one record at the end
            assertTrue(EventBus.CAPACITY % EventBus.EPISODE_RECORD_BYTES != 0, "the test needs a padding record");
            List<Long> frames = new ArrayList<>();
            EventBus.Handler collect = episodeFrames(frames);
            for (int i = 0; i < fit; i++) {
                w.episode(1, i, i, i);
            }
            assertEquals(fit, bus.drain(collect));
            // The head now sits where the next record does not fit: the writer pads to the end and wraps.
            w.episode(1, fit, fit, fit);
            w.episode(1, fit + 1, fit, fit);
            assertEquals(2, bus.drain(collect), "one drain after the writer wrapped");
            assertEquals(fit + 2, frames.size());
            for (int i = 0; i < frames.size(); i++) {
                assertEquals(i, frames.get(i));
            }
        }
    }

    @Test
    void aFullBusMakesTheWriterWaitForTheMonitorAndLosesNothing() throws Exception {
        try (EventBus bus = new EventBus()) {
            int messages = 100_000; // 48+ bytes each: several times the ring's capacity
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                EventBus.Writer w = bus.writer();
                for (int i = 0; i < messages; i++) {
                    w.episode(1, i, i, i);
                }
            });
            Thread.sleep(200);
            assertTrue(!writer.isDone(), "the writer finished although nobody read the full ring");
            List<Long> frames = new ArrayList<>();
            EventBus.Handler collect = episodeFrames(frames);
            while (!writer.isDone()) {
                bus.drain(collect);
            }
            writer.get(10, TimeUnit.SECONDS);
            bus.drain(collect);
            assertEquals(messages, frames.size());
            for (int i = 0; i < messages; i++) {
                assertEquals(i, frames.get(i));
            }
        }
    }
}
