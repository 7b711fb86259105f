package a3c.atari.benchmark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import a3c.atari.EnvOptions;
import a3c.atari.EnvironmentException;
import a3c.atari.testing.TestRoms;

/**
 * A short smoke run of the throughput measurement. The 85% target is checked by running the class's
 * {@code main} for longer; on a shared test machine only a gross regression (judged per CPU second) fails
 * here.
 */
class EnvThroughputTest {
    @Test
    void measuresRawAndPipelineFramesInOneRun() {
        TestRoms.rom("breakout");
        EnvThroughput.Result r = EnvThroughput.measure("breakout", 1, 1.5, EnvOptions.defaults().romDir(TestRoms.dir()).build());
        assertEquals("breakout", r.game());
        assertTrue(r.rawFrames() > 0 && r.pipelineFrames() > 0, r.report());
        assertTrue(r.ratio() > 0, r.report());
        // Per CPU second, so that other processes sharing the cores (CI, other builds) cannot fail it.
        assertTrue(r.cpuRatio() > 0.5, r.report());
        assertTrue(r.report().contains("pipeline / raw"), r.report());
        assertEquals(5, r.report().lines().count(), r.report());
    }

    @Test
    void refusesWhatItCannotMeasure() {
        EnvironmentException e = assertThrows(EnvironmentException.class,
                () -> EnvThroughput.measure("catch", 1, 5, EnvOptions.defaults().build()));
        assertEquals("game=catch has no raw emulator to compare with: use an Atari game such as breakout", e.getMessage());
        e = assertThrows(EnvironmentException.class, () -> EnvThroughput.measure("pong", 0, 5, EnvOptions.defaults().build()));
        assertEquals("threads=0 is out of range: use 1 .. 1024", e.getMessage());
    }
}
