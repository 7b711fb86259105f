package a3c.kernels;

/**
 * Zero padding of an {@code inH x inW x channels} image (rows of {@code inW * channels} floats) by
 * {@code top, bottom, left, right} rows and columns: what turns a VALID {@link Conv2d} into a SAME one
 * ({@link #same}).
 */
public record PadShape(int inH, int inW, int channels, int top, int bottom, int left, int right) {
    public PadShape {
        if (inH < 1 || inW < 1 || channels < 1 || top < 0 || bottom < 0 || left < 0 || right < 0) {
            throw new IllegalArgumentException("pad shape inH=" + inH + " inW=" + inW + " channels=" + channels + " top=" + top
                    + " bottom=" + bottom + " left=" + left + " right=" + right + ": sizes at least 1, padding at least 0");
        }
        if ((long) (inH + top + bottom) * (inW + left + right) * channels > Integer.MAX_VALUE / 64) {
            throw new IllegalArgumentException("pad shape " + inH + "x" + inW + "x" + channels + " is too large for int float offsets");
        }
    }

    /**
     * TensorFlow's SAME padding for a {@code k x k} window at {@code stride}: {@code out = ceil(in / stride)}
     * per axis, {@code max((out - 1) * stride + k - in, 0)} padded, half of it (rounded down) before, the rest
     * after. 42x42, 3x3/2: nothing before, one after (out 21).
     */
    public static PadShape same(int inH, int inW, int channels, int k, int stride) {
        int padH = Math.max((ceilDiv(inH, stride) - 1) * stride + k - inH, 0);
        int padW = Math.max((ceilDiv(inW, stride) - 1) * stride + k - inW, 0);
        return new PadShape(inH, inW, channels, padH / 2, padH - padH / 2, padW / 2, padW - padW / 2);
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    public int outH() {
        return inH + top + bottom;
    }

    public int outW() {
        return inW + left + right;
    }

    public int inSize() {
        return inH * inW * channels;
    }

    public int outSize() {
        return outH() * outW() * channels;
    }

    @Override
    public String toString() {
        return inH + "x" + inW + "x" + channels + ">" + outH() + "x" + outW() + " pad " + top + "," + bottom + "," + left + "," + right;
    }
}
