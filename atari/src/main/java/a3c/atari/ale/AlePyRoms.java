package a3c.atari.ale;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Finds the {@code roms} folder of an installed {@code ale-py} ({@code pip install ale-py} ships the ROMs in
 * {@code site-packages/ale_py/roms}).
 *
 * <p>First, cheaply, the places pip installs to: {@code $VIRTUAL_ENV}, {@code $CONDA_PREFIX},
 * {@code ~/.local}, {@code /usr/local}, {@code /usr}, {@code /opt/conda}, each
 * {@code lib/python3.*\/(site|dist)-packages}, and the entries of {@code $PYTHONPATH}. Only when none holds
 * an {@code ale_py/roms} folder does it ask {@code python3} where {@code ale_py} is (at most a few seconds,
 * and once per process), so runs that find their ROM earlier in the search never pay for it.
 */
final class AlePyRoms {
    private static final String[] PREFIX_VARIABLES = {"VIRTUAL_ENV", "CONDA_PREFIX"};
    private static final String[] FIXED_PREFIXES = {"/usr/local", "/usr", "/opt/conda"};
    private static final long PYTHON_TIMEOUT_SECONDS = 5;

    private static volatile List<Path> askedPython;

    private AlePyRoms() {
    }

    /** Existing {@code ale_py/roms} folders, best first; empty when ale-py is not installed. */
    static List<Path> find(Map<String, String> env, boolean askPython) {
        Set<Path> found = new LinkedHashSet<>();
        for (Path packages : packageDirs(env)) {
            addIfDir(found, packages.resolve("ale_py").resolve("roms"));
        }
        if (found.isEmpty() && askPython) {
            found.addAll(askPython());
        }
        return List.copyOf(found);
    }

    private static List<Path> packageDirs(Map<String, String> env) {
        List<Path> prefixes = new ArrayList<>();
        for (String v : PREFIX_VARIABLES) {
            String p = env.get(v);
            if (p != null && !p.isBlank()) {
                prefixes.add(Path.of(p));
            }
        }
        String home = env.get("HOME");
        if (home != null && !home.isBlank()) {
            prefixes.add(Path.of(home, ".local"));
        }
        for (String p : FIXED_PREFIXES) {
            prefixes.add(Path.of(p));
        }
        List<Path> dirs = new ArrayList<>();
        String pythonPath = env.get("PYTHONPATH");
        if (pythonPath != null) {
            for (String entry : pythonPath.split(":")) {
                if (!entry.isBlank()) {
                    dirs.add(Path.of(entry));
                }
            }
        }
        for (Path prefix : prefixes) {
            for (String lib : new String[] {"lib", "lib64"}) {
                for (Path python : pythonDirs(prefix.resolve(lib))) {
                    dirs.add(python.resolve("site-packages"));
                    dirs.add(python.resolve("dist-packages"));
                }
            }
        }
        // Debian's python3 packages live in an unversioned folder.
        dirs.add(Path.of("/usr/lib/python3/dist-packages"));
        return dirs;
    }

    private static List<Path> pythonDirs(Path lib) {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(lib)) {
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(lib, "python3*")) {
            ds.forEach(out::add);
        } catch (IOException | RuntimeException e) {
            // An unreadable folder is simply not searched.
        }
        out.sort(null);
        return out.reversed();
    }

    private static void addIfDir(Set<Path> found, Path p) {
        if (Files.isDirectory(p)) {
            found.add(p.toAbsolutePath().normalize());
        }
    }

    /** Asks python3 where ale_py lives; remembered for the life of the process. */
    private static List<Path> askPython() {
        List<Path> cached = askedPython;
        if (cached == null) {
            cached = runPython();
            askedPython = cached;
        }
        return cached;
    }

    private static List<Path> runPython() {
        ProcessBuilder pb = new ProcessBuilder("python3", "-c",
                "import os, ale_py; print(os.path.dirname(ale_py.__file__))");
        pb.redirectErrorStream(true);
        pb.redirectInput(ProcessBuilder.Redirect.PIPE);
        try {
            Process p = pb.start();
            p.getOutputStream().close();
            if (!p.waitFor(PYTHON_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return List.of();
            }
            if (p.exitValue() != 0) {
                return List.of();
            }
            String out;
            try (InputStream in = p.getInputStream()) {
                out = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
            }
            Set<Path> found = new LinkedHashSet<>();
            if (!out.isEmpty() && !out.contains("\n")) {
                addIfDir(found, Path.of(out, "roms"));
            }
            return List.copyOf(found);
        } catch (IOException e) {
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }
}
