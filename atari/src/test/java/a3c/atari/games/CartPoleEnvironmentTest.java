package a3c.atari.games;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import a3c.atari.EnvOptions;
import a3c.atari.StepResult;
import a3c.atari.testing.Observations;

class CartPoleEnvironmentTest {
    private final Arena arena = Arena.ofConfined();
    private final MemorySegment obs = arena.allocate(4 * Float.BYTES);

    @AfterEach
    void free() {
        arena.close();
    }

    /**
     * One step from a known state, against the equations of Barto, Sutton and Anderson (1983) worked out
     * by hand: at theta = theta' = x' = 0, a push of +10 N gives
     * {@code temp = 10 / 1.1}, {@code thetaAcc = -temp / (0.5 * (4/3 - 0.1 / 1.1))},
     * {@code xAcc = temp - 0.05 * thetaAcc / 1.1}; Euler then moves only the velocities.
     */
    @Test
    void oneStepFollowsGymsEquations() {
        double[] s = {0.1, 0, 0, 0};
        CartPoleEnvironment.advance(s, 1);
        double temp = 10 / 1.1;
        double thetaAcc = -temp / (0.5 * (4.0 / 3.0 - 0.1 / 1.1));
        double xAcc = temp - 0.05 * thetaAcc / 1.1;
        assertArrayEquals(new double[] {0.1, 0.02 * xAcc, 0, 0.02 * thetaAcc}, s, 1e-12);
        // A second step moves the positions by the first step's velocities.
        double[] t = s.clone();
        CartPoleEnvironment.advance(t, 0);
        assertEquals(s[0] + 0.02 * s[1], t[0], 1e-12);
        assertEquals(s[2] + 0.02 * s[3], t[2], 1e-12);
    }

    @Test
    void aFallingPoleEndsTheEpisodeWithRewardOnEveryStep() {
        try (CartPoleEnvironment env = new CartPoleEnvironment(EnvOptions.defaults().build().validate(), 1)) {
            env.reset(obs);
            for (int i = 0; i < 4; i++) {
                float v = Observations.get(obs, i);
                assertTrue(Math.abs(v) <= 0.05, "start state " + v);
            }
            StepResult r;
            int steps = 0;
            do {
                r = env.step(1, obs); // always push right: the pole falls left within a few dozen steps
                assertEquals(1f, r.reward());
                steps++;
            } while (!r.episodeOver());
            assertFalse(r.truncated());
            assertTrue(steps > 5 && steps < 60, "steps " + steps);
            double[] s = env.state();
            assertTrue(Math.abs(s[2]) > 12 * Math.PI / 180 || Math.abs(s[0]) > 2.4);
            assertEquals((float) s[2], Observations.get(obs, 2));
            assertEquals(steps, env.episodeReturn());
        }
    }

    @Test
    void aBalancingControllerIsCutOffAt500Steps() {
        try (CartPoleEnvironment env = new CartPoleEnvironment(EnvOptions.defaults().build().validate(), 2)) {
            env.reset(obs);
            StepResult r;
            int steps = 0;
            do {
                double[] s = env.state();
                r = env.step(s[2] + 0.5 * s[3] + 0.01 * s[0] + 0.1 * s[1] > 0 ? 1 : 0, obs);
                steps++;
            } while (!r.episodeOver());
            assertEquals(500, steps);
            assertTrue(r.truncated());
            assertEquals(500.0, env.episodeReturn());
        }
    }

    @Test
    void sameSeedSameStartDifferentSeedDifferentStart() {
        float[][] starts = new float[3][];
        long[] seeds = {9, 9, 10};
        for (int i = 0; i < 3; i++) {
            try (CartPoleEnvironment env = new CartPoleEnvironment(EnvOptions.defaults().build().validate(), seeds[i])) {
                env.reset(obs);
                env.step(0, obs);
                starts[i] = Observations.toArray(obs, 4);
            }
        }
        assertArrayEquals(starts[0], starts[1]);
        assertFalse(java.util.Arrays.equals(starts[0], starts[2]));
    }
}
