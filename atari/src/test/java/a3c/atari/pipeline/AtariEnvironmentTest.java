package a3c.atari.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import a3c.atari.EnvOptions;
import a3c.atari.StepResult;
import a3c.atari.testing.Observations;

/** The DeepMind wrappers over a {@link ScriptedEmulator}: every frame, action and reward is known. */
class AtariEnvironmentTest {
    private static final int PIXELS = 84 * 84;

    private final Arena arena = Arena.ofConfined();
    private final MemorySegment obs = arena.allocate(PIXELS * 4L * Float.BYTES);

    @AfterEach
    void free() {
        arena.close();
    }

    /** Options that make the script easy to follow: no no-ops, no FIRE, 4 stacked frames. */
    private static EnvOptions.Builder plain() {
        return EnvOptions.defaults().noopMax(0).fireReset(false);
    }

    private static AtariEnvironment env(ScriptedEmulator emulator, EnvOptions.Builder options, long seed) {
        return new AtariEnvironment("scripted", emulator, options.build().validate(), seed);
    }

    /** Channel c of pixel p. */
    private float at(int p, int c) {
        return Observations.get(obs, (long) p * 4 + c);
    }

    private void assertChannel(int c, float expected) {
        for (int p = 0; p < PIXELS; p += 97) {
            assertEquals(expected, at(p, c), 1e-6, "pixel " + p + " channel " + c);
        }
    }

    @Test
    void repeatsEachActionFourFramesAndMaxPoolsTheLastTwo() {
        ScriptedEmulator emu = new ScriptedEmulator();
        try (AtariEnvironment env = env(emu, plain(), 1)) {
            env.reset(obs);
            for (int c = 0; c < 4; c++) {
                assertChannel(c, 0f); // screen(0) everywhere
            }
            env.step(2, obs); // frames 1..4: max(screen(3), screen(4)) = max(111, 148)
            assertChannel(3, 148 / 255f);
            assertChannel(2, 0f);
            env.step(3, obs); // frames 5..8: max(screen(7), screen(8)) = max(3, 40)
            assertChannel(3, 40 / 255f);
            assertChannel(2, 148 / 255f);
            assertChannel(1, 0f);
            assertEquals(8, emu.frame);
            assertEquals(4, emu.count(ScriptedEmulator.MINIMAL[2]));
            assertEquals(4, emu.count(ScriptedEmulator.MINIMAL[3]));
            assertEquals(4, env.framesPerStep());
        }
    }

    @Test
    void withoutMaxPoolTheLastFrameAloneCounts() {
        ScriptedEmulator emu = new ScriptedEmulator();
        try (AtariEnvironment env = env(emu, plain().maxPool(false), 1)) {
            env.reset(obs);
            env.step(0, obs);
            assertChannel(3, 148 / 255f); // screen(4) = 148 > screen(3) = 111: pick a step where they differ
            env.step(0, obs);
            assertChannel(3, 40 / 255f); // screen(8) = 40, screen(7) = 3
            emu.screen = f -> f % 2 == 0 ? 10 : 250;
            env.step(0, obs);
            assertChannel(3, 10 / 255f); // max-pooling would give 250
        }
    }

    @Test
    void rewardsAreSummedOverTheRepeatAndClippedForTrainingOnly() {
        ScriptedEmulator emu = new ScriptedEmulator();
        emu.reward = f -> f == 2 ? 3 : f == 3 ? 4 : f == 7 ? -2 : 0;
        try (AtariEnvironment env = env(emu, plain(), 1)) {
            env.reset(obs);
            StepResult r = env.step(0, obs);
            assertEquals(7.0, r.rawReward());
            assertEquals(1f, r.reward());
            r = env.step(0, obs);
            assertEquals(-2.0, r.rawReward());
            assertEquals(-1f, r.reward());
            r = env.step(0, obs);
            assertEquals(0f, r.reward());
            assertEquals(5.0, env.episodeReturn());
            assertEquals(3, env.episodeLength());
        }
        emu = new ScriptedEmulator();
        emu.reward = f -> f == 2 ? 3 : 0;
        try (AtariEnvironment env = env(emu, plain().clipRewards(false), 1)) {
            env.reset(obs);
            assertEquals(3f, env.step(0, obs).reward());
        }
    }

    @Test
    void newGamesStartWithOneToThirtyRandomNoops() {
        Set<Integer> counts = new HashSet<>();
        for (long seed = 0; seed < 40; seed++) {
            ScriptedEmulator emu = new ScriptedEmulator();
            try (AtariEnvironment env = env(emu, plain().noopMax(30), seed)) {
                env.reset(obs);
                assertTrue(emu.frame >= 1 && emu.frame <= 30, "noops " + emu.frame);
                assertEquals(emu.frame, emu.count(ActionNames.NOOP));
                assertEquals(emu.frame, emu.logged);
                counts.add(emu.frame);
                // The first observation is the screen after the no-ops.
                assertChannel(0, (emu.frame * 37 % 256) / 255f);
            }
        }
        assertTrue(counts.size() > 10, "no-op counts vary with the seed: " + counts);
    }

    @Test
    void aLostLifeEndsTheEpisodeButNotTheGameAndFireIsPressedOnEachReset() {
        ScriptedEmulator emu = new ScriptedEmulator();
        emu.lives = f -> f < 10 ? 3 : 2;
        try (AtariEnvironment env = env(emu, plain().fireReset(true), 1)) {
            env.reset(obs); // new game, FIRE for frames 1..4
            assertEquals(1, emu.resets);
            assertEquals(4, emu.count(ActionNames.FIRE));
            assertEquals(3, env.lives());
            StepResult r = env.step(0, obs); // frames 5..8
            assertFalse(r.episodeOver());
            r = env.step(0, obs); // frames 9..12: life lost at 10
            assertTrue(r.lifeLost());
            assertTrue(r.episodeOver());
            assertFalse(r.gameOver());
            assertFalse(env.gameOver());
            env.reset(obs); // the game goes on: FIRE again, no reset
            assertEquals(1, emu.resets);
            assertEquals(8, emu.count(ActionNames.FIRE));
            assertEquals(16, emu.frame);
            assertEquals(2, env.lives());
            assertEquals(2, env.episodeLength(), "the game's steps, across training episodes");
        }
    }

    @Test
    void withoutEpisodicLifeALostLifeIsOnlyReported() {
        ScriptedEmulator emu = new ScriptedEmulator();
        emu.lives = f -> f < 3 ? 3 : 2;
        try (AtariEnvironment env = env(emu, plain().episodicLife(false), 1)) {
            env.reset(obs);
            StepResult r = env.step(0, obs);
            assertTrue(r.lifeLost());
            assertFalse(r.episodeOver());
        }
    }

    /**
     * A whole game (evaluation: no episodic life, so no reset between lives) presses FIRE right after a lost life, in
     * the step that lost it, as training's reset does before each episode: otherwise a policy trained with FIRE on
     * every reset waits forever for a serve in Breakout (greedy evaluations played to the frame cap).
     */
    @Test
    void withoutEpisodicLifeFireIsPressedInTheStepThatLostALife() {
        ScriptedEmulator emu = new ScriptedEmulator();
        emu.lives = f -> f < 10 ? 3 : 2;
        emu.reward = f -> f == 14 ? 1 : 0; // scored by the FIRE frames
        try (AtariEnvironment env = env(emu, plain().fireReset(true).episodicLife(false), 1)) {
            env.reset(obs); // new game, FIRE for frames 1..4
            assertEquals(4, emu.count(ActionNames.FIRE));
            env.step(0, obs); // frames 5..8
            assertEquals(4, emu.count(ActionNames.FIRE));
            StepResult r = env.step(0, obs); // frames 9..12: life lost at 10, then FIRE for frames 13..16
            assertTrue(r.lifeLost());
            assertFalse(r.episodeOver());
            assertEquals(8, emu.count(ActionNames.FIRE));
            assertEquals(16, emu.frame);
            assertEquals(1.0, r.rawReward(), "the FIRE frames' reward is the step's");
            assertEquals(1.0, env.episodeReturn());
            assertEquals(2, env.episodeLength(), "FIRE is part of the step, not a step of its own");
            assertEquals(2, env.lives());
            assertChannel(3, (16 * 37 % 256) / 255f); // the observation after FIRE
            env.step(0, obs); // no life lost: no FIRE
            assertEquals(8, emu.count(ActionNames.FIRE));
        }
        emu = new ScriptedEmulator(); // with episodic life the reset presses it, the step does not
        emu.lives = f -> f < 6 ? 3 : 2;
        try (AtariEnvironment env = env(emu, plain().fireReset(true), 1)) {
            env.reset(obs);
            assertTrue(env.step(0, obs).episodeOver());
            assertEquals(4, emu.count(ActionNames.FIRE));
        }
        emu = new ScriptedEmulator(); // and without the option, never
        emu.lives = f -> f < 3 ? 3 : 2;
        try (AtariEnvironment env = env(emu, plain().episodicLife(false), 1)) {
            env.reset(obs);
            assertTrue(env.step(0, obs).lifeLost());
            assertEquals(0, emu.count(ActionNames.FIRE));
        }
    }

    @Test
    void fireIsPressedOnlyWhenTheGameHasFireAndTheOptionIsOn() {
        ScriptedEmulator emu = new ScriptedEmulator();
        emu.minimal = new int[] {ActionNames.NOOP, 3, 4};
        try (AtariEnvironment env = env(emu, plain().fireReset(true), 1)) {
            env.reset(obs);
            assertEquals(0, emu.logged);
        }
        emu = new ScriptedEmulator();
        try (AtariEnvironment env = env(emu, plain(), 1)) {
            env.reset(obs);
            assertEquals(0, emu.logged);
        }
    }

    @Test
    void gameOverStopsTheRepeatAndTheNextResetStartsANewGame() {
        ScriptedEmulator emu = new ScriptedEmulator();
        emu.gameLength = 10;
        emu.reward = f -> 1;
        try (AtariEnvironment env = env(emu, plain(), 1)) {
            env.reset(obs);
            env.step(0, obs);
            env.step(0, obs);
            StepResult r = env.step(0, obs); // frames 9, 10, then over
            assertTrue(r.gameOver());
            assertTrue(r.episodeOver());
            assertFalse(r.truncated());
            assertEquals(2.0, r.rawReward());
            assertEquals(10, emu.logged);
            assertChannel(3, (10 * 37 % 256) / 255f); // the final screen alone
            assertEquals(10.0, env.episodeReturn());
            assertThrows(IllegalStateException.class, () -> env.step(0, obs));
            env.reset(obs);
            assertEquals(2, emu.resets);
            assertEquals(0.0, env.episodeReturn());
            assertEquals(0, env.episodeLength());
            assertFalse(env.gameOver());
        }
    }

    @Test
    void gamesAreCutOffAtTheFrameCap() {
        ScriptedEmulator emu = new ScriptedEmulator();
        try (AtariEnvironment env = env(emu, plain().maxEpisodeFrames(10), 1)) {
            env.reset(obs);
            assertFalse(env.step(0, obs).gameOver());
            assertFalse(env.step(0, obs).gameOver());
            StepResult r = env.step(0, obs);
            assertTrue(r.truncated());
            assertTrue(r.gameOver());
            assertEquals(10, emu.frame);
            env.reset(obs);
            assertEquals(2, emu.resets);
            assertFalse(env.step(0, obs).truncated());
        }
    }

    @Test
    void minimalAndFullActionSets() {
        try (AtariEnvironment env = env(new ScriptedEmulator(), plain(), 1)) {
            assertEquals(4, env.actionCount());
            assertEquals("FIRE", env.actionName(1));
            assertEquals("LEFT", env.actionName(3));
        }
        try (AtariEnvironment env = env(new ScriptedEmulator(), plain().fullActionSet(true), 1)) {
            assertEquals(18, env.actionCount());
            assertEquals("DOWNLEFTFIRE", env.actionName(17));
        }
    }

    @Test
    void frameStackOfOneAndTheObservationShape() {
        ScriptedEmulator emu = new ScriptedEmulator();
        try (AtariEnvironment env = env(emu, plain().frameStack(1), 1)) {
            assertEquals("84x84x1", env.observationShape().toString());
            env.reset(obs);
            env.step(0, obs);
            for (int p = 0; p < PIXELS; p += 101) {
                assertEquals(148 / 255f, Observations.get(obs, p), 1e-6);
            }
        }
    }

    @Test
    void sameSeedSameObservationsDifferentSeedDifferentStarts() {
        long[] a = play(7);
        long[] b = play(7);
        long[] c = play(8);
        assertEquals(java.util.Arrays.toString(a), java.util.Arrays.toString(b));
        assertNotEquals(java.util.Arrays.toString(a), java.util.Arrays.toString(c));
    }

    private long[] play(long seed) {
        ScriptedEmulator emu = new ScriptedEmulator();
        emu.gameLength = 41;
        long[] hashes = new long[200];
        try (AtariEnvironment env = env(emu, EnvOptions.defaults(), seed)) {
            env.reset(obs);
            for (int t = 0; t < hashes.length; t++) {
                if (env.step(t % 4, obs).episodeOver()) {
                    env.reset(obs);
                }
                hashes[t] = Observations.hash(obs, PIXELS * 4);
            }
        }
        return hashes;
    }

    @Test
    void badCallsAreRefusedAndCloseFreesEverything() {
        ScriptedEmulator emu = new ScriptedEmulator();
        AtariEnvironment env = env(emu, plain(), 1);
        MemorySegment small = arena.allocate(100);
        assertThrows(IllegalArgumentException.class, () -> env.reset(small));
        env.reset(obs);
        assertThrows(IllegalArgumentException.class, () -> env.step(4, obs));
        assertThrows(IllegalArgumentException.class, () -> env.step(-1, obs));
        assertTrue(env.screensAlive());
        env.close();
        assertTrue(emu.closed);
        assertFalse(env.screensAlive());
        assertThrows(IllegalStateException.class, () -> env.reset(obs));
        env.close(); // idempotent
    }
}
