package a3c.engine.io;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32C;

import a3c.engine.UserError;

/**
 * A checkpoint: a header of {@code key=value} lines (config, counters, the parameter layout's signature),
 * the shared parameters and the shared optimiser statistics.
 *
 * <pre>
 *  0    8  magic "A3CJVMCK"
 *  8    4  format version
 *  12   4  header length H, then H bytes of UTF-8 "key=value\n" lines
 *  ..   8  parameter count P, then P float32 parameters
 *  ..   8  statistics count S, then S float32 optimiser statistics (RMSProp mean squares, or Adam's m then v)
 *  ..   8  CRC32C of every byte above
 * </pre>
 *
 * All numbers are little-endian. {@link #write} writes a temporary file, forces it to disk and renames it
 * over the checkpoint, after keeping the previous checkpoint as {@code <name>.prev}: at every instant
 * the checkpoint file is either the old complete one or the new complete one.
 */
public final class Checkpoint {
    public static final int VERSION = 1;
    private static final byte[] MAGIC = "A3CJVMCK".getBytes(StandardCharsets.US_ASCII);
    private static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;

    private final Map<String, String> header;
    private final float[] parameters;
    private final float[] statistics;

    private Checkpoint(Map<String, String> header, float[] parameters, float[] statistics) {
        this.header = Collections.unmodifiableMap(header);
        this.parameters = parameters;
        this.statistics = statistics;
    }

    public Map<String, String> header() {
        return header;
    }

    /** A header value that must be there. */
    public String get(String key, Path file) {
        String v = header.get(key);
        if (v == null) {
            throw new UserError("checkpoint " + file + " has no '" + key + "' entry: it is damaged or from another tool; use another checkpoint");
        }
        return v;
    }

    public int parameterCount() {
        return parameters.length;
    }

    /** Copies the parameters into {@code dst} (which must hold exactly as many floats). */
    public void copyParametersTo(MemorySegment dst) {
        copy(parameters, dst);
    }

    /** Floats of optimiser statistics held (RMSProp: one per parameter, padding included; Adam: two). */
    public long statisticsCount() {
        return statistics.length;
    }

    public void copyStatisticsTo(MemorySegment dst) {
        copy(statistics, dst);
    }

    private static void copy(float[] src, MemorySegment dst) {
        MemorySegment.copy(src, 0, dst, ValueLayout.JAVA_FLOAT, 0, src.length);
    }

    /** The file a checkpoint's predecessor is kept in. */
    public static Path previous(Path file) {
        return file.resolveSibling(file.getFileName() + ".prev");
    }

    private static Path temporary(Path file) {
        return file.resolveSibling(file.getFileName() + ".tmp");
    }

    /** Writes a checkpoint safely (see the class comment). {@code parameters} and {@code statistics} are read as they are. */
    public static void write(Path file, Map<String, String> header, MemorySegment parameters, MemorySegment statistics)
            throws IOException {
        byte[] head = encode(header);
        Path tmp = temporary(file);
        try {
            writeTemporary(tmp, head, parameters, statistics);
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(tmp); // a full disk gets its space back; the last good checkpoint is untouched
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        Path prev = previous(file);
        if (Files.exists(file)) {
            Files.deleteIfExists(prev);
            try {
                Files.createLink(prev, file); // the old checkpoint stays reachable under both names
            } catch (UnsupportedOperationException | FileSystemException e) {
                Files.copy(file, prev, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static void writeTemporary(Path tmp, byte[] head, MemorySegment parameters, MemorySegment statistics) throws IOException {
        CRC32C crc = new CRC32C();
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer prefix = ByteBuffer.allocate(MAGIC.length + 8 + head.length).order(ORDER);
            prefix.put(MAGIC).putInt(VERSION).putInt(head.length).put(head).flip();
            writeAll(ch, prefix, crc);
            writeFloats(ch, parameters, crc);
            writeFloats(ch, statistics, crc);
            ByteBuffer trailer = ByteBuffer.allocate(8).order(ORDER).putLong(crc.getValue()).flip();
            while (trailer.hasRemaining()) {
                ch.write(trailer);
            }
            ch.force(true);
        }
    }

    private static void writeFloats(FileChannel ch, MemorySegment floats, CRC32C crc) throws IOException {
        long count = floats.byteSize() / Float.BYTES;
        writeAll(ch, ByteBuffer.allocate(8).order(ORDER).putLong(count).flip(), crc);
        ByteBuffer chunk = ByteBuffer.allocate(1 << 16).order(ORDER);
        for (long i = 0; i < count; ) {
            chunk.clear();
            while (chunk.remaining() >= Float.BYTES && i < count) {
                chunk.putFloat(floats.getAtIndex(ValueLayout.JAVA_FLOAT, i++));
            }
            writeAll(ch, chunk.flip(), crc);
        }
    }

    private static void writeAll(FileChannel ch, ByteBuffer b, CRC32C crc) throws IOException {
        crc.update(b.duplicate());
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    /** Reads and verifies a checkpoint; any problem is a one-line {@link UserError}. */
    public static Checkpoint read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new UserError("checkpoint " + file + " does not exist: give the path of a checkpoint file (runs/<run>/checkpoint.a3c)");
        } catch (IOException e) {
            throw new UserError("checkpoint " + file + " cannot be read (" + e.getMessage() + "): check the path and its permissions");
        }
        String corrupt = "checkpoint " + file + " is corrupt";
        Path prev = previous(file);
        String fix = Files.isRegularFile(prev)
                ? ": the one before it is kept as " + prev + " (move it over " + file.getFileName() + " to use it), or start a new run"
                : ": no earlier one is kept beside it (" + prev.getFileName() + "): start a new run";
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ORDER);
        if (bytes.length < MAGIC.length + 8 || !java.util.Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new UserError("file " + file + " is not an a3c checkpoint (no A3CJVMCK magic number): give a checkpoint.a3c written by train");
        }
        if (bytes.length < MAGIC.length + 8 + 8) {
            throw new UserError(corrupt + " (truncated to " + bytes.length + " bytes)" + fix);
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - 8);
        long stored = b.getLong(bytes.length - 8);
        b.position(MAGIC.length);
        int version = b.getInt();
        if (version != VERSION) {
            throw new UserError("checkpoint " + file + " has format version " + version + ", this engine reads version "
                    + VERSION + ": use the engine version that wrote it");
        }
        if (crc.getValue() != stored) {
            throw new UserError(corrupt + " (checksum mismatch: truncated or damaged)" + fix);
        }
        try {
            int headLength = b.getInt();
            byte[] head = new byte[headLength];
            b.get(head);
            Map<String, String> header = decode(new String(head, StandardCharsets.UTF_8));
            float[] params = readFloats(b);
            float[] stats = readFloats(b);
            if (b.remaining() != 8) {
                throw new IllegalStateException("trailing bytes");
            }
            return new Checkpoint(header, params, stats);
        } catch (RuntimeException e) {
            throw new UserError(corrupt + " (its sections do not add up)" + fix);
        }
    }

    private static float[] readFloats(ByteBuffer b) {
        long count = b.getLong();
        if (count < 0 || count * Float.BYTES > b.remaining()) {
            throw new IllegalStateException("bad count");
        }
        float[] f = new float[(int) count];
        b.asFloatBuffer().get(f);
        b.position(b.position() + f.length * Float.BYTES);
        return f;
    }

    private static byte[] encode(Map<String, String> header) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> e : header.entrySet()) {
            if (e.getKey().contains("=") || e.getKey().contains("\n") || e.getValue().contains("\n")) {
                throw new IllegalArgumentException("checkpoint header entry cannot hold '=' in keys or newlines: " + e.getKey());
            }
            sb.append(e.getKey()).append('=').append(e.getValue()).append('\n');
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static Map<String, String> decode(String text) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new IllegalStateException("bad header line");
            }
            m.put(line.substring(0, eq), line.substring(eq + 1));
        }
        return m;
    }
}
