package a3c.kernels;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The geometry of one 2-D convolution of {@link Conv2d}: an {@code inH x inW x inC} input, a
 * {@code kH x kW} kernel, {@code outC} output channels, one stride for both axes, VALID padding (every
 * window lies inside the input; rows and columns no window reaches get no gradient).
 *
 * <p>Sizes are per sample, in floats. The readable form (from {@link #toString()}, read back by
 * {@link #parse(String)}) is {@code 84x84x4>20x20x16 k8s4}: input, output, kernel size, stride.
 */
public record ConvShape(int inH, int inW, int inC, int kH, int kW, int outC, int stride) {
    private static final Pattern TEXT =
            Pattern.compile("(\\d+)x(\\d+)x(\\d+)>(\\d+)x(\\d+)x(\\d+) k(\\d+)(?:x(\\d+))?s(\\d+)");

    public ConvShape {
        if (inH < 1 || inW < 1 || inC < 1 || kH < 1 || kW < 1 || outC < 1 || stride < 1) {
            throw new IllegalArgumentException("conv shape inH=" + inH + " inW=" + inW + " inC=" + inC + " kH=" + kH
                    + " kW=" + kW + " outC=" + outC + " stride=" + stride + ": every value must be at least 1");
        }
        if (kH > inH || kW > inW) {
            throw new IllegalArgumentException("conv shape kernel=" + kH + "x" + kW + " is larger than input=" + inH
                    + "x" + inW + ": VALID padding needs the kernel to fit");
        }
        if ((long) inH * inW * inC > Integer.MAX_VALUE / 64 || (long) kH * kW * inC * outC > Integer.MAX_VALUE / 64) {
            throw new IllegalArgumentException("conv shape " + inH + "x" + inW + "x" + inC + " kernel " + kH + "x" + kW
                    + " outC=" + outC + " is too large for int float offsets");
        }
    }

    /** Reads the form {@link #toString()} writes; the output size must be the one VALID padding gives. */
    public static ConvShape parse(String text) {
        Matcher m = TEXT.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("conv shape '" + text + "' is not of the form 84x84x4>20x20x16 k8s4"
                    + " (or k3x5s2 for a non-square kernel)");
        }
        int kH = Integer.parseInt(m.group(7));
        int kW = m.group(8) == null ? kH : Integer.parseInt(m.group(8));
        ConvShape s = new ConvShape(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                Integer.parseInt(m.group(3)), kH, kW, Integer.parseInt(m.group(6)), Integer.parseInt(m.group(9)));
        if (s.outH() != Integer.parseInt(m.group(4)) || s.outW() != Integer.parseInt(m.group(5))) {
            throw new IllegalArgumentException("conv shape '" + text + "': VALID padding gives output " + s.outH() + "x"
                    + s.outW() + ", not " + m.group(4) + "x" + m.group(5));
        }
        return s;
    }

    public int outH() {
        return (inH - kH) / stride + 1;
    }

    public int outW() {
        return (inW - kW) / stride + 1;
    }

    /** Floats of one input sample: {@code H*W*C}. */
    public int inSize() {
        return inH * inW * inC;
    }

    /** Floats of one output sample: {@code OH*OW*K}. */
    public int outSize() {
        return outH() * outW() * outC;
    }

    /** Floats of one window row (kx, c): contiguous in x and in the weights. */
    public int windowRow() {
        return kW * inC;
    }

    /** Floats of one window: {@code KH*KW*C}, the length of every output's dot product. */
    public int windowSize() {
        return kH * kW * inC;
    }

    /** The weight layout: {@code KH,KW,C,K} (output channel innermost). */
    public int[] weightShape() {
        return new int[] {kH, kW, inC, outC};
    }

    public int weightSize() {
        return windowSize() * outC;
    }

    /**
     * Floats of the scratch {@link Conv2d#backwardParams} needs: at most the weights' size (one vector of
     * channels' weight gradient, transposed).
     */
    public int backwardParamsScratchFloats() {
        return weightSize();
    }

    /**
     * Floats of the scratch {@link Conv2d#backwardInput} needs: the weights transposed to {@code KH,K,KW,C},
     * then a table of broadcast dy values for one tile of pixels ({@code 4 x K} vectors of the kernels'
     * species).
     */
    public int backwardInputScratchFloats() {
        return weightSize() + ConvTiles.PIXELS * outC * Simd.LANES;
    }

    /**
     * Ints of the index {@link Conv2d#forwardSparse} and {@link Conv2d#backwardParamsSparse} need: a bit per block
     * of 16 floats of one sample's input and a bit per window row ({@link ConvSparse}).
     */
    public int sparseIndexInts() {
        return ConvSparse.indexInts(this);
    }

    /** Multiply-adds times two of one forward pass over {@code n} samples (bias adds not counted). */
    public long flops(int n) {
        return 2L * n * outH() * outW() * outC * windowSize();
    }

    @Override
    public String toString() {
        return inH + "x" + inW + "x" + inC + ">" + outH() + "x" + outW() + "x" + outC + " k" + kH
                + (kW == kH ? "" : "x" + kW) + "s" + stride;
    }
}
