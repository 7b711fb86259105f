package a3c.atari.ale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import a3c.atari.EnvironmentException;
import a3c.atari.EnvironmentException.Kind;
import a3c.atari.testing.TestRoms;

/** ROM search order and the one-line errors for a missing or wrong ROM. */
class RomsTest {
    @TempDir
    Path tmp;

    /** A search that sees only what the test sets up: no real environment, no python. */
    private Roms.Search search(Path romFile, Path romDir, Map<String, String> env) throws IOException {
        Path work = Files.createDirectories(tmp.resolve("work"));
        return new Roms.Search(romFile, romDir, env, work, false);
    }

    private Path copy(String game, Path dir, String name) throws IOException {
        Files.createDirectories(dir);
        return Files.copy(TestRoms.rom(game), dir.resolve(name));
    }

    private static void assertOneLine(EnvironmentException e) {
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void missingRomNamesEveryPlaceSearchedAndHowToGetRoms() throws IOException {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        EnvironmentException e = assertThrows(EnvironmentException.class,
                () -> Roms.locate("breakout", search(null, empty, Map.of("ALE_ROM_DIR", "/nowhere/roms"))));
        assertEquals(Kind.MISSING_ROM, e.kind());
        assertOneLine(e);
        String m = e.getMessage();
        assertTrue(m.startsWith("no ROM for breakout: looked for breakout.bin in "), m);
        assertTrue(m.contains("romDir=" + empty), m);
        assertTrue(m.contains("$ALE_ROM_DIR=/nowhere/roms"), m);
        assertTrue(m.contains("./roms (" + tmp.resolve("work").resolve("roms").toAbsolutePath() + ")"), m);
        assertTrue(m.contains("ale-py's roms (ale-py not found)"), m);
        assertTrue(m.contains("pip install ale-py"), m);

        e = assertThrows(EnvironmentException.class, () -> Roms.locate("pong", search(null, null, Map.of())));
        assertTrue(e.getMessage().contains("$ALE_ROM_DIR (unset)"), e.getMessage());
    }

    @Test
    void anExplicitRomFileThatIsMissingIsAnError() {
        Path missing = tmp.resolve("nope.bin");
        EnvironmentException e = assertThrows(EnvironmentException.class,
                () -> Roms.locate("pong", search(missing, null, Map.of())));
        assertEquals(Kind.MISSING_ROM, e.kind());
        assertEquals("no ROM for pong: romFile=" + missing + " is not a file", e.getMessage());
    }

    @Test
    void searchOrderIsRomFileRomDirAleRomDirLocalRomsThenAlePy() throws IOException {
        Path file = copy("pong", tmp.resolve("file"), "anything.bin");
        Path dir = copy("pong", tmp.resolve("dir"), "pong.bin");
        Path envDir = copy("pong", tmp.resolve("env"), "pong.bin");
        Path local = copy("pong", tmp.resolve("work").resolve("roms"), "pong.bin");
        Path venv = tmp.resolve("venv");
        Path alePy = copy("pong", venv.resolve("lib/python3.11/site-packages/ale_py/roms"), "pong.bin");
        Map<String, String> env = Map.of("ALE_ROM_DIR", envDir.getParent().toString(), "VIRTUAL_ENV", venv.toString());

        assertEquals(file, Roms.locate("pong", search(file, dir.getParent(), env)));
        assertEquals(dir, Roms.locate("pong", search(null, dir.getParent(), env)));
        assertEquals(envDir, Roms.locate("pong", search(null, null, env)));
        Files.delete(envDir);
        assertEquals(local, Roms.locate("pong", search(null, null, env)));
        Files.delete(local);
        assertEquals(alePy.toAbsolutePath(), Roms.locate("pong", search(null, null, env)).toAbsolutePath());
    }

    @Test
    void romNamesMatchIgnoringCaseAndUnderscores() throws IOException {
        Path dir = tmp.resolve("pack");
        Path rom = copy("beam_rider", dir, "BeamRider.bin");
        assertEquals(rom, Roms.locate("beam_rider", search(null, dir, Map.of())));
        assertEquals(null, Roms.findIn(dir, "pong"));
        assertEquals(null, Roms.findIn(tmp.resolve("absent"), "pong"));
    }

    @Test
    void theRightRomPassesTheMd5Check() throws IOException {
        Path rom = copy("breakout", tmp.resolve("any"), "renamed.bin");
        Roms.verify("breakout", rom);
        assertEquals(rom, Roms.resolve("breakout", search(rom, null, Map.of())));
    }

    @Test
    void pongPassedAsBreakoutIsAWrongRom() throws IOException {
        // As an explicit file: ALE recognises it as pong.
        EnvironmentException e = assertThrows(EnvironmentException.class,
                () -> Roms.resolve("breakout", search(TestRoms.rom("pong"), null, Map.of())));
        assertEquals(Kind.WRONG_ROM, e.kind());
        assertOneLine(e);
        assertTrue(e.getMessage().startsWith("wrong ROM for breakout: "), e.getMessage());
        assertTrue(e.getMessage().contains("is ALE's pong ROM, not ALE's breakout ROM (md5 f34f08e5eb96e500e851a80be3277a56)"),
                e.getMessage());

        // Renamed breakout.bin in a ROM folder: same verdict.
        Path fake = copy("pong", tmp.resolve("roms"), "breakout.bin");
        e = assertThrows(EnvironmentException.class,
                () -> Roms.resolve("breakout", search(null, fake.getParent(), Map.of())));
        assertEquals(Kind.WRONG_ROM, e.kind());
        assertTrue(e.getMessage().contains("(md5 60e0ea3cbe0913d39803477945e9e5ec) is ALE's pong ROM"), e.getMessage());
    }

    @Test
    void aFileThatIsNoRomAtAllIsAWrongRom() throws IOException {
        Path junk = Files.writeString(tmp.resolve("space_invaders.bin"), "not a cartridge");
        EnvironmentException e = assertThrows(EnvironmentException.class, () -> Roms.verify("space_invaders", junk));
        assertEquals(Kind.WRONG_ROM, e.kind());
        assertOneLine(e);
        assertTrue(e.getMessage().contains("is not a ROM that ALE supports, not ALE's space_invaders ROM"), e.getMessage());
    }
}
