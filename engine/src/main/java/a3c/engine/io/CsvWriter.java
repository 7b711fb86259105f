package a3c.engine.io;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Appends rows to a CSV file, writing the header line when the file is new or empty, so that a resumed
 * run continues the same file (one begun by an engine that wrote fewer columns gets the new header first). Rows are buffered; {@link #flush} hands them to the operating system (a
 * killed process loses nothing flushed), {@link #sync} also forces them to the disk (before a checkpoint
 * counts them).
 */
public final class CsvWriter implements AutoCloseable {
    private final FileChannel channel;
    private final BufferedWriter out;
    private final StringBuilder row = new StringBuilder(128);
    private final Path file;

    public CsvWriter(Path file, String... columns) {
        this.file = file;
        try {
            boolean fresh = !Files.exists(file) || Files.size(file) == 0;
            if (!fresh) {
                addColumns(file, String.join(",", columns));
            }
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            out = new BufferedWriter(new OutputStreamWriter(Channels.newOutputStream(channel), StandardCharsets.UTF_8.newEncoder()));
            if (fresh) {
                out.write(String.join(",", columns));
                out.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * When the file's header is the start of {@code header} (an earlier engine wrote fewer columns, a column was
     * added since), the file is rewritten with {@code header} and every complete row padded with empty cells,
     * so resumed rows match the header and every row keeps the header's number of cells (which is how
     * {@link CsvRewind} tells a torn row); a torn row stays as it is. Through a temporary file and a rename.
     */
    private static void addColumns(Path file, String header) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        String old = lines.getFirst();
        if (old.equals(header) || !header.startsWith(old + ",")) {
            return;
        }
        int oldCells = CsvRewind.cellsOf(old);
        String pad = ",".repeat(CsvRewind.cellsOf(header) - oldCells);
        lines.set(0, header);
        for (int i = 1; i < lines.size(); i++) {
            if (CsvRewind.cellsOf(lines.get(i)) == oldCells) {
                lines.set(i, lines.get(i) + pad);
            }
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(tmp, lines, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    public CsvWriter add(long value) {
        sep().append(value);
        return this;
    }

    public CsvWriter add(int value) {
        sep().append(value);
        return this;
    }

    /** A word; it must hold no comma, quote or line break (the engine's words: policy names). */
    public CsvWriter add(String value) {
        sep().append(value);
        return this;
    }

    /** Doubles to 6 significant digits, NaN as an empty cell. */
    public CsvWriter add(double value) {
        StringBuilder b = sep();
        if (!Double.isNaN(value)) {
            b.append(value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value)
                    : String.format(java.util.Locale.ROOT, "%.6g", value));
        }
        return this;
    }

    private StringBuilder sep() {
        if (!row.isEmpty()) {
            row.append(',');
        }
        return row;
    }

    /** Ends the current row. */
    public void endRow() {
        try {
            row.append('\n');
            out.append(row);
            row.setLength(0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    public void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Flushes, then forces the file's content to the storage device. */
    public void sync() {
        flush();
        try {
            channel.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
