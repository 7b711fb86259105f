package a3c.engine.net;

import java.lang.foreign.MemorySegment;

/**
 * A buffer of {@code rows} samples of {@code width} floats (N outermost). A rollout of a worker that acts for
 * {@code batch} games lays its samples out step by step, the games of a step side by side: row
 * {@code step * batch + game}, so one step of every game is one block of {@code batch} rows that a kernel runs
 * at batch {@code batch}. Slices per row and per block are made once, so that per-step kernels never allocate
 * a segment.
 */
final class Rows {
    final int width;
    final int batch;
    final MemorySegment all;
    private final MemorySegment[] row;
    private final MemorySegment[] block;

    Rows(MemorySegment all, int rows, int width, int batch) {
        this.width = width;
        this.batch = batch;
        this.all = all;
        this.row = new MemorySegment[rows];
        for (int t = 0; t < rows; t++) {
            row[t] = all.asSlice((long) t * width * Float.BYTES, (long) width * Float.BYTES);
        }
        this.block = new MemorySegment[rows / batch];
        for (int s = 0; s < block.length; s++) {
            block[s] = all.asSlice((long) s * batch * width * Float.BYTES, (long) batch * width * Float.BYTES);
        }
    }

    MemorySegment row(int t) {
        return row[t];
    }

    /** The rows of step {@code step}: one per game. */
    MemorySegment block(int step) {
        return block[step];
    }

    int count() {
        return row.length;
    }
}
