package a3c.kernels.reference;

import a3c.kernels.ConvShape;

/**
 * Scalar twin of {@link a3c.kernels.Conv2d}, in double: plain loops, same layouts and semantics.
 * {@code x: N,H,W,C   w: KH,KW,C,K   b: K   y: N,OH,OW,K}; backward adds into its gradients.
 */
public final class Conv2dRef {
    private Conv2dRef() {
    }

    /** {@code y = conv(x, w) + b}, overwriting y. */
    public static void forward(ConvShape s, int n, double[] x, double[] w, double[] b, double[] y) {
        for (int ni = 0; ni < n; ni++) {
            for (int oy = 0; oy < s.outH(); oy++) {
                for (int ox = 0; ox < s.outW(); ox++) {
                    for (int k = 0; k < s.outC(); k++) {
                        double sum = b[k];
                        for (int ky = 0; ky < s.kH(); ky++) {
                            for (int kx = 0; kx < s.kW(); kx++) {
                                for (int c = 0; c < s.inC(); c++) {
                                    sum += x[xIndex(s, ni, oy * s.stride() + ky, ox * s.stride() + kx, c)]
                                            * w[wIndex(s, ky, kx, c, k)];
                                }
                            }
                        }
                        y[yIndex(s, ni, oy, ox, k)] = sum;
                    }
                }
            }
        }
    }

    /** {@code dw += dL/dw, db += dL/db}. */
    public static void backwardParams(ConvShape s, int n, double[] x, double[] dy, double[] dw, double[] db) {
        for (int ni = 0; ni < n; ni++) {
            for (int oy = 0; oy < s.outH(); oy++) {
                for (int ox = 0; ox < s.outW(); ox++) {
                    for (int k = 0; k < s.outC(); k++) {
                        double g = dy[yIndex(s, ni, oy, ox, k)];
                        db[k] += g;
                        for (int ky = 0; ky < s.kH(); ky++) {
                            for (int kx = 0; kx < s.kW(); kx++) {
                                for (int c = 0; c < s.inC(); c++) {
                                    dw[wIndex(s, ky, kx, c, k)] +=
                                            g * x[xIndex(s, ni, oy * s.stride() + ky, ox * s.stride() + kx, c)];
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /** {@code dx += dL/dx}. */
    public static void backwardInput(ConvShape s, int n, double[] w, double[] dy, double[] dx) {
        for (int ni = 0; ni < n; ni++) {
            for (int oy = 0; oy < s.outH(); oy++) {
                for (int ox = 0; ox < s.outW(); ox++) {
                    for (int k = 0; k < s.outC(); k++) {
                        double g = dy[yIndex(s, ni, oy, ox, k)];
                        for (int ky = 0; ky < s.kH(); ky++) {
                            for (int kx = 0; kx < s.kW(); kx++) {
                                for (int c = 0; c < s.inC(); c++) {
                                    dx[xIndex(s, ni, oy * s.stride() + ky, ox * s.stride() + kx, c)] +=
                                            g * w[wIndex(s, ky, kx, c, k)];
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    private static int xIndex(ConvShape s, int n, int iy, int ix, int c) {
        return ((n * s.inH() + iy) * s.inW() + ix) * s.inC() + c;
    }

    private static int wIndex(ConvShape s, int ky, int kx, int c, int k) {
        return ((ky * s.kW() + kx) * s.inC() + c) * s.outC() + k;
    }

    private static int yIndex(ConvShape s, int n, int oy, int ox, int k) {
        return ((n * s.outH() + oy) * s.outW() + ox) * s.outC() + k;
    }
}
