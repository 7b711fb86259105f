package a3c.kernels.reference;

/**
 * Scalar twin of {@link a3c.kernels.LstmCell}, in double, built on {@link DenseRef} for the products.
 * Gate blocks along 4H in the order i, f, g, o; {@code gates} holds the activated gates.
 */
public final class LstmCellRef {
    private LstmCellRef() {
    }

    /** Writes h, c, gates (activated, N,4H) and tanhC (N,H). */
    public static void forward(int n, int in, int hidden, double[] x, double[] hPrev, double[] cPrev, double[] wx,
                               double[] wh, double[] b, double[] h, double[] c, double[] gates, double[] tanhC) {
        int width = 4 * hidden;
        double[] zh = new double[n * width];
        DenseRef.forward(n, in, width, x, wx, b, gates);
        DenseRef.forward(n, hidden, width, hPrev, wh, new double[width], zh);
        for (int r = 0; r < n; r++) {
            for (int j = 0; j < hidden; j++) {
                int z = r * width + j;
                double i = sigmoid(gates[z] + zh[z]);
                double f = sigmoid(gates[z + hidden] + zh[z + hidden]);
                double g = Math.tanh(gates[z + 2 * hidden] + zh[z + 2 * hidden]);
                double o = sigmoid(gates[z + 3 * hidden] + zh[z + 3 * hidden]);
                int s = r * hidden + j;
                c[s] = f * cPrev[s] + i * g;
                tanhC[s] = Math.tanh(c[s]);
                h[s] = o * tanhC[s];
                gates[z] = i;
                gates[z + hidden] = f;
                gates[z + 2 * hidden] = g;
                gates[z + 3 * hidden] = o;
            }
        }
    }

    /** Adds into dwx, dwh, db, dx, dhPrev, dcPrev; dh and dc are the gradients of this step's h and c. */
    public static void backward(int n, int in, int hidden, double[] x, double[] hPrev, double[] cPrev, double[] wx,
                                double[] wh, double[] gates, double[] tanhC, double[] dh, double[] dc,
                                double[] dwx, double[] dwh, double[] db, double[] dx, double[] dhPrev, double[] dcPrev) {
        int width = 4 * hidden;
        double[] dz = new double[n * width];
        for (int r = 0; r < n; r++) {
            for (int j = 0; j < hidden; j++) {
                int z = r * width + j;
                int s = r * hidden + j;
                double i = gates[z], f = gates[z + hidden], g = gates[z + 2 * hidden], o = gates[z + 3 * hidden];
                double dcTotal = dc[s] + dh[s] * o * (1 - tanhC[s] * tanhC[s]);
                dz[z] = dcTotal * g * i * (1 - i);
                dz[z + hidden] = dcTotal * cPrev[s] * f * (1 - f);
                dz[z + 2 * hidden] = dcTotal * i * (1 - g * g);
                dz[z + 3 * hidden] = dh[s] * tanhC[s] * o * (1 - o);
                dcPrev[s] += dcTotal * f;
            }
        }
        DenseRef.backwardParams(n, in, width, x, dz, dwx, db);
        DenseRef.backwardParams(n, hidden, width, hPrev, dz, dwh, new double[width]);
        DenseRef.backwardInput(n, in, width, wx, dz, dx);
        DenseRef.backwardInput(n, hidden, width, wh, dz, dhPrev);
    }

    static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }
}
