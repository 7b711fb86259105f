package a3c.atari.pipeline;

import static org.junit.jupiter.api.Assertions.fail;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import a3c.atari.EnvOptions;
import a3c.atari.Environment;
import a3c.atari.Environments;
import a3c.atari.testing.TestRoms;

/**
 * After warm-up, {@code step} and {@code reset} allocate nothing: the thread's allocated-bytes counter does
 * not move over thousands of steps, resets included.
 */
class AllocationTest {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    /** Bytes allocated by this thread while playing {@code steps} random steps (resetting as needed). */
    private static long allocatedWhilePlaying(Environment env, MemorySegment obs, SplittableRandom random, int steps) {
        int actions = env.actionCount();
        long before = THREADS.getCurrentThreadAllocatedBytes();
        for (int t = 0; t < steps; t++) {
            if (env.step(random.nextInt(actions), obs).episodeOver()) {
                env.reset(obs);
            }
        }
        return THREADS.getCurrentThreadAllocatedBytes() - before;
    }

    /**
     * Plays rounds of {@code steps} steps until one allocates nothing (at most 10). An allocation in
     * {@code step} or {@code reset} would show in every round; the JIT's own transitions (compilation tiers,
     * on-stack replacement) can charge a few bytes to a round early on, which is why one clean round
     * suffices.
     */
    private static void assertNoAllocation(Environment env, int steps) {
        try (env; Arena arena = Arena.ofConfined()) {
            MemorySegment obs = arena.allocate(env.observationShape().bytes());
            SplittableRandom random = new SplittableRandom(4);
            env.reset(obs);
            long measuring = allocatedWhilePlaying(env, obs, random, 0); // what measuring itself costs
            long[] rounds = new long[10];
            for (int round = 0; round < rounds.length; round++) {
                rounds[round] = allocatedWhilePlaying(env, obs, random, steps) - measuring;
                if (rounds[round] == 0) {
                    return;
                }
            }
            fail(env.name() + ": every round of " + steps + " steps allocated; bytes per round: "
                    + Arrays.toString(rounds));
        }
    }

    @Test
    void scriptedAtari() {
        ScriptedEmulator emu = new ScriptedEmulator();
        emu.gameLength = 997;
        emu.lives = f -> 3 - f / 300;
        emu.reward = f -> f % 17 == 0 ? 1 : 0;
        assertNoAllocation(new AtariEnvironment("scripted", emu, EnvOptions.defaults().build().validate(), 1), 5_000);
    }

    @Test
    void builtInGames() {
        assertNoAllocation(Environments.make("catch", EnvOptions.defaults(), 1), 5_000);
        assertNoAllocation(Environments.make("cartpole", EnvOptions.defaults(), 1), 5_000);
    }

    @Test
    void breakoutThroughAle() {
        TestRoms.rom("breakout");
        assertNoAllocation(Environments.make("breakout", EnvOptions.defaults().romDir(TestRoms.dir()), 1), 1_000);
    }
}
