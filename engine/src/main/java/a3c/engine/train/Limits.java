package a3c.engine.train;

/**
 * When a run stops: at {@code frames} (always set), and also after {@code seconds} of this session's training
 * or {@code games} whole games over all sessions, where those are above 0.
 */
public record Limits(long frames, double seconds, long games) {
    /** The reason the monitor gives for stopping, or null to go on. */
    String reached(long framesNow, double sessionSeconds, long gamesNow) {
        if (framesNow >= frames) {
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
