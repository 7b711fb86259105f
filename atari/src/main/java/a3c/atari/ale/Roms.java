package a3c.atari.ale;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.bytedeco.ale.ALEInterface;
import org.bytedeco.ale.StringOptional;

import a3c.atari.EnvOptions;
import a3c.atari.EnvironmentException;
import a3c.atari.EnvironmentException.Kind;

/**
 * Finds a game's ROM and checks it is ALE's ROM of that game.
 *
 * <p>Search order, first hit wins: the option {@code romFile} (used as is, never skipped), then
 * {@code <game>.bin} in the option {@code romDir}, in {@code $ALE_ROM_DIR}, in {@code ./roms}, and in the
 * {@code roms} folder of an installed ale-py ({@link AlePyRoms}). The file's md5 is then checked by ALE
 * itself ({@code ALEInterface.isSupportedROM} knows the md5 of every supported ROM); this matters because
 * ALE would otherwise load a wrong ROM with a warning, or end the process on an unknown one.
 */
public final class Roms {
    private static final String HOW_TO_GET = "get the ROMs with 'pip install ale-py' (it ships them in"
            + " site-packages/ale_py/roms) or put %s in one of these folders, e.g. export ALE_ROM_DIR=/path/to/roms";

    /** Where to look: the options, the process environment and working folder (tests pass their own). */
    record Search(Path romFile, Path romDir, Map<String, String> env, Path workDir, boolean askPython) {
        static Search of(EnvOptions options) {
            return new Search(options.romFile(), options.romDir(), System.getenv(), Path.of(""), true);
        }
    }

    /** Far more than any 2600 cartridge (the largest bank-switched ones are 64 KiB). */
    private static final long MAX_ROM_BYTES = 1 << 20;

    private Roms() {
    }

    /**
     * The checked ROM file of {@code game}, an ALE game name.
     *
     * @throws EnvironmentException {@code MISSING_ROM} or {@code WRONG_ROM}, with a one-line message
     */
    public static Path resolve(String game, EnvOptions options) {
        return resolve(game, Search.of(options));
    }

    static Path resolve(String game, Search search) {
        Path rom = locate(game, search);
        verify(game, rom);
        return rom;
    }

    static Path locate(String game, Search search) {
        if (search.romFile() != null) {
            if (!Files.isRegularFile(search.romFile())) {
                throw new EnvironmentException(Kind.MISSING_ROM, "no ROM for " + game + ": romFile="
                        + search.romFile() + " is not a file");
            }
            return search.romFile();
        }
        String file = game + ".bin";
        List<String> looked = new ArrayList<>();
        if (search.romDir() != null) {
            looked.add("romDir=" + search.romDir());
            Path p = findIn(search.romDir(), game);
            if (p != null) {
                return p;
            }
        }
        String envDir = search.env().get("ALE_ROM_DIR");
        if (envDir != null && !envDir.isBlank()) {
            looked.add("$ALE_ROM_DIR=" + envDir);
            Path p = findIn(Path.of(envDir), game);
            if (p != null) {
                return p;
            }
        } else {
            looked.add("$ALE_ROM_DIR (unset)");
        }
        Path local = search.workDir().resolve("roms");
        looked.add("./roms (" + local.toAbsolutePath().normalize() + ")");
        Path p = findIn(local, game);
        if (p != null) {
            return p;
        }
        List<Path> alePy = AlePyRoms.find(search.env(), search.askPython());
        if (alePy.isEmpty()) {
            looked.add("ale-py's roms (ale-py not found)");
        }
        for (Path dir : alePy) {
            looked.add("ale-py's roms (" + dir + ")");
            p = findIn(dir, game);
            if (p != null) {
                return p;
            }
        }
        throw new EnvironmentException(Kind.MISSING_ROM, "no ROM for " + game + ": looked for " + file + " in "
                + String.join(", ", looked) + "; " + HOW_TO_GET.formatted(file));
    }

    /**
     * {@code dir/<game>.bin}, or else a {@code .bin} file whose name matches ignoring case and underscores
     * ({@code Breakout.bin}, {@code BeamRider.bin}: some ROM packs name them so); null if none.
     */
    static Path findIn(Path dir, String game) {
        Path exact = dir.resolve(game + ".bin");
        if (Files.isRegularFile(exact)) {
            return exact;
        }
        if (!Files.isDirectory(dir)) {
            return null;
        }
        String want = loose(game + ".bin");
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.bin")) {
            for (Path f : files) {
                if (loose(f.getFileName().toString()).equals(want) && Files.isRegularFile(f)) {
                    return f;
                }
            }
        } catch (IOException | RuntimeException e) {
            // an unreadable folder holds no ROM we can use
        }
        return null;
    }

    private static String loose(String name) {
        return name.replace("_", "").toLowerCase(Locale.ROOT);
    }

    static void verify(String game, Path rom) {
        String md5 = md5(game, rom);
        String supported = aleGameOf(rom);
        if (game.equals(supported)) {
            return;
        }
        String expected = AleGames.MD5.get(game);
        String want = expected == null ? "" : " (md5 " + expected + ")";
        String actual = supported != null ? supported : AleGames.byMd5(md5);
        String is = actual != null ? "is ALE's " + actual + " ROM" : "is not a ROM that ALE supports";
        throw new EnvironmentException(Kind.WRONG_ROM, "wrong ROM for " + game + ": " + rom + " (md5 " + md5
                + ") " + is + ", not ALE's " + game + " ROM" + want + "; use ALE's " + game + ".bin, e.g. from"
                + " 'pip install ale-py'");
    }

    /** The game ALE says this ROM file is (md5 of a supported ROM), or null. */
    private static String aleGameOf(Path rom) {
        AleLibrary.load();
        try (StringOptional name = ALEInterface.isSupportedROM(rom.toString())) {
            // get() on an empty optional throws ("bad optional access"): not a supported ROM.
            return name.get().getString();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String md5(String game, Path rom) {
        try {
            if (Files.size(rom) > MAX_ROM_BYTES) {
                throw new EnvironmentException(Kind.WRONG_ROM, "wrong ROM for " + game + ": " + rom + " has "
                        + Files.size(rom) + " bytes, too many for an Atari 2600 ROM; use ALE's " + game + ".bin");
            }
            byte[] bytes = Files.readAllBytes(rom);
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
        } catch (IOException e) {
            throw new EnvironmentException(Kind.MISSING_ROM, "no ROM for " + game + ": cannot read " + rom + " ("
                    + e.getMessage() + ")", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK has no MD5", e);
        }
    }
}
