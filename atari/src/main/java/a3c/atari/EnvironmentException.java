package a3c.atari;

/**
 * Every way an environment can refuse to start, with a one-line message meant for the user.
 *
 * <p>The command line prints {@code error: <message>} and exits non-zero, without a stack trace, so the
 * message alone must say what is wrong and how to fix it. {@link #kind()} lets callers and tests tell the
 * cases apart without parsing text.
 */
public final class EnvironmentException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What went wrong. */
    public enum Kind {
        /** The name is neither a built-in game nor a game ALE supports. */
        UNKNOWN_GAME,
        /** No ROM file was found in any place searched. */
        MISSING_ROM,
        /** A ROM file was found but its md5 is not ALE's ROM of the requested game. */
        WRONG_ROM,
        /** An option has a value out of range or inconsistent with another option. */
        BAD_OPTION,
        /** The emulator could not be started (the message carries ALE's reason). */
        EMULATOR
    }

    private final Kind kind;

    public EnvironmentException(Kind kind, String message) {
        super(oneLine(message));
        this.kind = kind;
    }

    public EnvironmentException(Kind kind, String message, Throwable cause) {
        super(oneLine(message), cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    private static String oneLine(String message) {
        return message.replace('\n', ' ').replace('\r', ' ');
    }
}
