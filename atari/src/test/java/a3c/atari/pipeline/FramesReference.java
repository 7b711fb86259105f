package a3c.atari.pipeline;

/**
 * The preprocessing of one frame written the plain way, in double, straight from the definitions: each
 * pixel's colour through the palette, the max of the two screens colour channel by colour channel,
 * luminance Y = 0.2989 R + 0.5870 G + 0.1140 B rounded to a byte (as ALE rounds it), and area averaging as
 * the integral of the source image over each output pixel's rectangle divided by its area; for the universe
 * frames the channels' plain mean, the crop, and OpenCV's bilinear resize as its documentation defines it
 * (the destination pixel's centre mapped back to the source, the four neighbours around it weighted by
 * distance, clamped at the border).
 */
final class FramesReference {
    private FramesReference() {
    }

    /** A gray level from a colour's red, green and blue. */
    private interface Tone {
        double of(double red, double green, double blue);
    }

    /** Y(max(rgb[newest], rgb[previous])) (previous may be null), H x W. */
    static double[][] gray(byte[] newest, byte[] previous, int[] rgb, int h, int w) {
        return pooled(newest, previous, rgb, h, w,
                (red, green, blue) -> Math.floor(0.2989 * red + 0.5870 * green + 0.1140 * blue + 0.5)); // C round(), half up
    }

    /** (R + G + B) / 3 of max(rgb[newest], rgb[previous]) (previous may be null), H x W. */
    static double[][] channelMean(byte[] newest, byte[] previous, int[] rgb, int h, int w) {
        return pooled(newest, previous, rgb, h, w, (red, green, blue) -> (red + green + blue) / 3);
    }

    /** The tone of each pixel's colour-wise max over the two screens. */
    private static double[][] pooled(byte[] newest, byte[] previous, int[] rgb, int h, int w, Tone tone) {
        double[][] g = new double[h][w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                int a = rgb[newest[i] & 0xFF];
                int b = previous == null ? a : rgb[previous[i] & 0xFF];
                g[y][x] = tone.of(Math.max(a >> 16 & 255, b >> 16 & 255), Math.max(a >> 8 & 255, b >> 8 & 255), Math.max(a & 255, b & 255));
            }
        }
        return g;
    }

    /** Area average of {@code src} onto outH x outW. */
    static double[][] areaResize(double[][] src, int outH, int outW) {
        int h = src.length;
        int w = src[0].length;
        double sy = (double) h / outH;
        double sx = (double) w / outW;
        double[][] out = new double[outH][outW];
        for (int oy = 0; oy < outH; oy++) {
            for (int ox = 0; ox < outW; ox++) {
                double y0 = oy * sy;
                double y1 = (oy + 1) * sy;
                double x0 = ox * sx;
                double x1 = (ox + 1) * sx;
                double sum = 0;
                for (int y = (int) Math.floor(y0); y < Math.min(h, Math.ceil(y1)); y++) {
                    double fy = Math.min(y + 1, y1) - Math.max(y, y0);
                    for (int x = (int) Math.floor(x0); x < Math.min(w, Math.ceil(x1)); x++) {
                        double fx = Math.min(x + 1, x1) - Math.max(x, x0);
                        sum += fy * fx * src[y][x];
                    }
                }
                out[oy][ox] = sum / (sy * sx);
            }
        }
        return out;
    }

    /** DEEPMIND: resize to outH x outW, scale to [0, 1]. */
    static double[][] deepMind(double[][] gray, int outH, int outW) {
        double[][] r = areaResize(gray, outH, outW);
        for (double[] row : r) {
            for (int x = 0; x < row.length; x++) {
                row[x] /= 255;
            }
        }
        return r;
    }

    /** NOTEBOOK: 1 where the gray level is above {@code threshold}, else 0; then bilinear to resizeH x outW and keep rows cropTop .. cropTop + outH. */
    static double[][] notebook(double[][] gray, int threshold, int resizeH, int cropTop, int outH, int outW) {
        double[][] binary = new double[gray.length][];
        for (int y = 0; y < gray.length; y++) {
            binary[y] = new double[gray[y].length];
            for (int x = 0; x < gray[y].length; x++) {
                binary[y][x] = gray[y][x] > threshold ? 1 : 0;
            }
        }
        double[][] r = bilinear(binary, resizeH, outW);
        double[][] out = new double[outH][];
        for (int y = 0; y < outH; y++) {
            out[y] = r[cropTop + y];
        }
        return out;
    }

    /** Where output {@code i} of {@code m} samples a source of {@code n}: its left neighbour, right neighbour and the weight of the right one. */
    private record Sample(int lo, int hi, double frac) {
        static Sample of(int i, int n, int m) {
            double at = (i + 0.5) * n / m - 0.5;
            int lo = (int) Math.floor(at);
            double frac = at - lo;
            if (lo < 0) {
                lo = 0;
                frac = 0;
            }
            if (lo >= n - 1) {
                lo = n - 1;
                frac = 0;
            }
            return new Sample(lo, Math.min(lo + 1, n - 1), frac);
        }
    }

    /** OpenCV's INTER_LINEAR resize of {@code src} onto outH x outW. */
    static double[][] bilinear(double[][] src, int outH, int outW) {
        int h = src.length;
        int w = src[0].length;
        double[][] out = new double[outH][outW];
        for (int oy = 0; oy < outH; oy++) {
            Sample y = Sample.of(oy, h, outH);
            for (int ox = 0; ox < outW; ox++) {
                Sample x = Sample.of(ox, w, outW);
                out[oy][ox] = (1 - y.frac) * ((1 - x.frac) * src[y.lo][x.lo] + x.frac * src[y.lo][x.hi])
                        + y.frac * ((1 - x.frac) * src[y.hi][x.lo] + x.frac * src[y.hi][x.hi]);
            }
        }
        return out;
    }

    /** UNIVERSE: rows 34 .. 194 and columns 0 .. 160 of the channel means, bilinear to 80x80, then to outH x outW, scaled to [0, 1]. */
    static double[][] universe(double[][] channelMean, int outH, int outW) {
        double[][] square = new double[160][];
        for (int y = 0; y < 160; y++) {
            square[y] = java.util.Arrays.copyOf(channelMean[34 + y], 160);
        }
        return overByteRange(bilinear(bilinear(square, 80, 80), outH, outW));
    }

    /** KERAS: the whole screen's gray levels, bilinear to outH x outW, scaled to [0, 1]. */
    static double[][] keras(double[][] gray, int outH, int outW) {
        return overByteRange(bilinear(gray, outH, outW));
    }

    /** Every value over 255, in place: grey levels to [0, 1]. */
    private static double[][] overByteRange(double[][] r) {
        for (double[] row : r) {
            for (int x = 0; x < row.length; x++) {
                row[x] /= 255;
            }
        }
        return r;
    }
}
