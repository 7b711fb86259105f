package a3c.atari.games;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import a3c.atari.EnvOptions;
import a3c.atari.StepResult;
import a3c.atari.testing.Observations;

class CatchEnvironmentTest {
    private final Arena arena = Arena.ofConfined();

    @AfterEach
    void free() {
        arena.close();
    }

    private static int sign(int v) {
        return Integer.signum(v);
    }

    @Test
    void followingTheBallAlwaysCatchesIt() {
        EnvOptions options = EnvOptions.defaults().build().validate();
        try (CatchEnvironment env = new CatchEnvironment(options, 3)) {
            MemorySegment obs = arena.allocate(env.observationShape().bytes());
            for (int episode = 0; episode < 50; episode++) {
                env.reset(obs);
                StepResult r;
                int steps = 0;
                do {
                    int[] s = env.state();
                    r = env.step(1 + sign(s[1] - s[2]), obs);
                    steps++;
                } while (!r.episodeOver());
                assertEquals(6, steps, "7 cells: the ball falls 6 rows");
                assertEquals(1f, r.reward());
                assertEquals(1.0, env.episodeReturn());
                assertTrue(env.gameOver());
            }
        }
    }

    @Test
    void missingTheBallCostsOne() {
        EnvOptions options = EnvOptions.defaults().catchSize(24).catchCells(12).build().validate();
        try (CatchEnvironment env = new CatchEnvironment(options, 5)) {
            MemorySegment obs = arena.allocate(env.observationShape().bytes());
            for (int episode = 0; episode < 20; episode++) {
                env.reset(obs);
                StepResult r;
                do {
                    int[] s = env.state();
                    // move away from the ball
                    r = env.step(s[1] <= s[2] ? 2 : 0, obs);
                    assertEquals(r.episodeOver() ? r.reward() : 0f, r.reward());
                } while (!r.episodeOver());
                int[] s = env.state();
                assertEquals(s[1] == s[2] ? 1f : -1f, r.reward());
                assertEquals(11, env.episodeLength());
            }
        }
    }

    @Test
    void pixelsShowTheBallAndThePaddleStackedOldestFirst() {
        EnvOptions options = EnvOptions.defaults().catchSize(14).catchCells(7).frameStack(2).build().validate();
        try (CatchEnvironment env = new CatchEnvironment(options, 11)) {
            assertEquals("14x14x2", env.observationShape().toString());
            MemorySegment obs = arena.allocate(env.observationShape().bytes());
            env.reset(obs);
            int ballColumn = env.state()[1];
            env.step(2, obs); // paddle right, ball down one row
            float[] o = Observations.toArray(obs, 14 * 14 * 2);
            int lit0 = 0;
            int lit1 = 0;
            for (int y = 0; y < 14; y++) {
                for (int x = 0; x < 14; x++) {
                    float old = o[(y * 14 + x) * 2];
                    float now = o[(y * 14 + x) * 2 + 1];
                    boolean ballThen = y / 2 == 0 && x / 2 == ballColumn;
                    boolean ballNow = y / 2 == 1 && x / 2 == ballColumn;
                    boolean paddleThen = y / 2 == 6 && x / 2 == 3;
                    boolean paddleNow = y / 2 == 6 && x / 2 == 4;
                    assertEquals(ballThen || paddleThen ? 1f : 0f, old, "old y=" + y + " x=" + x);
                    assertEquals(ballNow || paddleNow ? 1f : 0f, now, "new y=" + y + " x=" + x);
                    lit0 += (int) old;
                    lit1 += (int) now;
                }
            }
            assertEquals(8, lit0);
            assertEquals(8, lit1);
        }
    }

    @Test
    void sameSeedSameGames() {
        EnvOptions options = EnvOptions.defaults().build().validate();
        long[] a = new long[100];
        long[] b = new long[100];
        for (long[] hashes : new long[][] {a, b}) {
            try (CatchEnvironment env = new CatchEnvironment(options, 42)) {
                MemorySegment obs = arena.allocate(env.observationShape().bytes());
                env.reset(obs);
                for (int t = 0; t < hashes.length; t++) {
                    if (env.step(t % 3, obs).episodeOver()) {
                        env.reset(obs);
                    }
                    hashes[t] = Observations.hash(obs, env.observationShape().floats());
                }
            }
        }
        assertArrayEquals(a, b);
    }

    @Test
    void stepAfterTheEndIsRefused() {
        try (CatchEnvironment env = new CatchEnvironment(EnvOptions.defaults().build().validate(), 1)) {
            MemorySegment obs = arena.allocate(env.observationShape().bytes());
            assertThrows(IllegalStateException.class, () -> env.step(0, obs));
            env.reset(obs);
            assertThrows(IllegalArgumentException.class, () -> env.step(3, obs));
            assertFalse(env.gameOver());
            assertEquals(1, env.framesPerStep());
            assertEquals("RIGHT", env.actionName(2));
        }
    }
}
