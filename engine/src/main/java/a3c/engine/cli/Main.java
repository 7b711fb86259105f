package a3c.engine.cli;

import java.io.PrintWriter;

import a3c.engine.UserError;
import a3c.engine.config.Preset;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code java --add-modules jdk.incubator.vector -jar engine.jar <command>}: train, eval, play, plot, bench.
 *
 * <p>User errors (bad flags, missing or corrupt files, a diverged run) print one line, {@code error: ...},
 * and exit with status 2 (bad usage) or 1 (the run failed); bugs print their stack trace and exit 1.
 */
@Command(name = "engine.jar", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "A3C (Mnih et al. 2016) for the Arcade Learning Environment, on Vector API kernels.",
        subcommands = {TrainCommand.class, EvalCommand.class, PlayCommand.class, PlotCommand.class, InspectCommand.class, BenchCommand.class,
                CommandLine.HelpCommand.class})
public final class Main {
    /** Exit status of a usage error (bad flag, bad value). */
    public static final int USAGE = 2;
    /** Exit status of a run that failed (bad file, diverged, worker error). */
    public static final int FAILED = 1;

    /** The Vector API's switch for its per-load/store bounds check (2, the default, checks every access). */
    static final String VECTOR_BOUNDS_CHECK = "jdk.incubator.vector.VECTOR_ACCESS_OOB_CHECK";

    public static void main(String[] args) {
        // Every kernel checks its tensors' sizes once per call; the Vector API's own check on each vector
        // load was 17% of a training thread's samples (JFR, Breakout ff). Read once when the Vector API
        // initialises, so it must be set before any kernel runs; a value the user gave is kept.
        if (System.getProperty(VECTOR_BOUNDS_CHECK) == null) {
            System.setProperty(VECTOR_BOUNDS_CHECK, "0");
        }
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit status (tests call this). */
    public static int run(String... args) {
        CommandLine cli = commandLine();
        try {
            return cli.execute(args);
        } catch (NoClassDefFoundError e) {
            // picocli passes Errors through; this one is a runtime without java.desktop (see userError)
            UserError user = userError(e);
            if (user == null) {
                throw e;
            }
            cli.getErr().println("error: " + user.getMessage());
            cli.getErr().flush();
            return FAILED;
        }
    }

    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        cli.setParameterExceptionHandler((e, args) -> {
            PrintWriter err = e.getCommandLine().getErr();
            String name = e.getCommandLine().getCommandName();
            err.println("error: " + e.getMessage() + " (see: " + qualified(e.getCommandLine()) + " --help)");
            err.flush();
            return name.isEmpty() ? USAGE : USAGE;
        });
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            PrintWriter err = cmd.getErr();
            UserError user = userError(e);
            if (user != null) {
                err.println("error: " + user.getMessage());
                err.flush();
                return FAILED;
            }
            err.println("error: internal failure: " + e);
            e.printStackTrace(err);
            err.flush();
            return FAILED;
        });
        presetsInHelp(cli);
        return cli;
    }

    /** Every command that takes {@code --preset} ends its help with the presets, listed from {@link Preset} itself. */
    private static void presetsInHelp(CommandLine cmd) {
        if (cmd.getCommandSpec().findOption("--preset") != null) {
            cmd.getCommandSpec().usageMessage().footer(Preset.usage(cmd.getCommandSpec().usageMessage().width()).toArray(String[]::new));
        }
        cmd.getSubcommands().values().forEach(Main::presetsInHelp);
    }

    /** The user error behind {@code t}, including the atari module's bad-input errors, or null for a bug. */
    static UserError userError(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof UserError u) {
                return u;
            }
            if (c instanceof NoClassDefFoundError n && n.getMessage() != null && n.getMessage().startsWith("java/awt")) {
                // a trimmed runtime (jlink) without java.desktop still trains; only pictures need it
                return new UserError("this Java runtime lacks the java.desktop module that plot and play need to draw"
                        + " pictures; run them with a full JDK 25, or add java.desktop to the jlink --add-modules list");
            }
            UserError mapped = Errors.fromEnvironment(c);
            if (mapped != null) {
                return mapped;
            }
        }
        return null;
    }

    private static String qualified(CommandLine cmd) {
        StringBuilder sb = new StringBuilder(cmd.getCommandName());
        for (CommandLine p = cmd.getParent(); p != null; p = p.getParent()) {
            sb.insert(0, p.getCommandName() + " ");
        }
        return sb.toString();
    }
}
