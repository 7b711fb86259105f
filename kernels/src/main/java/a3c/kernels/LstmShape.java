package a3c.kernels;

/**
 * Sizes of an {@link LstmCell} of {@code in} inputs and {@code hidden} cells: every tensor and scratch
 * buffer its forward and backward use, in floats, and the FLOPs benchmarks count.
 *
 * <pre>
 *  parameters   wx: IN,4H   wh: H,4H   (both in WeightPanels)   b: 4H
 *  per step     x: N,IN   hPrev, cPrev, h, c: N,H   gates: N,4H   tanhC: N,H    (kept for backward)
 *  scratch      dGates: N,4H   (backward's gate pre-activation gradients)
 * </pre>
 * Gate blocks along 4H are in the order i, f, g, o.
 */
public record LstmShape(int in, int hidden) {
    public LstmShape {
        if (in < 1 || hidden < 1) {
            throw new IllegalArgumentException("lstm in=" + in + " hidden=" + hidden + ": both must be at least 1");
        }
    }

    /** 4H: the width of the gate pre-activations. */
    public int gateWidth() {
        return 4 * hidden;
    }

    public int wxFloats() {
        return in * gateWidth();
    }

    public int whFloats() {
        return hidden * gateWidth();
    }

    public int biasFloats() {
        return gateWidth();
    }

    /** x of n rows. */
    public int inputFloats(int n) {
        return n * in;
    }

    /** h, c, tanhC (and dh, dc, hPrev, cPrev) of n rows. */
    public int stateFloats(int n) {
        return n * hidden;
    }

    /** gates (activated) and the dGates scratch of n rows. */
    public int gateFloats(int n) {
        return n * gateWidth();
    }

    /**
     * FLOPs of one forward step: the two products ({@code x . wx + hPrev . wh}), two per multiply-add. The
     * gate activations (about 10 operations and 4 transcendentals per cell) are not counted: at 256>256
     * they are under 1% of the product's operations, though not of its time.
     */
    public long forwardFlops(int n) {
        return 2L * n * (in + hidden) * gateWidth();
    }

    /** FLOPs of one backward step: the four products (weight and input gradients) and the bias sums. */
    public long backwardFlops(int n) {
        return 4L * n * (in + hidden) * gateWidth() + (long) n * gateWidth();
    }
}
