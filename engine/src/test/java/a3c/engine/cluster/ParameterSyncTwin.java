package a3c.engine.cluster;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * The cluster's parameter arithmetic as first written, through {@code MemorySegment.ofArray} views of the messages:
 * the plain twin that {@link ParameterSync} (array views, int loops) must equal byte for byte.
 */
final class ParameterSyncTwin {
    static final ValueLayout.OfFloat WIRE = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    /** A change's half-precision floats on the wire. */
    static final ValueLayout.OfShort HALF = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    /** Bytes of one float of a change on the wire. */
    public static final int CHANGE_BYTES = 2;
    /** The largest finite fp16 value. */
    static final float HALF_MAX = 65_504f;
    /** Parameters in one part of a change or an answer: 256 KiB of an answer, 128 KiB of a change. */
    public static final int PART = 65_536;

    private final MemorySegment local;
    private final long floats;
    /** The learner's parameters as last received. */
    private final float[] base;
    /** The node's parameters when it computed the change now on its way. */
    private final float[] sent;

    /** {@code local}: the node's arena, {@code floats} long. */
    ParameterSyncTwin(MemorySegment local, long floats) {
        if (floats > Integer.MAX_VALUE / Float.BYTES) {
            throw new IllegalArgumentException(floats + " parameters do not fit one message");
        }
        this.local = local;
        this.floats = floats;
        this.base = new float[(int) floats];
        this.sent = new float[(int) floats];
    }

    /** The parts a change of {@code floats} parameters travels in. */
    public static int parts(long floats) {
        return (int) ((floats + PART - 1) / PART);
    }

    /** The first parameter of part {@code part}. */
    public static int offset(int part) {
        return part * PART;
    }

    /** The node starts from the learner's parameters. */
    public void start(byte[] learner) {
        if (learner.length != floats * Float.BYTES) {
            throw new IllegalArgumentException("a message of " + learner.length / Float.BYTES + " parameters for a network of " + floats);
        }
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
    public byte[] delta(int part) {
        int from = offset(part), n = (int) Math.min(PART, floats - from);
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
     * The learner's answer to a part of the last {@link #delta}: its parameters from {@code offset} on, plus what
     * the node did to them since it sent.
     */
    public void apply(int offset, byte[] learner) {
        check("parameters", learner, Float.BYTES, offset, floats);
        MemorySegment wire = MemorySegment.ofArray(learner);
        int n = learner.length / Float.BYTES;
        for (int i = 0; i < n; i++) {
            float m = wire.getAtIndex(WIRE, i);
            int j = offset + i;
            float since = local.getAtIndex(ValueLayout.JAVA_FLOAT, j) - sent[j];
            local.setAtIndex(ValueLayout.JAVA_FLOAT, j, m + since);
            base[j] = m;
        }
    }

    /**
     * The learner's side: {@code master += delta} (fp16) for the parameters from {@code offset} on, in the same pass
     * the master's new values there as a message's bytes (fp32).
     */
    public static byte[] add(MemorySegment master, long floats, int offset, byte[] delta) {
        check("a change", delta, CHANGE_BYTES, offset, floats);
        MemorySegment wire = MemorySegment.ofArray(delta);
        int n = delta.length / CHANGE_BYTES;
        byte[] out = new byte[n * Float.BYTES];
        MemorySegment after = MemorySegment.ofArray(out);
        for (long i = 0; i < n; i++) {
            float m = master.getAtIndex(ValueLayout.JAVA_FLOAT, offset + i) + Float.float16ToFloat(wire.getAtIndex(HALF, i));
            master.setAtIndex(ValueLayout.JAVA_FLOAT, offset + i, m);
            after.setAtIndex(WIRE, i, m);
        }
        return out;
    }

    /** Whether every fp16 float of a change is finite (a node whose training diverged sends NaN or infinities). */
    public static boolean finite(byte[] delta) {
        MemorySegment wire = MemorySegment.ofArray(delta);
        long n = delta.length / CHANGE_BYTES;
        for (long i = 0; i < n; i++) {
            if ((wire.getAtIndex(HALF, i) & 0x7c00) == 0x7c00) { // exponent all ones: infinity or NaN
                return false;
            }
        }
        return true;
    }

    /** Whether a change's {@code bytes} at {@code offset} are whole fp16 floats inside a network of {@code floats} (an empty part is not). */
    public static boolean fitsChange(byte[] bytes, long offset, long floats) {
        return fits(bytes, CHANGE_BYTES, offset, floats);
    }

    private static boolean fits(byte[] bytes, int width, long offset, long floats) {
        return bytes.length > 0 && bytes.length % width == 0 && offset >= 0 && offset + bytes.length / width <= floats;
    }

    /** The learner's parameters as a message's bytes (the welcome of a node that joins). */
    public static byte[] copy(MemorySegment master, long floats) {
        byte[] out = new byte[Math.toIntExact(floats * Float.BYTES)];
        MemorySegment wire = MemorySegment.ofArray(out);
        for (long i = 0; i < floats; i++) {
            wire.setAtIndex(WIRE, i, master.getAtIndex(ValueLayout.JAVA_FLOAT, i));
        }
        return out;
    }

    /** {@code what}'s bytes at {@code offset}, {@code width} bytes a parameter, must fit the network ({@link #fits}). */
    private static void check(String what, byte[] bytes, int width, long offset, long floats) {
        if (!fits(bytes, width, offset, floats)) {
            throw new IllegalArgumentException(what + " of " + bytes.length + " bytes at parameter " + offset + " for a network of " + floats);
        }
    }
}
