package a3c.engine.io;

import static com.google.protobuf.CodedOutputStream.computeByteArraySize;
import static com.google.protobuf.CodedOutputStream.computeDoubleSize;
import static com.google.protobuf.CodedOutputStream.computeEnumSize;
import static com.google.protobuf.CodedOutputStream.computeFloatSize;
import static com.google.protobuf.CodedOutputStream.computeInt64Size;
import static com.google.protobuf.CodedOutputStream.computeStringSize;
import static com.google.protobuf.CodedOutputStream.computeTagSize;
import static com.google.protobuf.CodedOutputStream.computeUInt32SizeNoTag;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.zip.CRC32C;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;

/**
 * Writes a TensorBoard event file, {@code <dir>/events.out.tfevents.<unix seconds>.<host>}, so that
 * {@code tensorboard --logdir} shows a run's curves without TensorFlow on the classpath.
 *
 * <p>The file is a sequence of TFRecords, each one serialized {@code tensorboard.Event}:
 * <pre>
 *  0   8  data length N, uint64
 *  8   4  masked CRC32C of bytes 0..7
 *  12  N  the Event message
 *  ..  4  masked CRC32C of the N data bytes
 * </pre>
 * All numbers are little-endian; a masked CRC is {@code ((crc >>> 15 | crc << 17) + 0xa282ead8)} in 32
 * bits (TensorFlow masks it so that a CRC of data that itself holds CRCs stays well mixed).
 *
 * <p>The messages are encoded field by field with protobuf's {@link CodedOutputStream} and the field
 * numbers below, rather than through generated classes: four messages do not justify protoc in the build.
 * Each message's size is computed before it is written (protobuf prefixes a nested message with its
 * length), and the whole event is encoded into one reused array, then framed.
 *
 * <p>The first record holds {@code file_version = "brain.Event:2"}; without it TensorBoard falls back to
 * guessing restarts from out-of-order steps instead of honouring {@link #sessionStart}. A new file is
 * created for every writer, never appended to or overwritten: TensorBoard reads a directory's files in
 * name order, so a resumed run's file comes after the killed run's.
 *
 * <p>Not thread-safe: one thread (the training monitor) writes, a few times a second at most.
 */
public final class TensorBoardWriter implements AutoCloseable {
    // tensorflow/core/util/event.proto: message Event, message SessionLog
    private static final int EVENT_WALL_TIME = 1;
    private static final int EVENT_STEP = 2;
    private static final int EVENT_FILE_VERSION = 3;
    private static final int EVENT_SUMMARY = 5;
    private static final int EVENT_SESSION_LOG = 7;
    private static final int SESSION_LOG_STATUS = 1;
    private static final int SESSION_STATUS_START = 1;
    private static final String FILE_VERSION = "brain.Event:2";

    // tensorflow/core/framework/summary.proto: Summary, Summary.Value, SummaryMetadata(.PluginData)
    private static final int SUMMARY_VALUE = 1;
    private static final int VALUE_TAG = 1;
    private static final int VALUE_SIMPLE_VALUE = 2;
    private static final int VALUE_TENSOR = 8;
    private static final int VALUE_METADATA = 9;
    private static final int METADATA_PLUGIN_DATA = 1;
    private static final int PLUGIN_DATA_PLUGIN_NAME = 1;
    private static final String TEXT_PLUGIN = "text";

    // tensorflow/core/framework/tensor.proto: TensorProto; types.proto: DataType.
    // tensor_shape.proto: a TensorShapeProto without dims (an empty message) is a scalar.
    private static final int TENSOR_DTYPE = 1;
    private static final int TENSOR_SHAPE = 2;
    private static final int TENSOR_STRING_VAL = 8;
    private static final int DT_STRING = 7;

    private static final int MASK_DELTA = 0xa282ead8;

    private final Path file;
    private final OutputStream out;
    private final CRC32C crc = new CRC32C();
    private final byte[] header = new byte[12];
    private final byte[] footer = new byte[4];
    private byte[] event = new byte[256];
    private boolean closed;

    /** Creates {@code dir} if needed and a new event file in it, and writes the file-version event. */
    public TensorBoardWriter(Path dir) {
        String name = "events.out.tfevents." + System.currentTimeMillis() / 1000 + "." + hostName();
        Path candidate = dir.resolve(name);
        try {
            Files.createDirectories(dir);
            OutputStream created = null;
            for (int n = 1; created == null; n++) {
                try {
                    created = Files.newOutputStream(candidate, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                } catch (FileAlreadyExistsException e) {
                    candidate = dir.resolve(name + "." + n); // another writer this second: never overwrite it
                }
            }
            file = candidate;
            out = new BufferedOutputStream(created, 1 << 14);
        } catch (IOException e) {
            throw failure(candidate, e);
        }
        try {
            CodedOutputStream o = begin(0, computeStringSize(EVENT_FILE_VERSION, FILE_VERSION));
            o.writeString(EVENT_FILE_VERSION, FILE_VERSION);
            end(o);
        } catch (IOException e) {
            close();
            throw failure(file, e);
        }
    }

    /** The event file this writer created. */
    public Path file() {
        return file;
    }

    /** One point of the curve {@code tag}; TensorBoard keeps it as a float32. */
    public void scalar(String tag, long step, double value) {
        float v = (float) value;
        int valueSize = computeStringSize(VALUE_TAG, tag) + computeFloatSize(VALUE_SIMPLE_VALUE, v);
        int summarySize = nestedSize(SUMMARY_VALUE, valueSize);
        try {
            CodedOutputStream o = begin(step, nestedSize(EVENT_SUMMARY, summarySize));
            nested(o, EVENT_SUMMARY, summarySize);
            nested(o, SUMMARY_VALUE, valueSize);
            o.writeString(VALUE_TAG, tag);
            o.writeFloat(VALUE_SIMPLE_VALUE, v);
            end(o);
        } catch (IOException e) {
            throw failure(file, e);
        }
    }

    /**
     * A text shown by TensorBoard's Text tab (rendered as Markdown): a scalar DT_STRING tensor whose
     * metadata names the {@code text} plugin, as {@code tf.summary.text} writes it.
     */
    public void text(String tag, long step, String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        int pluginDataSize = computeStringSize(PLUGIN_DATA_PLUGIN_NAME, TEXT_PLUGIN);
        int metadataSize = nestedSize(METADATA_PLUGIN_DATA, pluginDataSize);
        int tensorSize = computeEnumSize(TENSOR_DTYPE, DT_STRING) + nestedSize(TENSOR_SHAPE, 0)
                + computeByteArraySize(TENSOR_STRING_VAL, utf8);
        int valueSize = computeStringSize(VALUE_TAG, tag) + nestedSize(VALUE_METADATA, metadataSize)
                + nestedSize(VALUE_TENSOR, tensorSize);
        int summarySize = nestedSize(SUMMARY_VALUE, valueSize);
        try {
            CodedOutputStream o = begin(step, nestedSize(EVENT_SUMMARY, summarySize));
            nested(o, EVENT_SUMMARY, summarySize);
            nested(o, SUMMARY_VALUE, valueSize);
            o.writeString(VALUE_TAG, tag);
            nested(o, VALUE_METADATA, metadataSize);
            nested(o, METADATA_PLUGIN_DATA, pluginDataSize);
            o.writeString(PLUGIN_DATA_PLUGIN_NAME, TEXT_PLUGIN);
            nested(o, VALUE_TENSOR, tensorSize);
            o.writeEnum(TENSOR_DTYPE, DT_STRING);
            nested(o, TENSOR_SHAPE, 0);
            o.writeByteArray(TENSOR_STRING_VAL, utf8);
            end(o);
        } catch (IOException e) {
            throw failure(file, e);
        }
    }

    /**
     * Marks a (re)start of training at {@code step}: a {@code SessionLog{status: START}} event. When
     * TensorBoard's EventAccumulator (with its default {@code purge_orphaned_data}) reads it, it drops every
     * event it has already loaded with a step at or past {@code step}, across all tags. A resumed run writes
     * it first, at the checkpoint's frame count, into its new file in the same directory: the stretch that
     * the killed run logged after its last checkpoint then disappears instead of overlapping the new curve.
     *
     * <p>A fresh run must write one too (at its first step): the accumulator behind the TensorBoard server
     * ({@code plugin_event_accumulator}, TensorBoard 2.21) takes the first START of a run for the start of
     * training and purges only on the later ones, so without it a resume's START would purge nothing.
     */
    public void sessionStart(long step) {
        int logSize = computeEnumSize(SESSION_LOG_STATUS, SESSION_STATUS_START);
        try {
            CodedOutputStream o = begin(step, nestedSize(EVENT_SESSION_LOG, logSize));
            nested(o, EVENT_SESSION_LOG, logSize);
            o.writeEnum(SESSION_LOG_STATUS, SESSION_STATUS_START);
            end(o);
        } catch (IOException e) {
            throw failure(file, e);
        }
    }

    /** Hands the buffered records to the operating system, so that a running TensorBoard sees them. */
    public void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            throw failure(file, e);
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            out.close();
        } catch (IOException e) {
            throw failure(file, e);
        }
    }

    /** Starts an event of {@code bodySize} bytes after wall_time and step, in the reused array. */
    private CodedOutputStream begin(long step, int bodySize) throws IOException {
        double wallTime = System.currentTimeMillis() / 1000.0;
        int size = computeDoubleSize(EVENT_WALL_TIME, wallTime) + computeInt64Size(EVENT_STEP, step) + bodySize;
        if (event.length < size) {
            event = Arrays.copyOf(event, Math.max(size, 2 * event.length));
        }
        CodedOutputStream o = CodedOutputStream.newInstance(event, 0, size);
        o.writeDouble(EVENT_WALL_TIME, wallTime);
        o.writeInt64(EVENT_STEP, step);
        return o;
    }

    /** Checks that the event filled exactly its computed size, and writes it as one TFRecord. */
    private void end(CodedOutputStream o) throws IOException {
        o.checkNoSpaceLeft();
        int size = o.getTotalBytesWritten();
        for (int i = 0; i < 8; i++) {
            header[i] = (byte) ((long) size >>> (8 * i));
        }
        putInt(header, 8, maskedCrc(header, 0, 8));
        putInt(footer, 0, maskedCrc(event, 0, size));
        out.write(header);
        out.write(event, 0, size);
        out.write(footer);
    }

    private int maskedCrc(byte[] b, int offset, int length) {
        crc.reset();
        crc.update(b, offset, length);
        int c = (int) crc.getValue();
        return ((c >>> 15) | (c << 17)) + MASK_DELTA;
    }

    private static void putInt(byte[] b, int at, int v) {
        for (int i = 0; i < 4; i++) {
            b[at + i] = (byte) (v >>> (8 * i));
        }
    }

    /** The bytes a length-delimited field of {@code size} content bytes takes. */
    private static int nestedSize(int field, int size) {
        return computeTagSize(field) + computeUInt32SizeNoTag(size) + size;
    }

    /** Starts a nested message of {@code size} bytes; its fields follow. */
    private static void nested(CodedOutputStream o, int field, int size) throws IOException {
        o.writeTag(field, WireFormat.WIRETYPE_LENGTH_DELIMITED);
        o.writeUInt32NoTag(size);
    }

    private static UncheckedIOException failure(Path file, IOException e) {
        return new UncheckedIOException("cannot write " + file + ": " + e, e);
    }

    /** The host name, reduced to characters safe in a file name, as TensorFlow's file names carry it. */
    private static String hostName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "localhost";
        }
        return host.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
