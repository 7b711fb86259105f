package a3c.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import a3c.engine.TfEventsReader.Event;
import a3c.engine.TfEventsReader.Value;
import a3c.engine.io.TensorBoardWriter;

/** {@link TensorBoardWriter} against the independent {@link TfEventsReader}. */
class TensorBoardEventsTest {
    private static final String[] TAGS = {"loss/policy", "reward/episode mean", "ünïcode/λ"};
    private static final long[] STEPS = {0, 1, 4_000_000, 1L << 40};
    private static final double[] VALUES = {-3.25, 0.1, 1e30, Double.NaN, 0.0, -1e-40, 123456789.123};
    private static final String TEXT = "# config\n\n| key | value |\n|---|---|\n| lr | 7e-4 | ✓";

    /** Writes every tag at every step, a text and a session start; returns the file. */
    private static Path writeSample(Path dir) {
        try (TensorBoardWriter w = new TensorBoardWriter(dir)) {
            for (int s = 0; s < STEPS.length; s++) {
                for (int t = 0; t < TAGS.length; t++) {
                    w.scalar(TAGS[t], STEPS[s], VALUES[(s + t) % VALUES.length]);
                }
            }
            w.text("config", 7, TEXT);
            w.sessionStart(4_000_000);
            w.flush();
            return w.file();
        }
    }

    @Test
    void everyEventRoundTrips(@TempDir Path dir) throws IOException {
        double before = System.currentTimeMillis() / 1000.0;
        Path file = writeSample(dir);
        double after = System.currentTimeMillis() / 1000.0;
        assertEquals(List.of(file), TfEventsReader.eventFiles(dir));
        assertTrue(file.getFileName().toString().matches("events\\.out\\.tfevents\\.\\d+\\..+"), file.toString());

        List<Event> events = TfEventsReader.read(file); // every length and data CRC is checked here
        assertEquals(1 + STEPS.length * TAGS.length + 2, events.size());
        assertEquals("brain.Event:2", events.getFirst().fileVersion());
        assertTrue(events.getFirst().values().isEmpty());
        for (Event e : events) {
            assertTrue(e.wallTime() >= before - 1e-3 && e.wallTime() <= after + 1e-3, "wall time " + e.wallTime());
        }
        int i = 1;
        for (int s = 0; s < STEPS.length; s++) {
            for (int t = 0; t < TAGS.length; t++, i++) {
                Event e = events.get(i);
                assertEquals(STEPS[s], e.step());
                assertNull(e.fileVersion());
                assertNull(e.sessionStatus());
                Float expected = (float) VALUES[(s + t) % VALUES.length];
                assertEquals(List.of(new Value(TAGS[t], expected, null, null)), e.values()); // NaN equals NaN here
            }
        }
        Event text = events.get(i++);
        assertEquals(7, text.step());
        assertEquals(List.of(new Value("config", null, "text", TEXT)), text.values());
        Event start = events.get(i);
        assertEquals(4_000_000, start.step());
        assertEquals(1, start.sessionStatus()); // SessionLog.START
        assertTrue(start.values().isEmpty());
    }

    @Test
    void aFlippedByteInAnyRecordIsCaught(@TempDir Path dir) throws IOException {
        byte[] good = Files.readAllBytes(writeSample(dir));
        ByteBuffer b = ByteBuffer.wrap(good).order(ByteOrder.LITTLE_ENDIAN);
        int second = 12 + (int) b.getLong(0) + 4; // the first scalar's record
        int length = (int) b.getLong(second);
        int[] flips = {0, 3, 12, 12 + length - 1, second, second + 7, second + 12, second + 12 + length / 2};
        for (int at : flips) {
            byte[] bad = good.clone();
            bad[at] ^= 0x10;
            Path file = Files.write(dir.resolve("bad"), bad);
            assertThrows(IOException.class, () -> TfEventsReader.read(file), "flipped byte " + at);
        }
        for (int cut : new int[] {1, 4, 5, 13}) {
            Path file = Files.write(dir.resolve("cut"), java.util.Arrays.copyOf(good, good.length - cut));
            assertThrows(IOException.class, () -> TfEventsReader.read(file), "cut " + cut);
        }
    }

    @Test
    void theReaderRejectsAnInvalidWireType(@TempDir Path dir) throws IOException {
        byte[] data = {(byte) (2 << 3 | 7), 0}; // field 2, wire type 7
        ByteBuffer r = ByteBuffer.allocate(12 + data.length + 4).order(ByteOrder.LITTLE_ENDIAN);
        r.putLong(data.length).putInt(TfEventsReader.maskedCrc(r.array(), 0, 8));
        r.put(data).putInt(TfEventsReader.maskedCrc(data, 0, data.length));
        Path file = Files.write(dir.resolve("events.out.tfevents.0.x"), r.array());
        IOException e = assertThrows(IOException.class, () -> TfEventsReader.read(file));
        assertTrue(e.getMessage().contains("wire type"), e.getMessage());
    }

    @Test
    void twoWritersAtOnceWriteTwoFiles(@TempDir Path dir) throws IOException {
        try (TensorBoardWriter a = new TensorBoardWriter(dir); TensorBoardWriter b = new TensorBoardWriter(dir)) {
            assertNotEquals(a.file(), b.file());
            a.scalar("a", 1, 1);
            b.scalar("b", 2, 2);
        }
        List<Path> files = TfEventsReader.eventFiles(dir);
        assertEquals(2, files.size());
        for (Path f : files) {
            List<Event> events = TfEventsReader.read(f);
            assertEquals("brain.Event:2", events.getFirst().fileVersion());
            assertEquals(2, events.size());
        }
    }

    @Test
    void aFailureNamesTheFile(@TempDir Path dir) throws IOException {
        Path notADirectory = Files.writeString(dir.resolve("plain"), "x");
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> new TensorBoardWriter(notADirectory));
        assertTrue(e.getMessage().startsWith("cannot write " + notADirectory.resolve("events.out.tfevents.")), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), e.getMessage());
    }
}
