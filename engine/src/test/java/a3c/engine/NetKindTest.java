package a3c.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import a3c.engine.config.ConfigFile;
import a3c.engine.config.TrainOptions;
import a3c.engine.io.Checkpoint;
import a3c.engine.io.Restore;
import a3c.engine.net.NetKind;
import a3c.engine.net.NetSpec;
import a3c.kernels.memory.FloatArena;

/** Each network kind's defaults and name as runs and checkpoints know them, and a checkpoint of another network refused. */
class NetKindTest {
    private static final NetKind.Sizes ATARI = new NetKind.Sizes(256, 256, 2, false);

    @Test
    void eachKindResolvesItsOwnDefaults(@TempDir Path dir) {
        // name, environment, extra flag; then t_max, frame stack, hidden
        Object[][] cases = {
                {"ff", "catch", "--mlp-lstm=false", 5, 4, 256},
                {"lstm", "catch", "--mlp-lstm=false", 20, 1, 256},
                {"seed", "catch", "--mlp-lstm=false", 20, 1, 256},
                {"mlp", "cartpole", "--mlp-lstm=false", 5, 1, 64},
                {"mlp", "cartpole", "--mlp-lstm=true", 20, 1, 64}};
        for (Object[] c : cases) {
            TrainOptions o = Runs.options(dir, "--net", (String) c[0], "--env", (String) c[1], (String) c[2]);
            String what = c[0] + " " + c[2];
            assertEquals(c[3], o.tMax, what);
            assertEquals(c[4], o.frameStack, what);
            assertEquals(c[5], o.hidden, what);
            assertEquals(c[0], ConfigFile.entries(o).get("net"), "the config file and checkpoints keep the name");
            assertEquals(c[0], o.netKind().cliName());
        }
        assertEquals("ff", Runs.options(dir, "--env", "catch").net);
        assertEquals("mlp", Runs.options(dir, "--env", "cartpole").net);
    }

    @Test
    void anUnknownNameIsOneLineThatListsTheKinds(@TempDir Path dir) {
        UserError e = assertThrows(UserError.class, () -> Runs.options(dir, "--env", "catch", "--net", "xyz"));
        assertEquals("--net=xyz is not a network: use ff, lstm, seed, universe or mlp", e.getMessage());
        // the mlp reads pixels as one flat vector (a dense net on the screen, as the Keras tutorial's agent)
        NetSpec flat = NetKind.MLP.spec(new NetKind.Sizes(128, 256, 1, false), new int[] {80, 80, 1}, 6);
        assertTrue(flat.signature().startsWith("mlp|in=[80, 80, 1]|actions=6|fc1.w[6400, 128]"), flat.signature());
        // and with no hidden layer its heads sit on the LSTM, or on the input itself
        assertTrue(NetKind.MLP.spec(new NetKind.Sizes(64, 16, 0, true), new int[] {4}, 2).describe().contains("lstm 4>16"),
                NetKind.MLP.spec(new NetKind.Sizes(64, 16, 0, true), new int[] {4}, 2).describe());
        e = assertThrows(UserError.class, () -> Runs.options(dir, "--env", "cartpole", "--mlp-layers", "-1"));
        assertTrue(e.getMessage().startsWith("--mlp-layers=-1 is out of range: use 0"), e.getMessage());
        e = assertThrows(UserError.class, () -> Runs.options(dir, "--env", "cartpole", "--net", "seed"));
        assertEquals("--net=seed needs pixels, but cartpole observes 4 numbers: use --net mlp", e.getMessage());
    }

    /** universe-starter-agent's network: 42 -> 21 -> 11 -> 6 -> 3 through SAME 3x3/2 ELU convolutions, then the LSTM. */
    @Test
    void universeIsFourSameEluConvolutionsAndAnLstm() {
        NetSpec u = NetKind.UNIVERSE.spec(ATARI, new int[] {42, 42, 1}, 6);
        String d = u.describe();
        assertTrue(d.startsWith("universe: conv1 same 43x43x1>21x21x32 k3s2 elu -> conv2 same 23x23x32>11x11x32 k3s2 elu"
                + " -> conv3 same 13x13x32>6x6x32 k3s2 elu -> conv4 same 7x7x32>3x3x32 k3s2 elu -> lstm 288>256 -> heads 256>6+1"), d);
        assertTrue(NetKind.UNIVERSE.recurrent(false));
        assertEquals(20, NetKind.UNIVERSE.defaultTMax(false));
    }

    @Test
    void theSignatureStartsWithTheName() {
        assertTrue(NetKind.SEED.spec(ATARI, new int[] {84, 84, 1}, 6).signature().startsWith("seed|in=[84, 84, 1]|actions=6|conv1.w"));
        assertTrue(NetKind.MLP.spec(new NetKind.Sizes(64, 256, 2, true), new int[] {4}, 2).signature().startsWith("mlp|in=[4]|actions=2|fc1.w"));
    }

    @Test
    void aCheckpointOfAnotherNetworkIsRefused(@TempDir Path dir) throws Exception {
        NetSpec ff = NetKind.FF.spec(ATARI, new int[] {84, 84, 4}, 6);
        NetSpec lstm = NetKind.LSTM.spec(ATARI, new int[] {84, 84, 1}, 6);
        Path file = dir.resolve("checkpoint.a3c");
        try (FloatArena p = new FloatArena(ff.layout())) {
            Checkpoint.write(file, Map.of(Restore.SIGNATURE, ff.signature(), "config.net", "ff", "env.name", "pong"), p.segment(), p.segment());
        }
        Checkpoint c = Checkpoint.read(file);
        UserError e = assertThrows(UserError.class, () -> Restore.network(c, file, lstm));
        assertTrue(e.getMessage().contains("does not match the network its config describes"), e.getMessage());
        try (FloatArena p = new FloatArena(lstm.layout()); FloatArena s = new FloatArena(lstm.layout())) {
            e = assertThrows(UserError.class, () -> Restore.resume(c, file, lstm, p.segment(), s.segment()));
        }
        assertTrue(e.getMessage().contains("holds a different network (ff on pong): resume with the same --net and --game"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }
}
