package a3c.engine.net;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;

import a3c.kernels.WeightPanels;
import a3c.kernels.memory.FloatArena;

/**
 * Initial parameters, fixed by the seed: uniform weights with variance {@code gain^2 / fanIn} (He for the
 * ReLU layers, gain sqrt 2), zero biases; LSTM weights uniform in +-1/sqrt(hidden) with the forget-gate
 * bias at 1 (so memory is kept early on); small-gain heads (0.01 on the policy logits, so the first
 * policy is close to uniform, 1 on the value).
 */
public final class Initializer {
    private Initializer() {
    }

    public static void initialize(NetSpec spec, FloatArena params, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        for (LayerSpec l : spec.layers()) {
            switch (l) {
                case LayerSpec.Conv c -> uniform(params.tensor(c.name() + ".w"), Math.sqrt(2) / Math.sqrt(c.shape().windowSize()), rng);
                case LayerSpec.Pool p -> { }
                case LayerSpec.Dense d -> uniform(params.tensor(d.name() + ".w"), (d.relu() ? Math.sqrt(2) : 1) / Math.sqrt(d.in()), rng);
                case LayerSpec.Lstm s -> {
                    double bound = 1 / Math.sqrt(s.hidden());
                    uniformBound(params.tensor(s.name() + ".wx"), bound, rng);
                    uniformBound(params.tensor(s.name() + ".wh"), bound, rng);
                    MemorySegment b = params.tensor(s.name() + ".b");
                    for (int j = s.hidden(); j < 2 * s.hidden(); j++) { // gate order i, f, g, o: f is the second block
                        b.setAtIndex(ValueLayout.JAVA_FLOAT, j, 1f);
                    }
                }
                case LayerSpec.Heads h -> {
                    MemorySegment w = params.tensor(h.name() + ".w"); // in, actions+1: the value is the last column
                    int cols = h.actions() + 1;
                    // visited in (i, o) order so the draws do not depend on the kernels' weight layout
                    double base = Math.sqrt(3.0 / h.in());
                    for (int i = 0; i < h.in(); i++) {
                        for (int j = 0; j < cols; j++) {
                            double gain = j < h.actions() ? 0.01 : 1.0;
                            w.setAtIndex(ValueLayout.JAVA_FLOAT, WeightPanels.index(h.in(), cols, i, j), (float) (gain * base * (2 * rng.nextDouble() - 1)));
                        }
                    }
                }
            }
        }
    }

    /** Uniform with standard deviation {@code std}: bound sqrt(3) * std. */
    private static void uniform(MemorySegment w, double std, SplittableRandom rng) {
        uniformBound(w, Math.sqrt(3) * std, rng);
    }

    private static void uniformBound(MemorySegment w, double bound, SplittableRandom rng) {
        long n = w.byteSize() / Float.BYTES;
        for (long i = 0; i < n; i++) {
            w.setAtIndex(ValueLayout.JAVA_FLOAT, i, (float) (bound * (2 * rng.nextDouble() - 1)));
        }
    }
}
