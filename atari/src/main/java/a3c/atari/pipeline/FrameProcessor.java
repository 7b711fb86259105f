package a3c.atari.pipeline;

import java.lang.foreign.MemorySegment;

import a3c.atari.EnvOptions;

/**
 * One agent step's screens to one observation frame: max of the last two screens colour by colour, then
 * luminance (UNIVERSE frames: the channels' mean) and, for NOTEBOOK frames, the binary threshold
 * ({@link GrayScreen}), then the resize with the optional crop ({@link SeparableResize}).
 *
 * <pre>
 * screens  H,W palette bytes (210x160)
 *   gray   H,W       Y(max(rgb[newest], rgb[previous]))           0..255; NOTEBOOK: 1 where above threshold, else 0
 *   frame  outH,outW area average of gray (NOTEBOOK: bilinear,    [0, 1]
 *                    rows resized to 110, rows cropTop.. kept;
 *                    UNIVERSE: rows 34..194 bilinear to 80x80, then
 *                    to outH,outW)
 * </pre>
 *
 * <p><b>Incremental.</b> Each stage redoes only what changed since the last call: the gray chunks whose
 * screen bytes changed, the output rows that read a changed gray row. The state always equals what a
 * computation from scratch on the last screens would give (the tests check this against a plain
 * reference). All scratch is allocated once; {@link #process} allocates nothing.
 */
final class FrameProcessor {
    private final GrayScreen gray;
    private final SeparableResize resize;

    FrameProcessor(int srcHeight, int srcWidth, int[] rgbPalette, EnvOptions options) {
        this.gray = new GrayScreen(srcHeight, srcWidth, rgbPalette,
                options.frames() == EnvOptions.Frames.NOTEBOOK ? options.threshold() : -1,
                options.frames() == EnvOptions.Frames.UNIVERSE);
        this.resize = new SeparableResize(srcHeight, srcWidth, options);
    }

    int frameFloats() {
        return resize.frameFloats();
    }

    /**
     * Computes the frame of one step.
     *
     * @param newest   the last screen of the step
     * @param previous the screen before it, or null to use {@code newest} alone
     * @return this processor's frame (outHeight x outWidth floats), overwritten by the next call
     */
    float[] process(MemorySegment newest, MemorySegment previous) {
        gray.update(newest, previous);
        return resize.resize(gray);
    }
}
