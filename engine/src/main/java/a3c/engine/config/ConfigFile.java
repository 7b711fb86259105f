package a3c.engine.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import a3c.engine.UserError;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * A run's {@code config} file: every resolved {@link TrainOptions} setting as {@code name=value}, one per
 * line, names being the long option names without dashes. {@link #asArguments} turns it back into
 * command-line arguments, so resuming parses exactly what the first session resolved.
 */
public final class ConfigFile {
    private ConfigFile() {
    }

    /** Every option's current value, by option name without the leading dashes (unset values are skipped). */
    public static Map<String, String> entries(TrainOptions options) {
        Map<String, String> m = new LinkedHashMap<>();
        for (OptionSpec o : CommandSpec.forAnnotatedObject(options).options()) {
            Object v = o.getValue();
            if (v != null) {
                m.put(o.longestName().replaceFirst("^--", ""), v.toString());
            }
        }
        return m;
    }

    public static void write(Path file, TrainOptions options) throws IOException {
        StringBuilder sb = new StringBuilder("# every setting of this run; train --resume reads it back\n");
        entries(options).forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, sb.toString(), StandardCharsets.UTF_8);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** The entries of a config file (or of a checkpoint header's {@code config.} keys) as {@code --name=value} arguments. */
    public static List<String> asArguments(Map<String, String> entries) {
        List<String> args = new ArrayList<>();
        entries.forEach((k, v) -> args.add("--" + k + "=" + v));
        return args;
    }

    /**
     * Options as saved (a config file, or a checkpoint header's {@code config.} entries), then {@code overrides}
     * (command-line arguments), which win. {@code origin} names where the saved values came from, for errors.
     */
    public static TrainOptions parse(Map<String, String> saved, List<String> overrides, String origin) {
        List<String> args = new ArrayList<>(asArguments(saved));
        args.addAll(overrides);
        TrainOptions fresh = parseArguments(args, origin + " or on the command line");
        // a run saved before --lr-anneal-frames existed annealed over its --frames, and resumes doing so
        if (predates(saved, overrides, "lr-anneal-frames")) {
            fresh.lrAnnealFrames = fresh.frames;
        }
        // and one saved before --envs-per-worker existed played one game a worker (the default became 4 for Atari later)
        if (predates(saved, overrides, "envs-per-worker")) {
            fresh.envsPerWorker = 1;
        }
        // and one saved before --subtract-background existed saw its frames as they came: its network expects them so
        if (predates(saved, overrides, "subtract-background")) {
            fresh.subtractBackground = false;
        }
        // and one saved while a running normalisation silently took the background subtraction's place (recorded
        // true, not applied: 6f733a6 .. this check's commit) resumes with what it did
        if ((fresh.normalizeObservations || fresh.centerObservations) && !given(overrides, "subtract-background")) {
            fresh.subtractBackground = false;
        }
        return fresh;
    }

    /** Whether {@code saved} is a whole run's settings written before option {@code name} existed, and the command line does not give it. */
    private static boolean predates(Map<String, String> saved, List<String> overrides, String name) {
        return saved.containsKey("frames") && !saved.containsKey(name) && !given(overrides, name);
    }

    /** Whether the command line gives option {@code name}. */
    private static boolean given(List<String> overrides, String name) {
        return overrides.stream().anyMatch(a -> a.startsWith("--" + name));
    }

    /**
     * The options of a new run's command line: as given, or, when it names a {@code --preset}, the preset's
     * settings with the command line's flags over them.
     */
    public static TrainOptions fromCommandLine(List<String> args) {
        TrainOptions o = parseArguments(args, "the command line");
        return o.preset == null ? o : Preset.named(o.preset).over(args, "--preset " + o.preset + " or the command line");
    }

    /** Arguments parsed in order, a later value of an option replacing an earlier one; {@code origin} names them in errors. */
    static TrainOptions parseArguments(List<String> args, String origin) {
        TrainOptions fresh = new TrainOptions();
        CommandLine parser = new CommandLine(CommandSpec.forAnnotatedObject(fresh));
        parser.setOverwrittenOptionsAllowed(true);
        try {
            parser.parseArgs(args.toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            throw new UserError(e.getMessage().replace('\n', ' ') + " (in " + origin + "): fix the value");
        }
        return fresh;
    }

    /** The {@code config.} entries of a checkpoint header, without the prefix. */
    public static Map<String, String> fromHeader(Map<String, String> header) {
        Map<String, String> m = new LinkedHashMap<>();
        header.forEach((k, v) -> {
            if (k.startsWith("config.")) {
                m.put(k.substring("config.".length()), v);
            }
        });
        return m;
    }

    public static Map<String, String> read(Path file) {
        Map<String, String> m = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String t = line.strip();
                if (t.isEmpty() || t.startsWith("#")) {
                    continue;
                }
                int eq = t.indexOf('=');
                if (eq <= 0) {
                    throw new UserError(file + " has a line that is not name=value: '" + t + "': fix or delete the line");
                }
                m.put(t.substring(0, eq), t.substring(eq + 1));
            }
        } catch (IOException e) {
            throw new UserError("cannot read " + file + " (" + e.getMessage() + "): check the run directory");
        }
        return m;
    }
}
