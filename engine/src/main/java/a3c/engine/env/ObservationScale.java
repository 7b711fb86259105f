package a3c.engine.env;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Every observation times a constant ({@code --observation-scale}): the TensorFlow Breakout notebook feeds its
 * network grey levels 0..255 where the engine's frames are in [0, 1], and with its weights of standard
 * deviation 0.01 the scale of the input sets the size of everything after it.
 */
public final class ObservationScale implements ObservationFilter {
    private static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT;

    private final int floats;
    private final float scale;

    public ObservationScale(int floats, float scale) {
        this.floats = floats;
        this.scale = scale;
    }

    @Override
    public void apply(MemorySegment x) {
        for (int i = 0; i < floats; i++) {
            x.setAtIndex(F, i, x.getAtIndex(F, i) * scale);
        }
    }
}
