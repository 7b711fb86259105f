package a3c.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import a3c.engine.config.ConfigFile;
import a3c.engine.config.TrainOptions;
import a3c.engine.io.CsvRewind;
import a3c.engine.io.CsvWriter;

/** The run directory's text files: the config's round trip, and the logs' rewind to a checkpoint. */
class RunFilesTest {
    @Test
    void aConfigReadBackGivesTheSameSettings(@TempDir Path dir) throws Exception {
        TrainOptions o = Runs.options(dir.resolve("run"), "--game", "breakout", "--net", "lstm", "--lr", "2.5e-4", "--lr-warmup", "1M", "--lr-anneal-frames", "80M",
                "--gamma", "0.995", "--entropy", "0.02", "--frames", "40M", "--sticky-actions", "0.25", "--full-action-set",
                "--epsilon-start", "0.5", "--seed", "42", "--tensorboard", "false");
        Path file = dir.resolve("config");
        ConfigFile.write(file, o);
        Map<String, String> saved = ConfigFile.read(file);
        assertEquals(ConfigFile.entries(o), saved);
        TrainOptions back = ConfigFile.parse(saved, List.of(), file.toString()).resolve().validate();
        assertEquals(ConfigFile.entries(o), ConfigFile.entries(back));
        assertEquals(2.5e-4, back.learningRate);
        assertEquals(1_000_000, back.lrWarmup);
        assertEquals(80_000_000, back.annealFrames());
        assertEquals(40_000_000, back.frames);
        assertEquals("lstm", back.net);
        // a flag given on resume overrides the saved value, the rest stays
        TrainOptions overridden = ConfigFile.parse(saved, List.of("--frames=80M"), file.toString()).resolve().validate();
        assertEquals(80_000_000, overridden.frames);
        assertEquals(0.995, overridden.gamma);
    }

    private static List<String> write(Path csv, String... lines) throws Exception {
        Files.writeString(csv, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        return List.of(lines);
    }

    @Test
    void rewindByFramesMovesLaterAndTornRowsAside(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("metrics.csv");
        write(csv, "frames,a,b", "100,1,2", "200,3,4", "300,5,6", "150,7,8", "40");
        assertEquals(2, CsvRewind.to(csv, 200));
        assertEquals(List.of("frames,a,b", "100,1,2", "200,3,4", "150,7,8"), Files.readAllLines(csv));
        assertEquals(List.of("300,5,6", "40"), Files.readAllLines(dir.resolve("metrics.csv" + CsvRewind.ASIDE)));
        assertEquals(0, CsvRewind.to(csv, 200)); // nothing left past it: the file is not rewritten
        assertFalse(Files.exists(dir.resolve("metrics.csv.tmp")));
    }

    @Test
    void rewindByRowsKeepsExactlyTheCountedRows(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("episodes.csv");
        write(csv, "frames,thread,raw_return,length", "90,0,-21,800", "80,1,-20,790", "120,0,-19,900", "110,1");
        assertEquals(2, CsvRewind.toRows(csv, 2));
        assertEquals(List.of("frames,thread,raw_return,length", "90,0,-21,800", "80,1,-20,790"), Files.readAllLines(csv));
        assertEquals(List.of("120,0,-19,900", "110,1"), Files.readAllLines(dir.resolve("episodes.csv" + CsvRewind.ASIDE)));
        // a second rewind appends to what was moved aside before
        Files.writeString(csv, "130,0,-18,950\n", java.nio.file.StandardOpenOption.APPEND);
        assertEquals(1, CsvRewind.toRows(csv, 2));
        assertEquals(List.of("120,0,-19,900", "110,1", "130,0,-18,950"), Files.readAllLines(dir.resolve("episodes.csv" + CsvRewind.ASIDE)));
        assertEquals(0, CsvRewind.toRows(csv, 5)); // fewer rows than counted: nothing moves
        assertEquals(0, CsvRewind.toRows(dir.resolve("none.csv"), 0));
    }

    @Test
    void aLogBegunWithFewerColumnsGetsTheNewHeaderAndItsRowsKeepTheirCells(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("eval.csv");
        write(csv, "frames,mean", "100,1.5", "200,2.5", "300"); // the last row torn by a kill
        try (CsvWriter w = new CsvWriter(csv, "frames", "mean", "stalled")) {
            w.add(400L).add(3.0).add(0).endRow();
        }
        assertEquals(List.of("frames,mean,stalled", "100,1.5,", "200,2.5,", "300", "400,3,0"), Files.readAllLines(csv));
        assertFalse(Files.exists(dir.resolve("eval.csv.tmp")));
        assertEquals(2, CsvRewind.to(csv, 200)); // the padded rows count as whole ones, the torn one does not
        assertEquals(List.of("frames,mean,stalled", "100,1.5,", "200,2.5,"), Files.readAllLines(csv));
        // the same columns, or another file's: left as they are
        write(csv, "frames,mean,stalled", "100,1,0");
        new CsvWriter(csv, "frames", "mean", "stalled").close();
        assertEquals(List.of("frames,mean,stalled", "100,1,0"), Files.readAllLines(csv));
        write(csv, "frames,other", "100,1");
        new CsvWriter(csv, "frames", "mean", "stalled").close();
        assertEquals(List.of("frames,other", "100,1"), Files.readAllLines(csv));
    }
}
