package a3c.engine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import a3c.engine.config.ConfigFile;
import a3c.engine.config.TrainOptions;
import a3c.engine.train.Training;

/** Helpers for tests that train: options parsed as the command line parses them, output captured. */
public final class Runs {
    private Runs() {
    }

    /** Options from command-line arguments, resolved and validated, with the run dir given. */
    public static TrainOptions options(Path runDir, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--run-dir=" + runDir);
        return ConfigFile.fromCommandLine(all).resolve().validate();
    }

    /** Trains and returns the result; the progress output goes to {@code log}. */
    public static Training.Result train(TrainOptions o, StringBuilder log) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            return new Training(o, out).run(null);
        } finally {
            log.append(bytes.toString(StandardCharsets.UTF_8));
            System.out.print(bytes.toString(StandardCharsets.UTF_8));
        }
    }
}
