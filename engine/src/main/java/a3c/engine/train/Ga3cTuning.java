package a3c.engine.train;

import java.util.SplittableRandom;

/**
 * GA3C's dynamic adjustment (Babaeizadeh et al. 2017, section 4.4), as a hill climb: every interval, the run's
 * frames/s under the counts being tried is compared with the rate of the counts kept before them; a trial
 * that did not beat them is undone; then one of the three counts (active agents, predictors, trainers) moves
 * one up or down, at random, within 1 and the run's configured number. The decision alone, without threads or
 * clocks, so that it can be tested step by step ({@link Ga3c} applies it).
 */
final class Ga3cTuning {
    /** Active agents, predictors, trainers. */
    private final int[] counts;
    private final int[] max;
    private final int[] kept;
    private final SplittableRandom rng;
    private double keptRate = Double.NaN;
    private boolean trying;

    Ga3cTuning(int agents, int predictors, int trainers, long seed) {
        max = new int[] {agents, predictors, trainers};
        counts = max.clone();
        kept = max.clone();
        rng = new SplittableRandom(seed);
    }

    /**
     * The counts to run next, given the frames/s measured over the interval just ended under {@link #counts()}.
     */
    int[] next(double rate) {
        if (trying && !(rate > keptRate)) { // the trial did no better: back to the counts kept
            System.arraycopy(kept, 0, counts, 0, counts.length);
        } else { // the first interval, or a trial that did better: keep what ran
            System.arraycopy(counts, 0, kept, 0, counts.length);
            keptRate = rate;
        }
        // one count, one step, staying within 1..max (a move that would leave the range goes the other way)
        int which = rng.nextInt(counts.length);
        int step = rng.nextBoolean() ? 1 : -1;
        if (counts[which] + step < 1 || counts[which] + step > max[which]) {
            step = -step;
        }
        trying = counts[which] + step >= 1 && counts[which] + step <= max[which];
        if (trying) {
            counts[which] += step;
        }
        return counts();
    }

    int[] counts() {
        return counts.clone();
    }

    /** The rate of the counts kept (NaN before the first interval). */
    double keptRate() {
        return keptRate;
    }
}
