package a3c.atari.games;

import java.lang.foreign.MemorySegment;

import a3c.atari.ObservationShape;

/** Argument checks shared by the built-in games (they allocate only when they throw). */
final class Games {
    private Games() {
    }

    static void checkBuffer(MemorySegment observation, ObservationShape shape) {
        if (observation.byteSize() < shape.bytes()) {
            throw new IllegalArgumentException("observation buffer has " + observation.byteSize() + " bytes; "
                    + shape + " floats need " + shape.bytes());
        }
    }

    static void checkStep(MemorySegment observation, ObservationShape shape, boolean over, int action, int actions) {
        checkBuffer(observation, shape);
        if (over) {
            throw new IllegalStateException("step after the episode ended: call reset first");
        }
        if (action < 0 || action >= actions) {
            throw new IllegalArgumentException("action=" + action + " is out of range: use 0 .. " + (actions - 1));
        }
    }
}
