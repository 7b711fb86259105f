package a3c.engine.net;

import java.lang.foreign.MemorySegment;

/**
 * A buffer of {@code rows} samples of {@code width} floats (one row per rollout step, N outermost), with a
 * slice per row made once, so that per-step kernels never allocate a segment.
 */
final class Rows {
    final int width;
    final MemorySegment all;
    private final MemorySegment[] row;

    Rows(MemorySegment all, int rows, int width) {
        this.width = width;
        this.all = all;
        this.row = new MemorySegment[rows];
        for (int t = 0; t < rows; t++) {
            row[t] = all.asSlice((long) t * width * Float.BYTES, (long) width * Float.BYTES);
        }
    }

    MemorySegment row(int t) {
        return row[t];
    }

    /** Rows {@code t..} as one segment: a batch that starts at row t. */
    MemorySegment from(int t) {
        return t == 0 ? all : all.asSlice((long) t * width * Float.BYTES);
    }

    int count() {
        return row.length;
    }
}
