package a3c.atari;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;

/**
 * Run in a child JVM by {@link AleSilenceTest}: checks a ROM, starts ALE, plays and closes, printing
 * nothing of its own, so whatever the child prints came from ALE.
 */
public final class QuietProbe {
    private QuietProbe() {
    }

    public static void main(String[] args) {
        EnvOptions options = EnvOptions.defaults().romDir(Path.of(args[0])).build();
        try (Environment env = Environments.make("pong", options, 1); Arena arena = Arena.ofConfined()) {
            MemorySegment obs = arena.allocate(env.observationShape().bytes());
            env.reset(obs);
            for (int t = 0; t < 300; t++) {
                if (env.step(t % env.actionCount(), obs).episodeOver()) {
                    env.reset(obs);
                }
            }
        }
        try {
            Environments.make("breakout", EnvOptions.defaults().romFile(Path.of(args[0], "pong.bin")), 1).close();
        } catch (EnvironmentException expected) {
            // the wrong-ROM path asks ALE about the file: it must stay quiet too
        }
    }
}
