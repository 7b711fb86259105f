package a3c.engine.cluster;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The parameter arithmetic of the cluster. A worker node trains its own arena with its Hogwild threads and,
 * every {@code --sync-ms}, sends the change since the learner's parameters it last received
 * ({@link #delta}); the learner adds it to the master parameters ({@link #add}) and answers with them; the
 * node then takes the master parameters plus whatever its threads changed while the message was away
 * ({@link #apply}), so no step is lost and none is sent twice. Floats travel little-endian in byte arrays: the
 * learner's parameters in fp32 when a node joins, changes and answers in fp16.
 *
 * <p>A change travels as IEEE half-precision floats (fp16: 2 bytes, 11 significant bits): a quarter of a sync's
 * bytes less. What rounding leaves out is not lost: the node remembers as sent only what the learner will add
 * ({@code base + fp16(change)}), so the remainder stays in its next change (error feedback). A change beyond
 * fp16's range (65,504) goes at that bound and the rest with the next syncs.
 *
 * <p>The learner's answers are its parameters rounded to fp16 (a part with a value beyond fp16's range goes in fp32;
 * the width of an answer's bytes says which): a node trains on the master's parameters to within fp16's rounding
 * (2^-11 of each value, 2^-25 near zero), as mixed-precision training computes with rounded copies of fp32 master
 * weights. The rounding never reaches the master: a node's change is taken against what it received, so it carries
 * only the node's own training.
 *
 * <p>Changes and answers travel in parts of at most {@link #PART} parameters (448 KiB in fp16): a part is added and
 * answered on its own, so no message and no array of the sync's is large enough for the garbage collector to treat
 * it as humongous (G1 allocates an object of half a region or more, 1 MB on a heap of a few GB, straight into old
 * regions and starts a concurrent cycle for it: with whole 2.7 MB messages the learner spent a tenth of its time in
 * GC pauses, bench/RESULTS.md). As few parts as that allows: each message costs every node's Pekko threads and the
 * kernel their hand-offs whatever its size (3 parts for {@code ff} where 128 KiB parts made 11; on 2 cores the
 * cluster's frames/s came out within a point of the 11 parts', bench/RESULTS.md "Fewer, larger parts").
 *
 * <p>The node's threads keep writing the arena while this reads and rewrites it: a step that lands on a float
 * between the read and the write of {@link #apply} (a chunk of {@link #CHUNK} floats, a few microseconds) is lost,
 * like any other Hogwild collision.
 *
 * <p>The messages' bytes are read and written through array views ({@link MethodHandles#byteArrayViewVarHandle}),
 * not as {@code MemorySegment.ofArray} segments: in one learner, minutes into a run, the JIT had left the heap
 * segments' access checks ({@code isAlignedForElement}) in these loops and they took most of its Java time, which
 * neither a benchmark of the loops nor another run showed (bench/RESULTS.md). The arenas (native segments) are not
 * read float by float either but in chunks of {@link #CHUNK} floats, copied to and from a float array by
 * {@code MemorySegment.copy}: in one learner run in three the JIT, inlining {@link #add} into
 * the learner's actor, left the native segment's alignment check ({@code isAlignedForElement}) in the loop as a
 * call, and the learner took 25-30 % of a core instead of 15-17 % (bench/RESULTS.md, "A learner in one run of three").
 */
public final class ParameterSync {
    /** A message's floats on the wire: little-endian, float {@code i} at byte {@code 4 i}. */
    private static final VarHandle WIRE = MethodHandles.byteArrayViewVarHandle(float[].class, ByteOrder.LITTLE_ENDIAN);
    /** A change's half-precision floats on the wire: little-endian, float {@code i} at byte {@code 2 i}. */
    private static final VarHandle HALF = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT;
    /** Bytes of one float of a change on the wire. */
    public static final int CHANGE_BYTES = 2;
    /** The largest finite fp16 value. */
    static final float HALF_MAX = 65_504f;
    /**
     * Parameters in one part of a change or an answer: 448 KiB in fp16, under half of G1's smallest region (1 MB,
     * the region of a heap under 4 GB) with the message's header; a part that goes in fp32 (896 KiB, rare: a value
     * beyond fp16's range) stays under half of the 2 MB regions of a heap of 4 GB or more, and on a smaller heap is
     * the one humongous message.
     */
    public static final int PART = 229_376;
    /** Floats an arena is copied in and out in (16 KiB: they stay in the first-level cache). */
    static final int CHUNK = 4_096;
    /** The arenas' floats on a message's little-endian bytes (a welcome, an fp32 answer): copied in bulk. */
    private static final ValueLayout.OfFloat WIRE_LAYOUT = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final MemorySegment local;
    private final long floats;
    /** The learner's parameters as last received. */
    private final float[] base;
    /** The node's parameters when it computed the change now on its way. */
    private final float[] sent;
    /** A chunk of the arena, copied out to be read and, for {@link #apply}, back (the node's link actor's: one thread at a time). */
    private final float[] chunk = new float[CHUNK];

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
        MemorySegment.copy(wire, WIRE_LAYOUT, 0, base, 0, base.length);
        MemorySegment.copy(wire, WIRE_LAYOUT, 0, local, F, 0, floats);
    }

    /**
     * Part {@code part} of the change since the learner's parameters last received, in fp16; remembers as sent the
     * parameters the learner's will be after adding it (so what fp16 rounded off goes with the next change).
     */
    public byte[] delta(int part) {
        int from = offset(part), n = partLength(from);
        byte[] out = new byte[n * CHANGE_BYTES];
        for (int c = 0; c < n; c += CHUNK) {
            int m = Math.min(CHUNK, n - c);
            MemorySegment.copy(local, F, (long) (from + c) * Float.BYTES, chunk, 0, m);
            for (int i = 0; i < m; i++) {
                int j = from + c + i;
                float change = chunk[i] - base[j];
                // beyond fp16's range: the bound now, the rest later; NaN and infinities stay what they are (the learner refuses them)
                short half = Float.floatToFloat16(Float.isFinite(change) ? Math.clamp(change, -HALF_MAX, HALF_MAX) : change);
                HALF.set(out, (c + i) * CHANGE_BYTES, half);
                sent[j] = base[j] + Float.float16ToFloat(half);
            }
        }
        return out;
    }

    /**
     * The learner's answer to a part of the last {@link #delta}: its parameters in that part (fp16, or fp32 where
     * one is beyond fp16's range), plus what the node did to them since it sent.
     */
    public void apply(int offset, byte[] learner) {
        int n = partLength(offset);
        boolean half = learner.length == n * CHANGE_BYTES;
        if (!half && learner.length != n * Float.BYTES) {
            throw new IllegalArgumentException("parameters of " + learner.length + " bytes at parameter " + offset + " for a part of " + n
                    + " parameters (" + n * CHANGE_BYTES + " or " + n * Float.BYTES + " bytes)");
        }
        for (int c = 0; c < n; c += CHUNK) {
            int m = Math.min(CHUNK, n - c);
            long at = (long) (offset + c) * Float.BYTES;
            MemorySegment.copy(local, F, at, chunk, 0, m);
            for (int i = 0; i < m; i++) {
                float master = half ? Float.float16ToFloat((short) HALF.get(learner, (c + i) * CHANGE_BYTES))
                        : (float) WIRE.get(learner, (c + i) * Float.BYTES);
                int j = offset + c + i;
                chunk[i] = master + (chunk[i] - sent[j]); // plus what the node's threads did since it sent
                base[j] = master;
            }
            MemorySegment.copy(chunk, 0, local, F, at, m);
        }
    }

    /** The parameters in this network's part that starts at {@code offset} (a whole part's start inside the network). */
    private int partLength(int offset) {
        if (!isPartStart(offset, floats)) {
            throw new IllegalArgumentException("parameter " + offset + " is not the start of a part of a network of " + floats);
        }
        return partLength(offset, floats);
    }

    /** The parameters in the part that starts at {@code offset} of a network of {@code floats} (the last one may be short). */
    private static int partLength(long offset, long floats) {
        return (int) Math.min(PART, floats - offset);
    }

    /**
     * The learner's side: {@code master += delta} (fp16) for the parameters from {@code offset} on, in the same pass
     * the master's new values there rounded to fp16 as a message's bytes; in fp32 instead where one of them is beyond
     * fp16's range (or not finite).
     */
    public static byte[] add(MemorySegment master, long floats, int offset, byte[] delta) {
        checkChange(delta, offset, floats);
        int n = delta.length / CHANGE_BYTES, beyond = 0;
        byte[] out = new byte[n * CHANGE_BYTES];
        float[] chunk = new float[Math.min(CHUNK, n)];
        for (int c = 0; c < n; c += CHUNK) {
            int m = Math.min(CHUNK, n - c);
            long at = (long) (offset + c) * Float.BYTES;
            MemorySegment.copy(master, F, at, chunk, 0, m);
            for (int i = 0; i < m; i++) {
                float v = chunk[i] + Float.float16ToFloat((short) HALF.get(delta, (c + i) * CHANGE_BYTES));
                chunk[i] = v;
                HALF.set(out, (c + i) * CHANGE_BYTES, Float.floatToFloat16(v));
                beyond += Math.abs(v) <= HALF_MAX ? 0 : 1; // NaN counts: counted without a branch (nearly always none)
            }
            MemorySegment.copy(chunk, 0, master, F, at, m);
        }
        return beyond == 0 ? out : wide(master, offset, n);
    }

    /** The master's {@code n} parameters from {@code offset} on as fp32 bytes. */
    private static byte[] wide(MemorySegment master, int offset, int n) {
        byte[] out = new byte[n * Float.BYTES];
        MemorySegment.copy(master, F, (long) offset * Float.BYTES, MemorySegment.ofArray(out), WIRE_LAYOUT, 0, n);
        return out;
    }

    /** Whether every fp16 float of a change is finite (a node whose training diverged sends NaN or infinities). */
    public static boolean finite(byte[] delta) {
        int n = delta.length / CHANGE_BYTES, bad = 0;
        for (int i = 0; i < n; i++) { // exponent all ones: infinity or NaN; counted without a branch (nearly always none)
            bad += ((short) HALF.get(delta, i * CHANGE_BYTES) & 0x7c00) == 0x7c00 ? 1 : 0;
        }
        return bad == 0;
    }

    /**
     * Whether a change's {@code bytes} at {@code offset} are one whole part of a network of {@code floats}: fp16 floats
     * from a part's start to its end (the width of the learner's answer tells fp16 from fp32 only for whole parts).
     */
    public static boolean fitsChange(byte[] bytes, long offset, long floats) {
        return isPartStart(offset, floats) && bytes.length == partLength(offset, floats) * CHANGE_BYTES;
    }

    private static boolean isPartStart(long offset, long floats) {
        return offset >= 0 && offset < floats && offset % PART == 0;
    }

    /** The learner's parameters as a message's bytes, fp32 (the welcome of a node that joins). */
    public static byte[] copy(MemorySegment master, long floats) {
        return wide(master, 0, Math.toIntExact(floats));
    }

    /** A change must be one whole part ({@link #fitsChange}). */
    private static void checkChange(byte[] delta, int offset, long floats) {
        if (!fitsChange(delta, offset, floats)) {
            throw new IllegalArgumentException("a change of " + delta.length + " bytes at parameter " + offset + " for a network of " + floats
                    + " (one whole part of at most " + PART + " fp16 parameters)");
        }
    }
}
