package a3c.atari;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import a3c.atari.testing.TestRoms;

/**
 * ALE prints nothing: a child JVM builds, plays and closes a Pong environment and checks a wrong ROM, and
 * its whole stdout and stderr must be empty. The same child with ALE's logging turned on must print ALE's
 * banner, which shows the test would catch it.
 */
class AleSilenceTest {
    private static String runChild(String... jvmFlags) throws IOException, InterruptedException {
        TestRoms.rom("pong");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("--enable-native-access=ALL-UNNAMED");
        command.addAll(List.of(jvmFlags));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(QuietProbe.class.getName());
        command.add(TestRoms.dir().toAbsolutePath().toString());
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        child.getOutputStream().close();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), "child finished");
        assertEquals(0, child.exitValue(), "child exit; output: " + output);
        return output;
    }

    @Test
    void aleIsSilentByDefault() throws IOException, InterruptedException {
        assertEquals("", runChild());
    }

    @Test
    void aleLogsWhenAskedTo() throws IOException, InterruptedException {
        String output = runChild("-Da3c.ale.log=info");
        assertTrue(output.contains("A.L.E: Arcade Learning Environment"), output);
    }
}
