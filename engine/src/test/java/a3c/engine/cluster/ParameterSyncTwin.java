package a3c.engine.cluster;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * The cluster's parameter arithmetic written plainly, through {@code MemorySegment.ofArray} views of the messages
 * (the first version's loops; answers in fp16 since): the twin that {@link ParameterSync} (array views, int loops)
 * must equal byte for byte. The arithmetic only: the parts and the checks of a message's size are
 * {@link ParameterSync}'s.
 */
final class ParameterSyncTwin {
    static final ValueLayout.OfFloat WIRE = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    /** A change's half-precision floats on the wire. */
    static final ValueLayout.OfShort HALF = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final int CHANGE_BYTES = ParameterSync.CHANGE_BYTES, PART = ParameterSync.PART;
    private static final float HALF_MAX = ParameterSync.HALF_MAX;

    private final MemorySegment local;
    private final long floats;
    /** The learner's parameters as last received. */
    private final float[] base;
    /** The node's parameters when it computed the change now on its way. */
    private final float[] sent;

    /** {@code local}: the node's arena, {@code floats} long. */
    ParameterSyncTwin(MemorySegment local, long floats) {
        this.local = local;
        this.floats = floats;
        this.base = new float[(int) floats];
        this.sent = new float[(int) floats];
    }

    /** The node starts from the learner's parameters. */
    void start(byte[] learner) {
        MemorySegment wire = MemorySegment.ofArray(learner);
        for (int i = 0; i < floats; i++) {
            float m = wire.getAtIndex(WIRE, i);
            base[i] = m;
            local.setAtIndex(ValueLayout.JAVA_FLOAT, i, m);
        }
    }

    /**
     * Part {@code part} of the change since the learner's parameters last received, in fp16; remembers as sent the
     * parameters the learner's will be after adding it (so what fp16 rounded off goes with the next change).
     */
    byte[] delta(int part) {
        int from = ParameterSync.offset(part), n = (int) Math.min(PART, floats - from);
        byte[] out = new byte[n * CHANGE_BYTES];
        MemorySegment wire = MemorySegment.ofArray(out);
        for (int i = 0; i < n; i++) {
            int j = from + i;
            float change = local.getAtIndex(ValueLayout.JAVA_FLOAT, j) - base[j];
            // beyond fp16's range: the bound now, the rest later; NaN and infinities stay what they are (the learner refuses them)
            short half = Float.floatToFloat16(Float.isFinite(change) ? Math.clamp(change, -HALF_MAX, HALF_MAX) : change);
            wire.setAtIndex(HALF, i, half);
            sent[j] = base[j] + Float.float16ToFloat(half);
        }
        return out;
    }

    /**
     * The learner's answer to a part of the last {@link #delta}: its parameters in that part (fp16, or fp32 where
     * one is beyond fp16's range: two or four bytes a parameter), plus what the node did to them since it sent.
     */
    void apply(int offset, byte[] learner) {
        MemorySegment wire = MemorySegment.ofArray(learner);
        int n = (int) Math.min(PART, floats - offset);
        boolean half = learner.length == n * CHANGE_BYTES;
        for (int i = 0; i < n; i++) {
            float m = half ? Float.float16ToFloat(wire.getAtIndex(HALF, i)) : wire.getAtIndex(WIRE, i);
            int j = offset + i;
            float since = local.getAtIndex(ValueLayout.JAVA_FLOAT, j) - sent[j];
            local.setAtIndex(ValueLayout.JAVA_FLOAT, j, m + since);
            base[j] = m;
        }
    }

    /**
     * The learner's side: {@code master += delta} (fp16) for the parameters from {@code offset} on, then the master's
     * new values there as a message's bytes: fp16 if every one is within fp16's range, fp32 otherwise.
     */
    static byte[] add(MemorySegment master, long floats, int offset, byte[] delta) {
        MemorySegment wire = MemorySegment.ofArray(delta);
        int n = delta.length / CHANGE_BYTES;
        boolean beyond = false;
        for (long i = 0; i < n; i++) {
            float m = master.getAtIndex(ValueLayout.JAVA_FLOAT, offset + i) + Float.float16ToFloat(wire.getAtIndex(HALF, i));
            master.setAtIndex(ValueLayout.JAVA_FLOAT, offset + i, m);
            if (!(Math.abs(m) <= HALF_MAX)) {
                beyond = true;
            }
        }
        byte[] out = new byte[n * (beyond ? Float.BYTES : CHANGE_BYTES)];
        MemorySegment after = MemorySegment.ofArray(out);
        for (long i = 0; i < n; i++) {
            float m = master.getAtIndex(ValueLayout.JAVA_FLOAT, offset + i);
            if (beyond) {
                after.setAtIndex(WIRE, i, m);
            } else {
                after.setAtIndex(HALF, i, Float.floatToFloat16(m));
            }
        }
        return out;
    }

    /** Whether every fp16 float of a change is finite (a node whose training diverged sends NaN or infinities). */
    static boolean finite(byte[] delta) {
        MemorySegment wire = MemorySegment.ofArray(delta);
        long n = delta.length / CHANGE_BYTES;
        for (long i = 0; i < n; i++) {
            if ((wire.getAtIndex(HALF, i) & 0x7c00) == 0x7c00) { // exponent all ones: infinity or NaN
                return false;
            }
        }
        return true;
    }

    /** The learner's parameters as a message's bytes (the welcome of a node that joins). */
    static byte[] copy(MemorySegment master, long floats) {
        byte[] out = new byte[Math.toIntExact(floats * Float.BYTES)];
        MemorySegment wire = MemorySegment.ofArray(out);
        for (long i = 0; i < floats; i++) {
            wire.setAtIndex(WIRE, i, master.getAtIndex(ValueLayout.JAVA_FLOAT, i));
        }
        return out;
    }
}
