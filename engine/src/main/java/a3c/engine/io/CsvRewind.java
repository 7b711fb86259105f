package a3c.engine.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Rewinds a run's CSV log (first column: frames) to a checkpoint. A run killed hard (SIGKILL, power loss)
 * has logged rows past its last checkpoint; a resumed run starts again from the checkpoint's frame count,
 * so those rows would repeat a stretch of frames and the learning curve would step back. They are moved,
 * not deleted, to {@code FILE.past-checkpoint}, and the file is rewritten through a temporary file and a
 * rename, so a crash here loses nothing either.
 */
public final class CsvRewind {
    public static final String ASIDE = ".past-checkpoint";

    private CsvRewind() {
    }

    /** Moves the rows of {@code csv} whose frames exceed {@code frames} aside; returns how many moved. */
    public static int to(Path csv, long frames) throws IOException {
        return rewind(csv, (row, line, cells) -> framesOf(line, cells) > frames);
    }

    /**
     * Keeps the first {@code rows} rows of {@code csv} (a log with a row per counted thing, such as the games
     * a checkpoint counts) and moves the rest aside, torn rows included; returns how many moved.
     */
    public static int toRows(Path csv, long rows) throws IOException {
        return rewind(csv, (row, line, cells) -> row > rows || cellsOf(line) != cells);
    }

    private interface Past {
        /** Whether data row {@code row} (1 is the first after the header) goes aside. */
        boolean test(long row, String line, int cells);
    }

    private static int rewind(Path csv, Past isPast) throws IOException {
        if (!Files.exists(csv)) {
            return 0;
        }
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        List<String> keep = new ArrayList<>(lines.size());
        List<String> past = new ArrayList<>();
        int cells = lines.isEmpty() ? 0 : cellsOf(lines.getFirst());
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            (i > 0 && isPast.test(i, line, cells) ? past : keep).add(line);
        }
        if (past.isEmpty()) {
            return 0;
        }
        Path aside = csv.resolveSibling(csv.getFileName() + ASIDE);
        Files.write(aside, past, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        Path tmp = csv.resolveSibling(csv.getFileName() + ".tmp");
        Files.write(tmp, keep, StandardCharsets.UTF_8);
        Files.move(tmp, csv, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return past.size();
    }

    /** The first cell as a frame count; a row short of the header's cells (a torn last line) counts as past. */
    private static long framesOf(String line, int cells) {
        if (cellsOf(line) != cells) {
            return Long.MAX_VALUE;
        }
        try {
            return Long.parseLong(line.substring(0, line.indexOf(',')));
        } catch (NumberFormatException | StringIndexOutOfBoundsException torn) {
            return Long.MAX_VALUE;
        }
    }

    /** Cells in a CSV line (commas plus one): how a torn row is told from a whole one. */
    static int cellsOf(String line) {
        int n = 1;
        for (int i = 0; i < line.length(); i++) {
            n += line.charAt(i) == ',' ? 1 : 0;
        }
        return n;
    }
}
