package a3c.engine.net;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;

import a3c.kernels.memory.FloatArena;

/**
 * Initial parameters, fixed by the seed: one random stream visits the layers in order, and each layer's
 * spec draws its own ({@link LayerSpec#initialize}): uniform weights with variance {@code gain^2 / fanIn}
 * (He for the ReLU layers, gain sqrt 2), zero biases; LSTM weights uniform in +-1/sqrt(hidden) with the
 * forget-gate bias at 1; small-gain heads (0.01 on the policy logits, 1 on the value).
 */
public final class Initializer {
    private Initializer() {
    }

    public static void initialize(NetSpec spec, FloatArena params, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        for (LayerSpec l : spec.layers()) {
            l.initialize(params, rng); // each kind's rule is with its spec
        }
    }

    /** Uniform with standard deviation {@code std}: bound sqrt(3) * std. */
    static void uniform(MemorySegment w, double std, SplittableRandom rng) {
        uniformBound(w, Math.sqrt(3) * std, rng);
    }

    static void uniformBound(MemorySegment w, double bound, SplittableRandom rng) {
        long n = w.byteSize() / Float.BYTES;
        for (long i = 0; i < n; i++) {
            w.setAtIndex(ValueLayout.JAVA_FLOAT, i, (float) (bound * (2 * rng.nextDouble() - 1)));
        }
    }
}
