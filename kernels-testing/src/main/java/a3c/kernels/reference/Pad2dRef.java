package a3c.kernels.reference;

import a3c.kernels.PadShape;

/** Scalar twin of {@link a3c.kernels.Pad2d}, in double, by coordinates: y[i][h][w][c] = x[i][h-top][w-left][c] inside, 0 outside. */
public final class Pad2dRef {
    private Pad2dRef() {
    }

    public static void forward(PadShape s, int n, double[] x, double[] y) {
        for (int i = 0; i < n; i++) {
            for (int h = 0; h < s.outH(); h++) {
                for (int w = 0; w < s.outW(); w++) {
                    for (int c = 0; c < s.channels(); c++) {
                        int sh = h - s.top(), sw = w - s.left();
                        boolean inside = sh >= 0 && sh < s.inH() && sw >= 0 && sw < s.inW();
                        y[((i * s.outH() + h) * s.outW() + w) * s.channels() + c] =
                                inside ? x[((i * s.inH() + sh) * s.inW() + sw) * s.channels() + c] : 0;
                    }
                }
            }
        }
    }

    /** {@code dx += dy} at the inside positions. */
    public static void backward(PadShape s, int n, double[] dy, double[] dx) {
        for (int i = 0; i < n; i++) {
            for (int h = 0; h < s.inH(); h++) {
                for (int w = 0; w < s.inW(); w++) {
                    for (int c = 0; c < s.channels(); c++) {
                        dx[((i * s.inH() + h) * s.inW() + w) * s.channels() + c] +=
                                dy[((i * s.outH() + h + s.top()) * s.outW() + w + s.left()) * s.channels() + c];
                    }
                }
            }
        }
    }
}
