package a3c.engine.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import a3c.engine.UserError;
import a3c.engine.viz.LearningCurvePlot;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code plot --run-dir DIR}: a PNG of the learning curve and of frames/s. */
@Command(name = "plot", mixinStandardHelpOptions = true,
        description = "Draw a run's learning curve (raw return vs frames, with the mean of the last 100 games and the evaluations' means from eval.csv) and its frames/s as a PNG.")
final class PlotCommand implements Callable<Integer> {
    @Option(names = "--run-dir", required = true, paramLabel = "DIR", description = "The run directory (holds episodes.csv, metrics.csv and, when it evaluated, eval.csv).")
    Path runDir;

    @Option(names = "--out", paramLabel = "FILE", description = "Where to write the PNG. Default: <run-dir>/curve.png.")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (!Files.isDirectory(runDir)) {
            throw new UserError("--run-dir=" + runDir + " is not a directory: give the folder a train run wrote");
        }
        Path png = out != null ? out : runDir.resolve("curve.png");
        int episodes = LearningCurvePlot.write(runDir, png);
        System.out.println("wrote " + png + " (" + episodes + " episodes)");
        return 0;
    }
}
