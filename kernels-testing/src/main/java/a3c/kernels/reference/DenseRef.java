package a3c.kernels.reference;

import a3c.kernels.WeightPanels;

/**
 * Scalar twin of {@link a3c.kernels.Dense}, in double. {@code x: N,IN}; {@code w: IN,OUT} in the kernels'
 * {@link WeightPanels} layout (element {@code [i,o]} at {@code WeightPanels.index}); {@code b: OUT};
 * {@code y: N,OUT}. Backwards add.
 */
public final class DenseRef {
    private DenseRef() {
    }

    public static void forward(int n, int in, int out, double[] x, double[] w, double[] b, double[] y) {
        for (int r = 0; r < n; r++) {
            for (int o = 0; o < out; o++) {
                double s = b[o];
                for (int i = 0; i < in; i++) {
                    s += x[r * in + i] * w[(int) WeightPanels.index(in, out, i, o)];
                }
                y[r * out + o] = s;
            }
        }
    }

    /** {@code dw[i,o] += sum_r x[r,i] dy[r,o]}; {@code db[o] += sum_r dy[r,o]}. */
    public static void backwardParams(int n, int in, int out, double[] x, double[] dy, double[] dw, double[] db) {
        for (int i = 0; i < in; i++) {
            for (int o = 0; o < out; o++) {
                double s = 0;
                for (int r = 0; r < n; r++) {
                    s += x[r * in + i] * dy[r * out + o];
                }
                dw[(int) WeightPanels.index(in, out, i, o)] += s;
            }
        }
        for (int o = 0; o < out; o++) {
            for (int r = 0; r < n; r++) {
                db[o] += dy[r * out + o];
            }
        }
    }

    /** {@code dx[r,i] += sum_o dy[r,o] w[i,o]}. */
    public static void backwardInput(int n, int in, int out, double[] w, double[] dy, double[] dx) {
        for (int r = 0; r < n; r++) {
            for (int i = 0; i < in; i++) {
                double s = 0;
                for (int o = 0; o < out; o++) {
                    s += dy[r * out + o] * w[(int) WeightPanels.index(in, out, i, o)];
                }
                dx[r * in + i] += s;
            }
        }
    }
}
