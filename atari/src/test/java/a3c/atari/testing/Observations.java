package a3c.atari.testing;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.zip.CRC32C;

/** Reading observations in tests. */
public final class Observations {
    private Observations() {
    }

    public static float get(MemorySegment obs, long index) {
        return obs.getAtIndex(ValueLayout.JAVA_FLOAT, index);
    }

    public static float[] toArray(MemorySegment obs, int floats) {
        return obs.asSlice(0, (long) floats * Float.BYTES).toArray(ValueLayout.JAVA_FLOAT);
    }

    /** A checksum of the first {@code floats} floats. */
    public static long hash(MemorySegment obs, int floats) {
        CRC32C crc = new CRC32C();
        crc.update(obs.asSlice(0, (long) floats * Float.BYTES).asByteBuffer());
        return crc.getValue();
    }
}
