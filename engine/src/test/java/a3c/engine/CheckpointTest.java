package a3c.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import a3c.engine.io.Checkpoint;
import a3c.kernels.memory.FloatArena;
import a3c.kernels.memory.Layout;

class CheckpointTest {
    private static final Layout LAYOUT = Layout.builder().add("w", 37, 5).add("b", 5).add("v", 1000).build();

    static FloatArena randomArena(long seed) {
        FloatArena a = new FloatArena(LAYOUT);
        SplittableRandom rng = new SplittableRandom(seed);
        for (int t = 0; t < LAYOUT.tensors().size(); t++) {
            MemorySegment s = a.tensor(t);
            for (long i = 0; i < s.byteSize() / 4; i++) {
                // every bit pattern a float can have, NaN payloads excepted
                s.setAtIndex(ValueLayout.JAVA_FLOAT, i, Float.intBitsToFloat(rng.nextInt() & 0xBF7FFFFF));
            }
        }
        return a;
    }

    @Test
    void roundTripReproducesParametersAndStatisticsBitForBit(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("checkpoint.a3c");
        try (FloatArena params = randomArena(1); FloatArena stats = randomArena(2);
             FloatArena params2 = new FloatArena(LAYOUT); FloatArena stats2 = new FloatArena(LAYOUT)) {
            Map<String, String> header = new LinkedHashMap<>();
            header.put("frames", "123456789");
            header.put("config.game", "pong");
            Checkpoint.write(file, header, params.segment(), stats.segment());
            Checkpoint c = Checkpoint.read(file);
            assertEquals(header, c.header());
            c.copyParametersTo(params2.segment());
            c.copyStatisticsTo(stats2.segment());
            assertArrayEquals(params.segment().toArray(ValueLayout.JAVA_BYTE), params2.segment().toArray(ValueLayout.JAVA_BYTE));
            assertArrayEquals(stats.segment().toArray(ValueLayout.JAVA_BYTE), stats2.segment().toArray(ValueLayout.JAVA_BYTE));
        }
    }

    @Test
    void thePreviousCheckpointIsKept(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("checkpoint.a3c");
        try (FloatArena a = randomArena(1); FloatArena b = randomArena(2)) {
            Checkpoint.write(file, Map.of("n", "1"), a.segment(), a.segment());
            Checkpoint.write(file, Map.of("n", "2"), b.segment(), b.segment());
        }
        assertEquals("2", Checkpoint.read(file).header().get("n"));
        assertEquals("1", Checkpoint.read(Checkpoint.previous(file)).header().get("n"));
        assertTrue(Files.notExists(dir.resolve("checkpoint.a3c.tmp")));
    }

    @Test
    void damagedFilesAreRefusedWithOneLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("checkpoint.a3c");
        try (FloatArena a = randomArena(3)) {
            Checkpoint.write(file, Map.of("n", "1"), a.segment(), a.segment());
        }
        byte[] good = Files.readAllBytes(file);

        byte[] flipped = good.clone();
        flipped[good.length / 2] ^= 0x10;
        Files.write(file, flipped);
        // the fix names the earlier checkpoint only where one is kept
        assertOneLine(assertThrows(UserError.class, () -> Checkpoint.read(file)), "corrupt");
        assertOneLine(assertThrows(UserError.class, () -> Checkpoint.read(file)), "no earlier one is kept beside it");

        Files.write(file, java.util.Arrays.copyOf(good, good.length - 100));
        Files.write(Checkpoint.previous(file), good);
        assertOneLine(assertThrows(UserError.class, () -> Checkpoint.read(file)), "corrupt");
        assertOneLine(assertThrows(UserError.class, () -> Checkpoint.read(file)), "the one before it is kept as " + Checkpoint.previous(file));

        Files.writeString(file, "this is not a checkpoint at all");
        assertOneLine(assertThrows(UserError.class, () -> Checkpoint.read(file)), "not an a3c checkpoint");

        assertOneLine(assertThrows(UserError.class, () -> Checkpoint.read(dir.resolve("missing.a3c"))), "does not exist");
    }

    static void assertOneLine(UserError e, String words) {
        assertTrue(e.getMessage().contains(words), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), "not one line: " + e.getMessage());
    }
}
