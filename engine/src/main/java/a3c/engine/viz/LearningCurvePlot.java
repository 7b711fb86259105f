package a3c.engine.viz;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.imageio.ImageIO;

import a3c.engine.UserError;
import a3c.engine.log.Evaluation;
import a3c.engine.log.RunLog;

/**
 * The PNG of a run: raw episode returns against frames with their running mean over 100 episodes and the
 * evaluations' means (sampled and greedy, from {@code eval.csv}), and
 * training frames/s against frames, read from the run directory's {@code episodes.csv} and
 * {@code metrics.csv}.
 */
public final class LearningCurvePlot {
    private LearningCurvePlot() {
    }

    /** Writes the plot of {@code runDir} to {@code png}; returns how many episodes it shows. */
    public static int write(Path runDir, Path png) throws IOException {
        System.setProperty("java.awt.headless", "true");
        List<double[]> episodes = readCsv(runDir.resolve(RunLog.EPISODES), "frames", "raw_return");
        List<double[]> metrics = readCsv(runDir.resolve(RunLog.METRICS), "frames", "frames_per_s");
        if (episodes.isEmpty() && metrics.isEmpty()) {
            throw new UserError("run dir " + runDir + " has no episodes or metrics yet: plot a run that has trained for a while");
        }
        double[] ex = column(episodes, 0), ey = column(episodes, 1);
        double[] mean = runningMean(ey, 100);
        Chart returns = new Chart("Raw episode return (" + ey.length + " episodes)", "frames", "return")
                .add(new Chart.Series(ex, ey, new Color(170, 170, 200), false, "episode"))
                .add(new Chart.Series(ex, mean, new Color(20, 60, 200), true, "mean of last 100"));
        addEvaluations(returns, runDir.resolve(RunLog.EVALUATIONS));
        Chart speed = new Chart("Training throughput", "frames", "frames/s")
                .add(new Chart.Series(column(metrics, 0), column(metrics, 1), new Color(200, 80, 20), true, "frames/s"));
        BufferedImage img = new BufferedImage(1000, 760, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, img.getWidth(), img.getHeight());
            returns.draw(g, 0, 0, 1000, 460);
            speed.draw(g, 0, 460, 1000, 300);
        } finally {
            g.dispose();
        }
        Path tmp = png.resolveSibling(png.getFileName() + ".tmp");
        if (!ImageIO.write(img, "png", tmp.toFile())) {
            throw new IOException("no PNG writer in this JDK");
        }
        Files.move(tmp, png, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return ey.length;
    }

    /** The evaluations' mean returns over the training curve, one line per policy (eval.csv; none when it is absent). */
    private static void addEvaluations(Chart chart, Path evalCsv) throws IOException {
        if (!Files.exists(evalCsv)) {
            return;
        }
        List<String> lines = Files.readAllLines(evalCsv);
        if (lines.isEmpty()) {
            return;
        }
        List<String> header = List.of(lines.getFirst().split(","));
        int frames = header.indexOf("frames"), policy = header.indexOf("policy"), mean = header.indexOf("mean");
        if (frames < 0 || policy < 0 || mean < 0) {
            throw new UserError(evalCsv + " lacks a frames, policy or mean column: is it an eval.csv written by train?");
        }
        String[] policies = {Evaluation.SAMPLED, Evaluation.GREEDY};
        Color[] colours = {new Color(0, 150, 60), new Color(220, 120, 0)};
        for (int p = 0; p < policies.length; p++) {
            List<double[]> points = new ArrayList<>();
            for (String line : lines.subList(1, lines.size())) {
                String[] cells = line.split(",", -1);
                if (cells.length == header.size() && cells[policy].equals(policies[p]) && !cells[mean].isEmpty()) {
                    points.add(new double[] {Double.parseDouble(cells[frames]), Double.parseDouble(cells[mean])});
                }
            }
            if (!points.isEmpty()) {
                chart.add(new Chart.Series(column(points, 0), column(points, 1), colours[p], true,
                        "evaluation, " + policies[p], true));
            }
        }
    }

    static double[] runningMean(double[] y, int window) {
        double[] m = new double[y.length];
        double sum = 0;
        for (int i = 0; i < y.length; i++) {
            sum += y[i];
            if (i >= window) {
                sum -= y[i - window];
            }
            m[i] = sum / Math.min(i + 1, window);
        }
        return m;
    }

    private static double[] column(List<double[]> rows, int c) {
        double[] v = new double[rows.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = rows.get(i)[c];
        }
        return v;
    }

    /** The named columns of a CSV with a header line; a missing file is an empty table. */
    static List<double[]> readCsv(Path file, String... names) throws IOException {
        List<double[]> rows = new ArrayList<>();
        if (!Files.exists(file)) {
            return rows;
        }
        List<String> lines = Files.readAllLines(file);
        if (lines.isEmpty()) {
            return rows;
        }
        List<String> header = List.of(lines.get(0).split(","));
        int[] idx = new int[names.length];
        for (int i = 0; i < names.length; i++) {
            idx[i] = header.indexOf(names[i]);
            if (idx[i] < 0) {
                throw new UserError(file + " has no column '" + names[i] + "': is it a metrics file written by train?");
            }
        }
        for (int l = 1; l < lines.size(); l++) {
            String[] cells = lines.get(l).split(",", -1);
            double[] r = new double[names.length];
            for (int i = 0; i < names.length; i++) {
                r[i] = idx[i] < cells.length && !cells[idx[i]].isEmpty() ? Double.parseDouble(cells[idx[i]]) : Double.NaN;
            }
            rows.add(r);
        }
        return rows;
    }
}
