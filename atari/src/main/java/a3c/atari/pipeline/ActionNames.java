package a3c.atari.pipeline;

/** Names of the 18 Atari joystick action codes, in ALE's order ({@code PLAYER_A_NOOP} = 0 ...). */
public final class ActionNames {
    /** Action code of NOOP. */
    public static final int NOOP = 0;
    /** Action code of FIRE. */
    public static final int FIRE = 1;

    private static final String[] NAMES = {
        "NOOP", "FIRE", "UP", "RIGHT", "LEFT", "DOWN", "UPRIGHT", "UPLEFT", "DOWNRIGHT", "DOWNLEFT",
        "UPFIRE", "RIGHTFIRE", "LEFTFIRE", "DOWNFIRE", "UPRIGHTFIRE", "UPLEFTFIRE", "DOWNRIGHTFIRE", "DOWNLEFTFIRE"
    };

    private ActionNames() {
    }

    /** The name of an action code, or {@code ACTION_<code>} for codes outside the joystick set. */
    public static String of(int code) {
        return code >= 0 && code < NAMES.length ? NAMES[code] : "ACTION_" + code;
    }
}
