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
        initialize(spec, params, seed, Scheme.ENGINE);
    }

    /** How the parameters start. */
    public enum Scheme {
        /** Each layer kind's own rule (the class comment). */
        ENGINE,
        /**
         * The reference notebook's: every weight drawn from a normal of standard deviation 0.01 truncated at two
         * deviations (TensorFlow's {@code truncated_normal}, redrawn beyond), every bias 0.01; an LSTM's forget
         * gate gets 1 more, the {@code forget_bias} TensorFlow's LSTM cell adds inside.
         */
        TRUNCATED_NORMAL
    }

    public static void initialize(NetSpec spec, FloatArena params, long seed, Scheme scheme) {
        SplittableRandom rng = new SplittableRandom(seed);
        for (LayerSpec l : spec.layers()) {
            switch (scheme) {
                case ENGINE -> l.initialize(params, rng); // each kind's rule is with its spec
                case TRUNCATED_NORMAL -> l.initializeTruncatedNormal(params, rng);
            }
        }
    }

    /** Normal draws of standard deviation {@code std}, redrawn until within two deviations. */
    static void truncatedNormal(MemorySegment w, double std, SplittableRandom rng) {
        long n = w.byteSize() / Float.BYTES;
        for (long i = 0; i < n; i++) {
            double z;
            do {
                z = gaussian(rng);
            } while (Math.abs(z) > 2);
            w.setAtIndex(ValueLayout.JAVA_FLOAT, i, (float) (std * z));
        }
    }

    /** A standard normal draw (Box-Muller; SplittableRandom has none of its own). */
    private static double gaussian(SplittableRandom rng) {
        return Math.sqrt(-2 * Math.log(1 - rng.nextDouble())) * Math.cos(2 * Math.PI * rng.nextDouble());
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
