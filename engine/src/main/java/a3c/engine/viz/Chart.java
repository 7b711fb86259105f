package a3c.engine.viz;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** One panel of a plot: axes with round-number ticks, and series drawn as points or lines. */
final class Chart {
    /** A series: x and y values, a colour, whether to join the points, and whether to mark each one (sparse series). */
    record Series(double[] x, double[] y, Color color, boolean line, String label, boolean marked) {
        Series(double[] x, double[] y, Color color, boolean line, String label) {
            this(x, y, color, line, label, false);
        }
    }

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final List<Series> series = new ArrayList<>();

    Chart(String title, String xLabel, String yLabel) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
    }

    Chart add(Series s) {
        series.add(s);
        return this;
    }

    /** Draws the chart into the rectangle (x0, y0, w, h) of {@code g}. */
    void draw(Graphics2D g, int x0, int y0, int w, int h) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        int left = x0 + 70, right = x0 + w - 20, top = y0 + 35, bottom = y0 + h - 45;
        double[] xr = range(true), yr = range(false);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString(title, left, y0 + 20);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        g.drawRect(left, top, right - left, bottom - top);
        for (double t : ticks(xr[0], xr[1])) {
            int px = (int) Math.round(left + (t - xr[0]) / (xr[1] - xr[0]) * (right - left));
            g.setColor(new Color(230, 230, 230));
            g.drawLine(px, top + 1, px, bottom - 1);
            g.setColor(Color.BLACK);
            String s = label(t);
            g.drawString(s, px - g.getFontMetrics().stringWidth(s) / 2, bottom + 15);
        }
        for (double t : ticks(yr[0], yr[1])) {
            int py = (int) Math.round(bottom - (t - yr[0]) / (yr[1] - yr[0]) * (bottom - top));
            g.setColor(new Color(230, 230, 230));
            g.drawLine(left + 1, py, right - 1, py);
            g.setColor(Color.BLACK);
            String s = label(t);
            g.drawString(s, left - 6 - g.getFontMetrics().stringWidth(s), py + 4);
        }
        g.drawString(xLabel, (left + right) / 2 - g.getFontMetrics().stringWidth(xLabel) / 2, bottom + 32);
        g.drawString(yLabel, x0 + 5, top - 8);
        int legendY = top + 15;
        for (Series s : series) {
            g.setColor(s.color);
            int prevX = Integer.MIN_VALUE, prevY = 0;
            g.setStroke(new BasicStroke(s.line ? 2f : 1f));
            for (int i = 0; i < s.x.length; i++) {
                if (!Double.isFinite(s.y[i])) {
                    prevX = Integer.MIN_VALUE;
                    continue;
                }
                int px = (int) Math.round(left + (s.x[i] - xr[0]) / (xr[1] - xr[0]) * (right - left));
                int py = (int) Math.round(bottom - (s.y[i] - yr[0]) / (yr[1] - yr[0]) * (bottom - top));
                if (s.line) {
                    if (prevX != Integer.MIN_VALUE) {
                        g.drawLine(prevX, prevY, px, py);
                    }
                    if (s.marked) {
                        g.fillOval(px - 3, py - 3, 7, 7);
                    }
                } else {
                    g.fillRect(px - 1, py - 1, 2, 2);
                }
                prevX = px;
                prevY = py;
            }
            g.fillRect(right - 150, legendY - 8, 10, 10);
            g.setColor(Color.BLACK);
            g.drawString(s.label, right - 135, legendY + 1);
            legendY += 15;
        }
        g.setStroke(new BasicStroke(1f));
    }

    private double[] range(boolean xAxis) {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            for (double v : xAxis ? s.x : s.y) {
                if (Double.isFinite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        if (lo > hi) {
            return new double[] {0, 1};
        }
        if (hi - lo < 1e-12) {
            return new double[] {lo - 1, hi + 1};
        }
        double pad = xAxis ? 0 : (hi - lo) * 0.05;
        return new double[] {lo - pad, hi + pad};
    }

    /** Round-number ticks (1, 2 or 5 times a power of ten) covering [lo, hi]. */
    static List<Double> ticks(double lo, double hi) {
        double raw = (hi - lo) / 6;
        double p = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = raw / p < 1.5 ? p : raw / p < 3.5 ? 2 * p : raw / p < 7.5 ? 5 * p : 10 * p;
        List<Double> t = new ArrayList<>();
        for (double v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) {
            t.add(Math.abs(v) < step * 1e-9 ? 0 : v);
        }
        return t;
    }

    static String label(double v) {
        double a = Math.abs(v);
        if (a >= 1e9) {
            return trim(v / 1e9) + "G";
        } else if (a >= 1e6) {
            return trim(v / 1e6) + "M";
        } else if (a >= 1e4) {
            return trim(v / 1e3) + "K";
        }
        return trim(v);
    }

    private static String trim(double v) {
        String s = String.format(Locale.ROOT, "%.2f", v);
        return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    }
}
