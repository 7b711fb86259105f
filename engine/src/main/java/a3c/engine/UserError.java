package a3c.engine;

/**
 * A problem the user can fix (a bad flag, a missing or corrupt file, a diverged run): the command line
 * prints its one-line message, naming the cause and the fix, and exits non-zero without a stack trace.
 */
public class UserError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UserError(String message) {
        super(message);
    }

    public UserError(String message, Throwable cause) {
        super(message, cause);
    }
}
