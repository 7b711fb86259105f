package a3c.atari;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import a3c.atari.EnvironmentException.Kind;
import a3c.atari.ale.AleGames;
import a3c.atari.testing.TestRoms;

/** The factory and the options: names, validation messages, and the kinds of environment it makes. */
class EnvironmentsTest {
    @Test
    void unknownGameListsEveryKnownName() {
        EnvironmentException e = assertThrows(EnvironmentException.class,
                () -> Environments.make("brekout", EnvOptions.defaults(), 0));
        assertEquals(Kind.UNKNOWN_GAME, e.kind());
        String m = e.getMessage();
        assertFalse(m.contains("\n"));
        assertTrue(m.startsWith("unknown game 'brekout': use one of catch, cartpole, adventure, air_raid, "), m);
        for (String game : new String[] {"beam_rider", "breakout", "enduro", "pong", "qbert", "seaquest", "space_invaders"}) {
            assertTrue(m.contains(game), game);
        }
        assertEquals(2 + 104, Environments.knownNames().size());
    }

    @Test
    void namesAreCanonicalised() {
        assertEquals("space_invaders", Environments.canonical(" Space-Invaders "));
        assertEquals("catch", Environments.canonical("CATCH"));
        assertTrue(AleGames.isKnown("montezuma_revenge"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "frameSkip | frameSkip=0 is out of range: use 1 .. 64",
        "frameStack | frameStack=65 is out of range: use 1 .. 64",
        "noopMax | noopMax=-1 is out of range: use 0 .. 10000",
        "sticky | repeatActionProbability=1.0 is a probability: use 0 <= p < 1 (0 turns sticky actions off)",
        "stickyNaN | repeatActionProbability=NaN is a probability: use 0 <= p < 1 (0 turns sticky actions off)",
        "maxEpisodeFrames | maxEpisodeFrames=-5 is out of range: use 0 .. 2147483647",
        "frameWidth | frameWidth=161 is out of range: use 1 .. 160",
        "cropTop | cropTop=30 with frameHeight=84 must fit in resizeHeight=110: use 0 <= cropTop <= 26",
        "romBoth | romFile=a.bin and romDir=roms are both set: give one of them",
        "catchCells | catchCells=5 must divide catchSize=84 so every cell is a whole square of pixels",
        "cartpole | cartpoleMaxSteps=0 is out of range: use 1 .. 2147483647",
    })
    void badOptionsGiveOneLineNameValueMessages(String which, String message) {
        UnaryOperator<EnvOptions.Builder> bad = switch (which) {
            case "frameSkip" -> o -> o.frameSkip(0);
            case "frameStack" -> o -> o.frameStack(65);
            case "noopMax" -> o -> o.noopMax(-1);
            case "sticky" -> o -> o.repeatActionProbability(1.0);
            case "stickyNaN" -> o -> o.repeatActionProbability(Double.NaN);
            case "maxEpisodeFrames" -> o -> o.maxEpisodeFrames(-5);
            case "frameWidth" -> o -> o.frameWidth(161);
            case "cropTop" -> o -> o.frames(EnvOptions.Frames.NOTEBOOK).cropTop(30);
            case "romBoth" -> o -> o.romFile(Path.of("a.bin")).romDir(Path.of("roms"));
            case "catchCells" -> o -> o.catchCells(5);
            case "cartpole" -> o -> o.cartpoleMaxSteps(0);
            default -> throw new IllegalArgumentException(which);
        };
        EnvironmentException e = assertThrows(EnvironmentException.class,
                () -> Environments.make("catch", bad.apply(EnvOptions.defaults()), 0));
        assertEquals(Kind.BAD_OPTION, e.kind());
        assertEquals(message, e.getMessage());
    }

    @Test
    void defaultsAreValidAndCopiesAreIndependent() {
        EnvOptions o = EnvOptions.defaults().build().validate();
        EnvOptions c = EnvOptions.defaults().frameStack(1).build();
        assertEquals(4, o.frameStack());
        assertEquals(1, c.frameStack());
        assertEquals(o.toString().replace("frameStack=4", "frameStack=1"), c.toString());
    }

    @Test
    void makesEachKind() {
        try (Environment env = Environments.make("catch", EnvOptions.defaults(), 1)) {
            assertEquals("84x84x4", env.observationShape().toString());
            assertEquals(1, env.framesPerStep());
        }
        try (Environment env = Environments.make("CartPole", EnvOptions.defaults(), 1)) {
            assertEquals("4", env.observationShape().toString());
            assertFalse(env.observationShape().image());
            assertEquals(2, env.actionCount());
        }
        TestRoms.rom("breakout");
        EnvOptions options = EnvOptions.defaults().romDir(TestRoms.dir()).frameStack(1).build();
        try (Environment env = Environments.make("breakout", options, 1)) {
            assertEquals("breakout", env.name());
            assertEquals("84x84x1", env.observationShape().toString());
            assertEquals(4, env.framesPerStep());
            assertEquals(4, env.actionCount());
            assertEquals("NOOP FIRE RIGHT LEFT", env.actionName(0) + " " + env.actionName(1) + " "
                    + env.actionName(2) + " " + env.actionName(3));
        }
    }
}
