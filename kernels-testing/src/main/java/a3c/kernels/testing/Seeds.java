package a3c.kernels.testing;

import java.util.SplittableRandom;

/**
 * Random seeds for tests: fresh each run unless {@code -Da3c.test.seed=N} fixes them, and always printed,
 * so any failure replays exactly.
 */
public final class Seeds {
    private Seeds() {
    }

    /** A seeded generator for {@code what}, announcing its seed on standard output. */
    public static SplittableRandom random(String what) {
        String fixed = System.getProperty("a3c.test.seed");
        long seed = fixed != null ? Long.parseLong(fixed.trim()) : System.nanoTime() ^ what.hashCode() * 0x9E3779B97F4A7C15L;
        System.out.println("seed " + seed + " for " + what + " (replay: -Da3c.test.seed=" + seed + ")");
        return new SplittableRandom(seed);
    }
}
