package a3c.engine.cli;

import a3c.atari.EnvironmentException;
import a3c.engine.UserError;

/** Maps the other modules' bad-input exceptions to the engine's one-line {@link UserError}. */
final class Errors {
    private Errors() {
    }

    /** The environment's refusal (unknown game, missing or wrong ROM, bad option) as a user error; else null. */
    static UserError fromEnvironment(Throwable t) {
        if (t instanceof EnvironmentException e) {
            return new UserError(e.getMessage(), e);
        }
        return null;
    }
}
