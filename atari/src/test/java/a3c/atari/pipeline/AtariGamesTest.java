package a3c.atari.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import a3c.atari.EnvOptions;
import a3c.atari.Environment;
import a3c.atari.Environments;
import a3c.atari.StepResult;
import a3c.atari.testing.Observations;
import a3c.atari.testing.TestRoms;

/** Real games from the ROM folder through the whole pipeline. */
class AtariGamesTest {
    private static EnvOptions.Builder options() {
        return EnvOptions.defaults().romDir(TestRoms.dir());
    }

    /** Plays {@code games} whole games with random actions; returns their raw returns. */
    private static double[] randomGames(String game, int games, long seed) {
        TestRoms.rom(game);
        double[] returns = new double[games];
        SplittableRandom random = new SplittableRandom(seed);
        try (Environment env = Environments.make(game, options(), seed); Arena arena = Arena.ofConfined()) {
            MemorySegment obs = arena.allocate(env.observationShape().bytes());
            for (int g = 0; g < games; g++) {
                env.reset(obs);
                int episodes = 1;
                while (true) {
                    StepResult r = env.step(random.nextInt(env.actionCount()), obs);
                    assertTrue(Math.abs(r.reward()) <= 1f);
                    if (r.gameOver()) {
                        break;
                    }
                    if (r.episodeOver()) {
                        env.reset(obs);
                        episodes++;
                    }
                }
                assertTrue(env.gameOver());
                assertTrue(env.episodeLength() > 100, game + " game of " + env.episodeLength() + " steps");
                if (game.equals("breakout")) {
                    assertEquals(5, episodes, "one training episode per life");
                }
                returns[g] = env.episodeReturn();
            }
        }
        return returns;
    }

    @Test
    void aRandomAgentLosesPong() {
        for (double r : randomGames("pong", 3, 1)) {
            assertTrue(r >= -21 && r <= -15, "pong return " + r);
        }
    }

    @Test
    void aRandomAgentScoresAFewPointsAtBreakout() {
        double[] returns = randomGames("breakout", 3, 2);
        for (double r : returns) {
            assertTrue(r >= 0 && r <= 15, "breakout return " + r);
        }
        assertTrue(Arrays.stream(returns).sum() > 0, "some points in three games: " + Arrays.toString(returns));
    }

    @Test
    void sameSeedSameObservationsEvenWithStickyActions() {
        TestRoms.rom("breakout");
        long[] a = hashes(5);
        long[] b = hashes(5);
        long[] c = hashes(6);
        assertArrayEquals(a, b);
        assertFalse(Arrays.equals(a, c));
    }

    private static long[] hashes(long seed) {
        EnvOptions.Builder options = options().repeatActionProbability(0.25);
        long[] hashes = new long[400];
        SplittableRandom actions = new SplittableRandom(99);
        try (Environment env = Environments.make("breakout", options, seed); Arena arena = Arena.ofConfined()) {
            MemorySegment obs = arena.allocate(env.observationShape().bytes());
            env.reset(obs);
            for (int t = 0; t < hashes.length; t++) {
                if (env.step(actions.nextInt(env.actionCount()), obs).episodeOver()) {
                    env.reset(obs);
                }
                hashes[t] = Observations.hash(obs, env.observationShape().floats());
            }
        }
        return hashes;
    }

    @Test
    void observationsAreInZeroOneAndCloseFreesNativeMemory() {
        TestRoms.rom("seaquest");
        AtariEnvironment env = (AtariEnvironment) Environments.make("seaquest", options(), 3);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment obs = arena.allocate(env.observationShape().bytes());
            env.reset(obs);
            float min = 1;
            float max = 0;
            for (int t = 0; t < 100; t++) {
                env.step(t % env.actionCount(), obs);
            }
            for (float v : Observations.toArray(obs, env.observationShape().floats())) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            assertTrue(min >= 0 && max <= 1 && max > min, "range " + min + " .. " + max);
        }
        assertTrue(env.screensAlive());
        env.close();
        assertFalse(env.screensAlive());
    }
}
