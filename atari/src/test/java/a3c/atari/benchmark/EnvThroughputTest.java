package a3c.atari.benchmark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import a3c.atari.EnvOptions;
import a3c.atari.EnvironmentException;
import a3c.atari.testing.TestRoms;

/**
 * A short smoke run of the throughput measurement: it measures both kinds and reports them. Speed itself is
 * measured by {@code bench env} on a quiet machine, never asserted here: a 1.5-s run at a cold JIT once put the
 * pipeline at 47 % of raw ALE per CPU second (CI, 2026-12-05) where a measured run gives 92 %.
 */
class EnvThroughputTest {
    @Test
    void measuresRawAndPipelineFramesInOneRun() {
        TestRoms.rom("breakout");
        EnvThroughput.Result r = EnvThroughput.measure("breakout", 1, 1.5, EnvOptions.defaults().romDir(TestRoms.dir()).build());
        assertEquals("breakout", r.game());
        assertTrue(r.rawFrames() > 0 && r.pipelineFrames() > 0, r.report());
        assertTrue(r.ratio() > 0, r.report());
        assertTrue(r.cpuRatio() > 0, r.report());
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
