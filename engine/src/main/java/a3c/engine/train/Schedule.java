package a3c.engine.train;

/**
 * Learning rate annealed linearly from its initial value to 0 over {@code annealFrames} (the run's frames
 * unless {@code --lr-anneal-frames} says otherwise; 0: constant, {@code --lr-anneal false}; after an optional
 * linear warm-up from 0 over {@code warmupFrames}, which the two multiply), and the optional
 * epsilon-greedy exploration decaying linearly over its own frame budget, or over optimiser updates; all
 * functions of the run's global counts (both come back from a checkpoint), so a resumed run continues the
 * same schedule.
 */
public record Schedule(double learningRate, long warmupFrames, long annealFrames, double epsilonStart, double epsilonEnd,
                       long epsilonFrames, long epsilonUpdates) {

    /** Epsilon decaying over frames (or not at all). */
    public Schedule(double learningRate, long warmupFrames, long annealFrames, double epsilonStart, double epsilonEnd, long epsilonFrames) {
        this(learningRate, warmupFrames, annealFrames, epsilonStart, epsilonEnd, epsilonFrames, 0);
    }

    public double learningRate(long frames) {
        double warm = warmupFrames > 0 && frames < warmupFrames ? (double) frames / warmupFrames : 1.0;
        double anneal = annealFrames > 0 ? Math.max(0.0, 1.0 - (double) frames / annealFrames) : 1.0;
        return learningRate * warm * anneal;
    }

    /** Epsilon for epsilon-greedy exploration at {@code frames}; 0 when it is off. */
    public double epsilon(long frames) {
        return epsilon(frames, 0);
    }

    /**
     * Epsilon at {@code frames} and {@code updates} (optimiser steps of all workers): linear over
     * {@code epsilonUpdates} updates when that is set (the reference notebook's 5e-6 per training step), else
     * over {@code epsilonFrames} frames; 0 when exploration is off.
     */
    public double epsilon(long frames, long updates) {
        if (epsilonStart == 0 && epsilonEnd == 0) {
            return 0;
        }
        long at = epsilonUpdates > 0 ? updates : frames, span = epsilonUpdates > 0 ? epsilonUpdates : epsilonFrames;
        if (span <= 0 || at >= span) {
            return epsilonEnd;
        }
        return epsilonStart + (epsilonEnd - epsilonStart) * at / span;
    }
}
