package a3c.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import a3c.tools.gradcheck.GradientCheckTool;

/** The test suite runs the whole gradient check, sections (a) to (d), and requires every line to PASS. */
class GradientCheckToolTest {
    @Test
    void everyLinePasses() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int status;
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            status = GradientCheckTool.run(new String[] {"--seed", "1"}, out);
        }
        String report = bytes.toString(StandardCharsets.UTF_8);
        System.out.print(report);
        assertFalse(report.contains("FAIL"), "some lines failed; see the report above");
        assertEquals(0, status);
        for (String section : new String[] {"(a)", "(b)", "(c)", "(d)"}) {
            assertTrue(report.contains(section + " "), "section " + section + " did not run");
        }
        for (String net : new String[] {"composed", "ff (5 steps", "lstm (20 steps", "seed (20 steps", "mlp (20 steps"}) {
            assertTrue(report.contains(net), net + " was not checked");
        }
    }

    @Test
    void badArgumentsAreRefused() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            assertEquals(2, GradientCheckTool.run(new String[] {"--seed", "x"}, out));
        }
        assertTrue(bytes.toString(StandardCharsets.UTF_8).startsWith("error: --seed=x is not a whole number"));
    }
}
