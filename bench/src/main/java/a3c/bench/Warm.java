package a3c.bench;

import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * A kernel's own warm-up, run once per trial in {@code @Setup} after its answer is checked.
 *
 * <p>Until C2 has compiled them, Vector API loops run in the interpreter or in C1, which box every vector:
 * hundreds of times slower, allocating on every operation. The quick pass's 1 s of JMH warm-up is not always
 * enough for that on a busy 2-core machine (seen: small-batch trials still at 1-5% of their speed, or
 * allocating kilobytes per call, in their first measured iterations). Calling the kernel for up to
 * {@link #BUDGET_NANOS} first, untimed, lets JMH's own warm-up and measurement see compiled code.
 */
final class Warm {
    /** Wall-clock budget: enough for C2 to compile the tiles at batch 1, short enough for the smoke test. */
    static final long BUDGET_NANOS = 500_000_000L;
    /** Calls after which compiled code is surely in place (the tiers switch after a few thousand). */
    static final int MAX_CALLS = 20_000;

    private Warm() {
    }

    /**
     * Runs {@code kernel} until {@link #MAX_CALLS} calls or {@link #BUDGET_NANOS} have passed; not at all in a
     * pass without JMH warm-up (the smoke pass, which only proves that every benchmark runs).
     */
    static void up(BenchmarkParams params, Runnable kernel) {
        if (params.getWarmup().getCount() == 0) {
            return;
        }
        long start = System.nanoTime();
        for (int i = 0; i < MAX_CALLS && System.nanoTime() - start < BUDGET_NANOS; i++) {
            kernel.run();
        }
    }
}
