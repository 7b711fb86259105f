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
import java.nio.file.StandardOpenOption;

/**
 * Appends rows to a CSV file, writing the header line when the file is new or empty, so that a resumed
 * run continues the same file. Rows are buffered; {@link #flush} hands them to the operating system (a
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
