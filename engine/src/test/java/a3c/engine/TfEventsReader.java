package a3c.engine;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;

/**
 * Reads TensorBoard event files back, to check {@code io.TensorBoardWriter}. It is built differently on
 * purpose, so that the two agree only if both follow the format: it walks whole-file bytes through a
 * {@link ByteBuffer} rather than streams, computes the masked CRC with a rotation rather than shifts, and
 * decodes with {@link CodedInputStream} tag by tag, checking each known field's wire type.
 *
 * <p>Anything wrong is an {@link IOException}: a length or data CRC that does not match, a record cut
 * short, an invalid wire type, a known field with the wrong wire type, a text tensor that is not a scalar
 * DT_STRING. Unknown fields with a valid wire type are skipped, as protobuf parsers do.
 */
final class TfEventsReader {
    /** One Event; {@code sessionStatus} is null when the event holds no SessionLog. */
    record Event(double wallTime, long step, String fileVersion, List<Value> values, Integer sessionStatus) {}

    /** One Summary.Value: {@code simpleValue} for scalars; {@code pluginName} and {@code text} for text tensors. */
    record Value(String tag, Float simpleValue, String pluginName, String text) {}

    // tensorflow/core/util/event.proto
    private static final int WALL_TIME = 1, STEP = 2, FILE_VERSION = 3, SUMMARY = 5, SESSION_LOG = 7, STATUS = 1;
    // tensorflow/core/framework/summary.proto
    private static final int VALUE = 1, TAG = 1, SIMPLE_VALUE = 2, TENSOR = 8, METADATA = 9, PLUGIN_DATA = 1, PLUGIN_NAME = 1;
    // tensorflow/core/framework/tensor.proto, tensor_shape.proto, types.proto
    private static final int DTYPE = 1, SHAPE = 2, STRING_VAL = 8, SHAPE_DIM = 2, DT_STRING = 7;

    private TfEventsReader() {}

    /** The event files of {@code dir}, in the order TensorBoard reads them (by name). */
    static List<Path> eventFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith("events.out.tfevents.")).sorted().toList();
        }
    }

    /** Every event of {@code file}, after checking both CRCs of every record. */
    static List<Event> read(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        List<Event> events = new ArrayList<>();
        while (b.hasRemaining()) {
            int at = b.position();
            if (b.remaining() < 12) {
                throw new IOException("record at " + at + " truncated in its header");
            }
            long length = b.getLong();
            check(maskedCrc(b.array(), at, 8), b.getInt(), "length", at);
            if (length < 0 || length > b.remaining() - 4) {
                throw new IOException("record at " + at + " truncated: " + length + " data bytes announced");
            }
            byte[] data = new byte[(int) length];
            b.get(data);
            check(maskedCrc(data, 0, data.length), b.getInt(), "data", at);
            events.add(event(data));
        }
        return events;
    }

    /** TFRecord's masked CRC32C: the CRC rotated right by 15 bits, plus a constant. */
    static int maskedCrc(byte[] bytes, int offset, int length) {
        CRC32C c = new CRC32C();
        c.update(bytes, offset, length);
        return Integer.rotateRight((int) c.getValue(), 15) + 0xa282ead8;
    }

    private static void check(int computed, int stored, String what, int at) throws IOException {
        if (computed != stored) {
            throw new IOException("record at " + at + ": " + what + " CRC mismatch");
        }
    }

    private static Event event(byte[] data) throws IOException {
        CodedInputStream in = CodedInputStream.newInstance(data);
        double wallTime = 0;
        long step = 0;
        String version = null;
        Integer status = null;
        List<Value> values = new ArrayList<>();
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            switch (field(tag)) {
                case WALL_TIME -> wallTime = expect(in, tag, WireFormat.WIRETYPE_FIXED64).readDouble();
                case STEP -> step = expect(in, tag, WireFormat.WIRETYPE_VARINT).readInt64();
                case FILE_VERSION -> version = expect(in, tag, WireFormat.WIRETYPE_LENGTH_DELIMITED).readString();
                case SUMMARY -> summary(nested(in, tag), values);
                case SESSION_LOG -> status = sessionStatus(nested(in, tag));
                default -> in.skipField(tag);
            }
        }
        return new Event(wallTime, step, version, List.copyOf(values), status);
    }

    private static int sessionStatus(CodedInputStream in) throws IOException {
        int status = 0;
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            if (field(tag) == STATUS) {
                status = expect(in, tag, WireFormat.WIRETYPE_VARINT).readEnum();
            } else {
                in.skipField(tag);
            }
        }
        return status;
    }

    private static void summary(CodedInputStream in, List<Value> values) throws IOException {
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            if (field(tag) == VALUE) {
                values.add(value(nested(in, tag)));
            } else {
                in.skipField(tag);
            }
        }
    }

    private static Value value(CodedInputStream in) throws IOException {
        String tagName = null, plugin = null, text = null;
        Float simple = null;
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            switch (field(tag)) {
                case TAG -> tagName = expect(in, tag, WireFormat.WIRETYPE_LENGTH_DELIMITED).readString();
                case SIMPLE_VALUE -> simple = expect(in, tag, WireFormat.WIRETYPE_FIXED32).readFloat();
                case METADATA -> plugin = pluginName(nested(in, tag));
                case TENSOR -> text = stringScalar(nested(in, tag));
                default -> in.skipField(tag);
            }
        }
        return new Value(tagName, simple, plugin, text);
    }

    private static String pluginName(CodedInputStream in) throws IOException {
        String name = null;
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            if (field(tag) == PLUGIN_DATA) {
                CodedInputStream data = nested(in, tag);
                for (int t = data.readTag(); t != 0; t = data.readTag()) {
                    if (field(t) == PLUGIN_NAME) {
                        name = expect(data, t, WireFormat.WIRETYPE_LENGTH_DELIMITED).readString();
                    } else {
                        data.skipField(t);
                    }
                }
            } else {
                in.skipField(tag);
            }
        }
        return name;
    }

    /** The one string of a scalar DT_STRING tensor. */
    private static String stringScalar(CodedInputStream in) throws IOException {
        int dtype = 0;
        List<String> strings = new ArrayList<>();
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            switch (field(tag)) {
                case DTYPE -> dtype = expect(in, tag, WireFormat.WIRETYPE_VARINT).readEnum();
                case SHAPE -> {
                    CodedInputStream shape = nested(in, tag);
                    for (int t = shape.readTag(); t != 0; t = shape.readTag()) {
                        if (field(t) == SHAPE_DIM) {
                            throw new IOException("text tensor has a dimension: not a scalar");
                        }
                        shape.skipField(t);
                    }
                }
                case STRING_VAL -> strings.add(new String(
                        expect(in, tag, WireFormat.WIRETYPE_LENGTH_DELIMITED).readByteArray(), StandardCharsets.UTF_8));
                default -> in.skipField(tag);
            }
        }
        if (dtype != DT_STRING || strings.size() != 1) {
            throw new IOException("tensor is not one DT_STRING: dtype " + dtype + ", " + strings.size() + " strings");
        }
        return strings.getFirst();
    }

    private static int field(int tag) throws IOException {
        int wire = WireFormat.getTagWireType(tag);
        if (wire != WireFormat.WIRETYPE_VARINT && wire != WireFormat.WIRETYPE_FIXED64
                && wire != WireFormat.WIRETYPE_LENGTH_DELIMITED && wire != WireFormat.WIRETYPE_FIXED32) {
            throw new IOException("unknown wire type " + wire + " in tag " + tag);
        }
        return WireFormat.getTagFieldNumber(tag);
    }

    /** A reader positioned on the content of the length-delimited field {@code tag}. */
    private static CodedInputStream nested(CodedInputStream in, int tag) throws IOException {
        return CodedInputStream.newInstance(expect(in, tag, WireFormat.WIRETYPE_LENGTH_DELIMITED).readByteArray());
    }

    /** {@code in}, after checking that the field {@code tag} has the wire type its message declares. */
    private static CodedInputStream expect(CodedInputStream in, int tag, int wireType) throws IOException {
        if (WireFormat.getTagWireType(tag) != wireType) {
            throw new IOException("field " + WireFormat.getTagFieldNumber(tag) + " has wire type "
                    + WireFormat.getTagWireType(tag) + ", expected " + wireType);
        }
        return in;
    }
}
