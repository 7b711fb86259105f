package a3c.kernels;

/**
 * How dense and LSTM weights {@code w: IN,OUT} are laid out: in column panels of {@link #WIDTH} outputs.
 *
 * <pre>
 *  outputs  0 ........ 63 | 64 ....... 127 | ... | 64p ... OUT-1      (last panel: OUT - 64p wide)
 *  memory   [ panel 0: IN rows x 64 ][ panel 1: IN rows x 64 ] ... [ panel p: IN rows x width ]
 *  w[i,o] at  (o / 64) * 64 * IN  +  i * width(o / 64)  +  o % 64
 * </pre>
 *
 * Why not plain row-major {@code IN,OUT}: its rows sit OUT floats apart, a power of two for the real
 * shapes (256, and 1024 for the LSTM's 4H), so the rows of an L1-sized block of W fall into a few cache
 * sets and evict each other; a panel is one contiguous run, so a 64-row block of it (16 KB) stays in L1
 * while every batch row uses it. Measured on Zen 3, dense 2592>256 forward at batch 20: 64 GFLOP/s
 * with panels against 43 with the row-major layout. For {@code OUT <= 64} the two layouts are the same.
 * The width is a property of the data, not of the vector species, so arenas and checkpoints do not
 * depend on the machine.
 */
public final class WeightPanels {
    /** Outputs per panel: 8 vectors of 8 floats (AVX2), 16 of 4, 4 of 16. */
    public static final int WIDTH = 64;

    private WeightPanels() {
    }

    /** Float index of {@code w[i,o]} in a weight tensor of {@code in} rows and {@code out} outputs. */
    public static long index(int in, int out, int i, int o) {
        int start = o - o % WIDTH;
        return (long) start * in + (long) i * width(out, start) + o % WIDTH;
    }

    /** Width of the panel that starts at output {@code start} (a multiple of {@link #WIDTH}). */
    public static int width(int out, int start) {
        return Math.min(WIDTH, out - start);
    }
}
