package a3c.kernels.reference;

import a3c.kernels.PoolShape;

/**
 * Scalar twin of {@link a3c.kernels.MaxPool2d}, in double: {@code x: N,H,W,C   y, argmax: N,OH,OW,C}, argmax
 * the window cell {@code ky*KW + kx} of the first largest real (unpadded) cell; backward adds into dx.
 */
public final class MaxPool2dRef {
    private MaxPool2dRef() {
    }

    public static void forward(PoolShape s, int n, double[] x, double[] y, int[] argmax) {
        int c = s.channels();
        for (int ni = 0; ni < n; ni++) {
            for (int oy = 0; oy < s.outH(); oy++) {
                for (int ox = 0; ox < s.outW(); ox++) {
                    for (int ch = 0; ch < c; ch++) {
                        double best = Double.NEGATIVE_INFINITY;
                        int cell = -1;
                        for (int ky = 0; ky < s.kH(); ky++) {
                            for (int kx = 0; kx < s.kW(); kx++) {
                                int iy = oy * s.stride() - s.padTop() + ky;
                                int ix = ox * s.stride() - s.padLeft() + kx;
                                if (iy < 0 || iy >= s.inH() || ix < 0 || ix >= s.inW()) {
                                    continue; // padding: not a value
                                }
                                double v = x[((ni * s.inH() + iy) * s.inW() + ix) * c + ch];
                                if (cell < 0 || v > best) {
                                    best = v;
                                    cell = ky * s.kW() + kx;
                                }
                            }
                        }
                        int o = ((ni * s.outH() + oy) * s.outW() + ox) * c + ch;
                        y[o] = best;
                        argmax[o] = cell;
                    }
                }
            }
        }
    }

    /** {@code dx[winner] += dy}. */
    public static void backward(PoolShape s, int n, int[] argmax, double[] dy, double[] dx) {
        int c = s.channels();
        for (int ni = 0; ni < n; ni++) {
            for (int oy = 0; oy < s.outH(); oy++) {
                for (int ox = 0; ox < s.outW(); ox++) {
                    for (int ch = 0; ch < c; ch++) {
                        int o = ((ni * s.outH() + oy) * s.outW() + ox) * c + ch;
                        int iy = oy * s.stride() - s.padTop() + argmax[o] / s.kW();
                        int ix = ox * s.stride() - s.padLeft() + argmax[o] % s.kW();
                        dx[((ni * s.inH() + iy) * s.inW() + ix) * c + ch] += dy[o];
                    }
                }
            }
        }
    }
}
