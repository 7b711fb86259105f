package a3c.kernels;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The geometry of one max-pool of {@link MaxPool2d}: an {@code inH x inW x channels} input, a
 * {@code kH x kW} window, one stride for both axes, and VALID or SAME padding.
 *
 * <p>SAME follows TensorFlow: {@code out = ceil(in / stride)}, the padding needed is
 * {@code max((out - 1) * stride + k - in, 0)}, with half of it (rounded down) on the top/left and the rest
 * on the bottom/right; so 2x2/2 on an odd size pads one row at the bottom and one column at the right.
 * Padded cells are not values: they never win. Every window holds at least one real cell.
 *
 * <p>The readable form is {@code 20x20x16>10x10 p2s2 same}: input, output rows and columns (a pool keeps
 * its channels), window, stride, padding.
 */
public record PoolShape(int inH, int inW, int channels, int kH, int kW, int stride, Padding padding) {
    /** How windows meet the border. */
    public enum Padding {
        /** Only windows that fit inside the input. */
        VALID,
        /** {@code ceil(in / stride)} windows per axis, padded as TensorFlow pads. */
        SAME
    }

    private static final Pattern TEXT =
            Pattern.compile("(\\d+)x(\\d+)x(\\d+)>(\\d+)x(\\d+) p(\\d+)(?:x(\\d+))?s(\\d+) (valid|same)");

    public PoolShape {
        if (inH < 1 || inW < 1 || channels < 1 || kH < 1 || kW < 1 || stride < 1 || padding == null) {
            throw new IllegalArgumentException("pool shape inH=" + inH + " inW=" + inW + " channels=" + channels
                    + " kH=" + kH + " kW=" + kW + " stride=" + stride + " padding=" + padding
                    + ": every size must be at least 1 and padding VALID or SAME");
        }
        if (padding == Padding.VALID && (kH > inH || kW > inW)) {
            throw new IllegalArgumentException("pool shape window=" + kH + "x" + kW + " is larger than input=" + inH
                    + "x" + inW + ": VALID padding needs the window to fit (or use SAME)");
        }
        if ((long) inH * inW * channels > Integer.MAX_VALUE / 64) {
            throw new IllegalArgumentException("pool shape " + inH + "x" + inW + "x" + channels
                    + " is too large for int float offsets");
        }
    }

    /** Reads the form {@link #toString()} writes; the output size must be the one the padding gives. */
    public static PoolShape parse(String text) {
        Matcher m = TEXT.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("pool shape '" + text + "' is not of the form 20x20x16>10x10 p2s2 same"
                    + " (or p3x2s1 valid for a non-square window)");
        }
        int kH = Integer.parseInt(m.group(6));
        int kW = m.group(7) == null ? kH : Integer.parseInt(m.group(7));
        PoolShape s = new PoolShape(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                Integer.parseInt(m.group(3)), kH, kW, Integer.parseInt(m.group(8)),
                Padding.valueOf(m.group(9).toUpperCase(Locale.ROOT)));
        if (s.outH() != Integer.parseInt(m.group(4)) || s.outW() != Integer.parseInt(m.group(5))) {
            throw new IllegalArgumentException("pool shape '" + text + "': the padding gives output " + s.outH() + "x"
                    + s.outW() + ", not " + m.group(4) + "x" + m.group(5));
        }
        return s;
    }

    public int outH() {
        return out(inH, kH);
    }

    public int outW() {
        return out(inW, kW);
    }

    /** Padded rows above the input (SAME only). */
    public int padTop() {
        return padBefore(inH, kH);
    }

    /** Padded columns left of the input (SAME only). */
    public int padLeft() {
        return padBefore(inW, kW);
    }

    /** Floats of one input sample: {@code H*W*C}. */
    public int inSize() {
        return inH * inW * channels;
    }

    /** Floats of one output sample: {@code OH*OW*C}. */
    public int outSize() {
        return outH() * outW() * channels;
    }

    /** Ints per sample of the argmax buffer that {@link MaxPool2d#forward} fills and backward reads. */
    public int argmaxInts() {
        return outSize();
    }

    /** Comparisons of one forward pass over {@code n} samples, one per window cell: the rate the benchmarks quote. */
    public long flops(int n) {
        return (long) n * outSize() * kH * kW;
    }

    private int out(int in, int k) {
        return padding == Padding.SAME ? (in + stride - 1) / stride : (in - k) / stride + 1;
    }

    private int padBefore(int in, int k) {
        return padding == Padding.SAME ? Math.max((out(in, k) - 1) * stride + k - in, 0) / 2 : 0;
    }

    @Override
    public String toString() {
        return inH + "x" + inW + "x" + channels + ">" + outH() + "x" + outW() + " p" + kH
                + (kW == kH ? "" : "x" + kW) + "s" + stride + " " + padding.name().toLowerCase(Locale.ROOT);
    }
}
