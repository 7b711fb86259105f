package a3c.atari.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Assumptions;

/**
 * Where tests find ROMs: {@code $ALE_ROM_DIR}, else the system property {@code a3c.test.romDir} (set by the
 * build to {@code ../shared/roms}). A missing ROM fails the test under CI ({@code CI=true}) and skips it,
 * saying why, elsewhere.
 */
public final class TestRoms {
    private TestRoms() {
    }

    public static Path dir() {
        String env = System.getenv("ALE_ROM_DIR");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        String property = System.getProperty("a3c.test.romDir");
        return property == null || property.isBlank() ? Path.of("roms") : Path.of(property);
    }

    /** The ROM file of {@code game}, or a failure (CI) or skip (elsewhere) when it is missing. */
    public static Path rom(String game) {
        Path rom = dir().resolve(game + ".bin").toAbsolutePath().normalize();
        if (!Files.isRegularFile(rom)) {
            String why = "no ROM " + rom + " (set ALE_ROM_DIR or -Da3c.test.romDir)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(why);
            }
            Assumptions.abort(why);
        }
        return rom;
    }
}
