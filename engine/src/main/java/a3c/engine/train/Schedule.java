package a3c.engine.train;

/**
 * Learning rate annealed linearly from its initial value to 0 over {@code annealFrames} (the run's frames
 * unless {@code --lr-anneal-frames} says otherwise; 0: constant, {@code --lr-anneal false}; after an optional
 * linear warm-up from 0 over {@code warmupFrames}, which the two multiply), and the optional
 * epsilon-greedy exploration decaying linearly over its own frame budget; both functions of the global
 * frame count, so a resumed run continues the same schedule.
 */
public record Schedule(double learningRate, long warmupFrames, long annealFrames, double epsilonStart, double epsilonEnd,
                       long epsilonFrames) {

    public double learningRate(long frames) {
        double warm = warmupFrames > 0 && frames < warmupFrames ? (double) frames / warmupFrames : 1.0;
        double anneal = annealFrames > 0 ? Math.max(0.0, 1.0 - (double) frames / annealFrames) : 1.0;
        return learningRate * warm * anneal;
    }

    /** Epsilon for epsilon-greedy exploration; 0 when it is off. */
    public double epsilon(long frames) {
        if (epsilonStart == 0 && epsilonEnd == 0) {
            return 0;
        }
        if (epsilonFrames <= 0 || frames >= epsilonFrames) {
            return epsilonEnd;
        }
        return epsilonStart + (epsilonEnd - epsilonStart) * frames / epsilonFrames;
    }
}
