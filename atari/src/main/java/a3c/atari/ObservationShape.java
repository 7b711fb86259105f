package a3c.atari;

/**
 * The shape of one observation, as float32 values.
 *
 * <p>An image is {@code H,W,C} channels-last, C being the stacked frames, oldest first; a vector (CartPole)
 * is {@code N} floats, stored here as {@code height = width = 1, channels = N} with {@code image = false}.
 */
public record ObservationShape(boolean image, int height, int width, int channels) {
    public ObservationShape {
        if (height < 1 || width < 1 || channels < 1) {
            throw new IllegalArgumentException("shape " + height + "x" + width + "x" + channels + " has an empty side");
        }
    }

    /** An {@code H,W,C} image. */
    public static ObservationShape image(int height, int width, int channels) {
        return new ObservationShape(true, height, width, channels);
    }

    /** A flat vector of {@code length} floats. */
    public static ObservationShape vector(int length) {
        return new ObservationShape(false, 1, 1, length);
    }

    /** Floats in one observation. */
    public int floats() {
        return height * width * channels;
    }

    /** Bytes in one observation (the least a caller's buffer must hold). */
    public long bytes() {
        return (long) floats() * Float.BYTES;
    }

    @Override
    public String toString() {
        return image ? height + "x" + width + "x" + channels : Integer.toString(channels);
    }
}
