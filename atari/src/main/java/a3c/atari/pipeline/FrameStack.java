package a3c.atari.pipeline;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The last {@code k} frames, kept already interleaved channels-last ({@code H,W,k}, oldest first), so an
 * observation is one bulk copy.
 *
 * <p>The observation is a window of {@code P*k} floats sliding over a buffer twice that long. Moving the
 * window one float on shifts every pixel's channels down by one (channel {@code c + 1} becomes {@code c},
 * and the oldest frame drops out) without moving any data; the new frame then goes into each pixel's last
 * channel. Only when the window reaches the end of the buffer (every {@code P*k} pushes) is it moved back
 * to the start, in one copy.
 *
 * <pre>
 * buffer:   ... | a0 a1 a2 a3 | b0 b1 b2 b3 | ... | z0 z1 z2 z3 |  ?  ...     window at t (pixels a..z)
 *                   | a1 a2 a3 A | b1 b2 b3 B | ... | z1 z2 z3 Z |            window at t+1, A..Z new
 * </pre>
 *
 * <p>Every {@link #write} produces the whole observation, so the caller's buffer may change from step to
 * step.
 */
public final class FrameStack {
    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED;

    private final int k;
    private final int pixels;
    private final int size;
    private final float[] buffer;
    /** Start of the window in {@link #buffer}. */
    private int start;

    public FrameStack(int k, int pixels) {
        this.k = k;
        this.pixels = pixels;
        this.size = k * pixels;
        this.buffer = new float[2 * size];
    }

    /** Makes {@code frame} the newest of the k frames, dropping the oldest. */
    public void push(float[] frame) {
        if (start + size == buffer.length) {
            System.arraycopy(buffer, start, buffer, 0, size);
            start = 0;
        }
        start++;
        int last = start + k - 1;
        for (int p = 0; p < pixels; p++) {
            buffer[last + p * k] = frame[p];
        }
    }

    /** Makes {@code frame} every one of the k frames (the start of a training episode). */
    public void fill(float[] frame) {
        for (int p = 0; p < pixels; p++) {
            float v = frame[p];
            int base = start + p * k;
            for (int c = 0; c < k; c++) {
                buffer[base + c] = v;
            }
        }
    }

    /** Writes {@code H,W,k} floats into {@code obs}. */
    public void write(MemorySegment obs) {
        MemorySegment.copy(buffer, start, obs, FLOAT, 0, size);
    }
}
