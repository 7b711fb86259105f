import java.nio.file.*;
import java.util.*;
import a3c.engine.io.Checkpoint;

/** Loads DIR/checkpoint.a3c (CRC checked) and compares its game count with episodes.csv's complete rows. */
public class KillCheck {
    public static void main(String[] a) throws Exception {
        Path dir = Path.of(a[0]);
        Path f = dir.resolve("checkpoint.a3c");
        Checkpoint c = Checkpoint.read(f);
        long games = Long.parseLong(c.get("episodes", f)), frames = Long.parseLong(c.get("frames", f));
        List<String> lines = Files.readAllLines(dir.resolve("episodes.csv"));
        long rows = lines.stream().skip(1).filter(l -> l.split(",", -1).length == 4).count();
        System.out.println("checkpoint loads: frames " + frames + ", games " + games + "; episodes.csv complete rows " + rows
                + (rows >= games ? " (ok: >= games)" : " MISSING " + (games - rows)));
    }
}
