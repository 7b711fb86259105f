package a3c.engine.train;

/**
 * When a run stops: at {@code frames} (always set), and also after {@code seconds} of this session's training
 * or {@code games} whole games over all sessions, where those are above 0. With {@code framesByWorkers} the
 * monitor leaves the frame limit to the training threads, which stop themselves at it where their own order
 * puts it ({@code --deterministic}: a stop requested from outside could land between two of them).
 */
public record Limits(long frames, double seconds, long games, boolean framesByWorkers) {
    /** The reason the monitor gives for stopping, or null to go on. */
    String reached(long framesNow, double sessionSeconds, long gamesNow) {
        if (framesNow >= frames && !framesByWorkers) {
            return "frames done";
        }
        if (games > 0 && gamesNow >= games) {
            return "episodes done";
        }
        if (seconds > 0 && sessionSeconds >= seconds) {
            return "time limit";
        }
        return null;
    }
}
