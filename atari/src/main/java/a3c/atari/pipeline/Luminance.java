package a3c.atari.pipeline;

/**
 * Gray levels as ALE computes them: {@code round(0.2989 R + 0.5870 G + 0.1140 B)} (the luminance Y of
 * ITU-R BT.601, which ALE's {@code ColourPalette} rounds to a byte).
 *
 * <p>Max-pooling two frames follows Mnih et al. (2015): "the maximum value for each pixel colour value over
 * the frame being encoded and the previous frame", then the luminance. This differs from the max of the two
 * gray levels only where a pixel shows different hues in the two frames (a red sprite flickering over
 * green gives yellow, brighter than either).
 */
public final class Luminance {
    private Luminance() {
    }

    /** The gray level 0..255 of a colour 0xRRGGBB. */
    public static int of(int rgb) {
        return y(rgb >>> 16 & 0xFF, rgb >>> 8 & 0xFF, rgb & 0xFF);
    }

    /** The gray level of the channel-wise max of two colours 0xRRGGBB. */
    public static int ofMax(int rgbA, int rgbB) {
        return y(Math.max(rgbA >>> 16 & 0xFF, rgbB >>> 16 & 0xFF), Math.max(rgbA >>> 8 & 0xFF, rgbB >>> 8 & 0xFF),
                Math.max(rgbA & 0xFF, rgbB & 0xFF));
    }

    private static int y(int r, int g, int b) {
        return (int) Math.round(0.2989 * r + 0.5870 * g + 0.1140 * b);
    }
}
