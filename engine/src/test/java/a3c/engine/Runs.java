package a3c.engine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import a3c.engine.cli.Main;
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

    /**
     * The command line of a fresh JVM running the engine's {@code Main} with {@code args}: this JVM's java, its
     * options (modules, opens, the vector bounds check) and its class path.
     */
    public static List<String> engineJvm(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        return cmd;
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
