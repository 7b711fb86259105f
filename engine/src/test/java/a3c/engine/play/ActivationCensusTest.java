package a3c.engine.play;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import a3c.engine.log.Evaluation;
import a3c.engine.net.Initializer;
import a3c.engine.net.NetKind;
import a3c.engine.net.NetSpec;
import a3c.engine.net.Network;

/** The census of firing units: a conv layer counted by channel, a dense one by unit, dead ones found. */
class ActivationCensusTest {
    @Test
    void channelsAndUnitsWithNegativeBiasesAreFoundDeadAndTheOthersAlive() {
        NetSpec spec = NetKind.FF.spec(new NetKind.Sizes(256, 256, 2, false), new int[] {84, 84, 4}, 6);
        try (Network net = new Network(spec, 1)) {
            Initializer.initialize(spec, net.parameters(), 3);
            MemorySegment conv1Bias = net.parameters().tensor("conv1.b"), fcBias = net.parameters().tensor("fc.b");
            for (int c = 0; c < 16; c += 2) { // every other conv1 channel: far below anything its window can add
                conv1Bias.setAtIndex(ValueLayout.JAVA_FLOAT, c, -1e4f);
            }
            for (int u = 0; u < 256; u++) { // and fc's units but the last three
                fcBias.setAtIndex(ValueLayout.JAVA_FLOAT, u, u < 253 ? -1e4f : 1e4f);
            }
            ActivationCensus census = new ActivationCensus(net);
            SplittableRandom rng = new SplittableRandom(9);
            for (int t = 0; t < 5; t++) {
                MemorySegment x = net.observation(0);
                for (int i = 0; i < spec.inputSize(); i++) {
                    x.setAtIndex(ValueLayout.JAVA_FLOAT, i, (float) rng.nextDouble());
                }
                net.forward(0);
                census.record(0);
            }
            List<ActivationCensus.Layer> layers = census.layers();
            assertEquals(List.of("conv1", "conv2", "fc"), layers.stream().map(ActivationCensus.Layer::name).toList());
            ActivationCensus.Layer conv1 = layers.get(0), fc = layers.get(2);
            assertEquals("channels", conv1.unit());
            assertEquals(16, conv1.units());
            assertEquals(8, conv1.alive(), "the channels with their bias left as initialised fire somewhere on random frames");
            assertTrue(conv1.meanActive() > 0 && conv1.meanActive() <= 0.5, "at most the live half of the outputs: " + conv1.meanActive());
            assertEquals("units", fc.unit());
            assertEquals(256, fc.units());
            assertEquals(3, fc.alive());
            assertEquals(3 / 256.0, fc.meanActive(), 1e-12);
            assertEquals(5, census.observations());
            assertEquals(new Evaluation.Health(8, null), census.health());

            for (int c = 1; c < 16; c += 2) { // now every conv1 channel: conv2 and fc see only their biases
                conv1Bias.setAtIndex(ValueLayout.JAVA_FLOAT, c, -1e4f);
            }
            ActivationCensus blind = new ActivationCensus(net);
            net.forward(0);
            blind.record(0);
            assertEquals(new Evaluation.Health(0, "conv1"), blind.health(), "the first dead layer is named");
        }
    }

    @Test
    void aNetworkWithoutReluHasNoHealthToReport() {
        NetSpec spec = NetKind.MLP.spec(new NetKind.Sizes(16, 16, 0, true), new int[] {4}, 2);
        try (Network net = new Network(spec, 1)) {
            ActivationCensus census = new ActivationCensus(net);
            net.forward(0);
            census.record(0);
            assertEquals(Evaluation.Health.NO_RELU, census.health());
        }
    }
}
