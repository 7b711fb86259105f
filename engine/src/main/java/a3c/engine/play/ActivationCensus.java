package a3c.engine.play;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

import a3c.engine.log.Evaluation;
import a3c.engine.net.LayerSpec;
import a3c.engine.net.Network;

/**
 * Which units of a network's ReLU layers fire: a convolution's channels (alive when any of its outputs is
 * positive at any pixel of any observation recorded) and a dense layer's units. A ReLU unit that never fires
 * passes no gradient, so nothing brings it back; a layer with none alive leaves the network blind (the same
 * output for every observation), which is what a Pong run stuck at −20 looks like (docs/results).
 */
public final class ActivationCensus {
    /** What to do about a blind network (a run saved before --subtract-background existed has it off). */
    public static final String START_AGAIN = "start it again (another --seed; for an Atari game with a background that is not black, such as"
            + " Pong's, with --subtract-background true, the default since 2026-12-05)";

    /**
     * @param unit       "channels" or "units"
     * @param alive      channels or units that fired at least once
     * @param meanActive mean fraction of the layer's outputs (every pixel and channel) positive per observation
     */
    public record Layer(String name, String unit, int alive, int units, double meanActive) {
    }

    private final Network net;
    private final List<Integer> indices = new ArrayList<>();
    private final List<boolean[]> fired = new ArrayList<>();
    private final double[] activeSum;
    private long observations;

    public ActivationCensus(Network net) {
        this.net = net;
        List<LayerSpec> layers = net.spec().layers();
        for (int i = 0; i < layers.size(); i++) {
            LayerSpec l = layers.get(i);
            if (!l.reluOutput()) {
                continue;
            }
            int units = l instanceof LayerSpec.Conv c ? c.shape().outC() : l.outSize(); // conv outputs: channel fastest
            indices.add(i);
            fired.add(new boolean[units]);
        }
        activeSum = new double[indices.size()];
    }

    /** Counts row {@code row}'s outputs as the last forward left them. */
    public void record(int row) {
        for (int k = 0; k < indices.size(); k++) {
            MemorySegment out = net.output(indices.get(k), row);
            boolean[] f = fired.get(k);
            int n = (int) (out.byteSize() / Float.BYTES), units = f.length, active = 0;
            for (int i = 0; i < n; i++) {
                if (out.getAtIndex(ValueLayout.JAVA_FLOAT, i) > 0) {
                    f[i % units] = true;
                    active++;
                }
            }
            activeSum[k] += (double) active / n;
        }
        observations++;
    }

    public long observations() {
        return observations;
    }

    /** One entry per ReLU layer, in layer order. */
    public List<Layer> layers() {
        List<Layer> result = new ArrayList<>();
        List<LayerSpec> layers = net.spec().layers();
        for (int k = 0; k < indices.size(); k++) {
            int alive = 0;
            for (boolean b : fired.get(k)) {
                alive += b ? 1 : 0;
            }
            LayerSpec l = layers.get(indices.get(k));
            result.add(new Layer(l.name(), l instanceof LayerSpec.Conv ? "channels" : "units", alive, fired.get(k).length,
                    observations == 0 ? 0 : activeSum[k] / observations));
        }
        return result;
    }

    /** The first ReLU layer's count and the first layer with none alive, as an evaluation reports them. */
    public Evaluation.Health health() {
        List<Layer> layers = layers();
        if (layers.isEmpty()) {
            return Evaluation.Health.NO_RELU;
        }
        String dead = layers.stream().filter(l -> l.alive() == 0).map(Layer::name).findFirst().orElse(null);
        return new Evaluation.Health(layers.getFirst().alive(), dead);
    }
}
