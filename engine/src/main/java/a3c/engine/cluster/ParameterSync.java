package a3c.engine.cluster;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * The parameter arithmetic of the cluster. A worker node trains its own arena with its Hogwild threads and,
 * every {@code --sync-ms}, sends the change since the learner's parameters it last received
 * ({@link #delta}); the learner adds it to the master parameters ({@link #add}) and answers with them; the
 * node then takes the master parameters plus whatever its threads changed while the message was away
 * ({@link #apply}), so no step is lost and none is sent twice. Floats travel little-endian in byte arrays.
 *
 * <p>The node's threads keep writing the arena while this reads and rewrites it: a step that lands on a float
 * between the read and the write of {@link #apply} is lost, like any other Hogwild collision.
 */
public final class ParameterSync {
    static final ValueLayout.OfFloat WIRE = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final MemorySegment local;
    private final long floats;
    /** The learner's parameters as last received. */
    private final float[] base;
    /** The node's parameters when it computed the change now on its way. */
    private final float[] sent;

    /** {@code local}: the node's arena, {@code floats} long. */
    public ParameterSync(MemorySegment local, long floats) {
        if (floats > Integer.MAX_VALUE / Float.BYTES) {
            throw new IllegalArgumentException(floats + " parameters do not fit one message");
        }
        this.local = local;
        this.floats = floats;
        this.base = new float[(int) floats];
        this.sent = new float[(int) floats];
    }

    /** The node starts from the learner's parameters. */
    public void start(byte[] learner) {
        check(learner);
        MemorySegment wire = MemorySegment.ofArray(learner);
        for (int i = 0; i < floats; i++) {
            float m = wire.getAtIndex(WIRE, i);
            base[i] = m;
            local.setAtIndex(ValueLayout.JAVA_FLOAT, i, m);
        }
    }

    /** The change since the learner's parameters last received; remembers the parameters it was taken from. */
    public byte[] delta() {
        byte[] out = new byte[(int) floats * Float.BYTES];
        MemorySegment wire = MemorySegment.ofArray(out);
        for (int i = 0; i < floats; i++) {
            float p = local.getAtIndex(ValueLayout.JAVA_FLOAT, i);
            sent[i] = p;
            wire.setAtIndex(WIRE, i, p - base[i]);
        }
        return out;
    }

    /** The learner's answer to the last {@link #delta}: its parameters, plus what the node did since it sent. */
    public void apply(byte[] learner) {
        check(learner);
        MemorySegment wire = MemorySegment.ofArray(learner);
        for (int i = 0; i < floats; i++) {
            float m = wire.getAtIndex(WIRE, i);
            float since = local.getAtIndex(ValueLayout.JAVA_FLOAT, i) - sent[i];
            local.setAtIndex(ValueLayout.JAVA_FLOAT, i, m + since);
            base[i] = m;
        }
    }

    /** The learner's side: {@code master += delta}, in the same pass the master's new parameters as a message's bytes. */
    public static byte[] add(MemorySegment master, long floats, byte[] delta) {
        check(delta, floats);
        MemorySegment wire = MemorySegment.ofArray(delta);
        byte[] out = new byte[delta.length];
        MemorySegment after = MemorySegment.ofArray(out);
        for (long i = 0; i < floats; i++) {
            float m = master.getAtIndex(ValueLayout.JAVA_FLOAT, i) + wire.getAtIndex(WIRE, i);
            master.setAtIndex(ValueLayout.JAVA_FLOAT, i, m);
            after.setAtIndex(WIRE, i, m);
        }
        return out;
    }

    /** Whether every float of a change is finite (a node whose training diverged sends NaN or infinities). */
    public static boolean finite(byte[] delta) {
        MemorySegment wire = MemorySegment.ofArray(delta);
        long n = delta.length / Float.BYTES;
        for (long i = 0; i < n; i++) {
            if (!Float.isFinite(wire.getAtIndex(WIRE, i))) {
                return false;
            }
        }
        return true;
    }

    /** The learner's parameters as a message's bytes. */
    public static byte[] copy(MemorySegment master, long floats) {
        byte[] out = new byte[Math.toIntExact(floats * Float.BYTES)];
        MemorySegment wire = MemorySegment.ofArray(out);
        for (long i = 0; i < floats; i++) {
            wire.setAtIndex(WIRE, i, master.getAtIndex(ValueLayout.JAVA_FLOAT, i));
        }
        return out;
    }

    private void check(byte[] bytes) {
        check(bytes, floats);
    }

    private static void check(byte[] bytes, long floats) {
        if (bytes.length != floats * Float.BYTES) {
            throw new IllegalArgumentException("a message of " + bytes.length / Float.BYTES + " parameters for a network of " + floats);
        }
    }
}
