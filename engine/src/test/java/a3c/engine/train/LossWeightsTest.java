package a3c.engine.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import org.junit.jupiter.api.Test;

import a3c.engine.net.Initializer;
import a3c.engine.net.NetKind;
import a3c.engine.net.NetSpec;
import a3c.engine.net.Network;

/**
 * The entropy and value-loss weights in the A3C loss, against the loss's derivative worked out by hand at
 * the heads. For one step, {@code L = -log pi(a) A - beta H(pi) + w (R - V)^2}, so with respect to logit i
 * {@code dL/dz_i = -A (1[i = a] - p_i) + beta p_i (log p_i + H)} and with respect to the value
 * {@code dL/dV = 2 w (V - R)}; the heads' bias gradient of one step is exactly that vector.
 */
class LossWeightsTest {
    private static final int ACTIONS = 3;

    private static void check(float beta, float valueWeight, int action, float reward, float bootstrap) {
        NetSpec spec = NetKind.MLP.spec(new NetKind.Sizes(8, 4, 1, false), new int[] {4}, ACTIONS);
        try (Network net = new Network(spec, 1)) {
            Initializer.initialize(spec, net.parameters(), 11);
            MemorySegment obs = net.observation(0);
            float[] x = {0.3f, -1.2f, 0.05f, 0.8f};
            for (int i = 0; i < x.length; i++) {
                obs.setAtIndex(ValueLayout.JAVA_FLOAT, i, x[i]);
            }
            net.forward(0);
            double[] p = new double[ACTIONS];
            double entropy = 0;
            for (int i = 0; i < ACTIONS; i++) {
                p[i] = net.probabilities(0).getAtIndex(ValueLayout.JAVA_FLOAT, i);
                entropy -= p[i] * Math.log(p[i]);
            }
            float v = net.value(0);
            double gamma = 0.9;
            double r = reward + gamma * bootstrap;
            double advantage = r - v;

            net.zeroGradients();
            RolloutLoss loss = new RolloutLoss(1, gamma, 1.0, beta, valueWeight);
            loss.backward(net, 1, new int[] {action}, new float[] {reward}, new float[] {v, bootstrap});

            MemorySegment bias = net.gradients().tensor("heads.b");
            for (int i = 0; i < ACTIONS; i++) {
                double expected = -advantage * ((i == action ? 1 : 0) - p[i]) + beta * p[i] * (Math.log(p[i]) + entropy);
                assertEquals(expected, bias.getAtIndex(ValueLayout.JAVA_FLOAT, i), 1e-5, "dL/dlogit " + i + " at beta " + beta);
            }
            assertEquals(2 * valueWeight * (v - r), bias.getAtIndex(ValueLayout.JAVA_FLOAT, ACTIONS), 1e-5, "dL/dV at weight " + valueWeight);
            // the reported losses are the unweighted sums
            assertEquals(-Math.log(p[action]) * advantage, loss.policyLoss(), 1e-5);
            assertEquals((r - v) * (r - v), loss.valueLoss(), 1e-5);
            assertEquals(entropy, loss.entropy(), 1e-5);
            assertEquals(r, loss.returnAt(0), 1e-6);
            assertEquals(advantage, loss.advantageAt(0), 1e-6);
        }
    }

    @Test
    void withoutEntropyBonusTheLogitsGetThePolicyGradientOnly() {
        check(0f, 0.5f, 1, 1f, 0.3f);
    }

    @Test
    void theEntropyWeightScalesThePullTowardsUniform() {
        check(0.01f, 0.5f, 2, 0f, -0.4f);
        check(0.7f, 0.5f, 0, -1f, 0f);
    }

    @Test
    void theValueWeightScalesTheValueGradient() {
        check(0.01f, 0.25f, 1, 1f, 0.5f);
        check(0.01f, 2f, 1, 1f, 0.5f);
    }
}
