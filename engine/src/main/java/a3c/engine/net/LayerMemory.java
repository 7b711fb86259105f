package a3c.engine.net;

import java.lang.foreign.MemorySegment;

import a3c.kernels.memory.FloatArena;
import a3c.kernels.memory.Layout;

/**
 * How a layer asks for memory and gets it back: {@link Plan} is what it declares beyond its input and
 * output rows (activation rows kept for backward, gradient rows, scratch), under names of its own;
 * {@link Binding} hands its stage the network's memory as named views. Every name is prefixed with the
 * layer's name, so two layers of one kind never share a buffer.
 */
final class LayerMemory {
    private LayerMemory() {
    }

    /** One layer's declarations on the network's activation and activation-gradient layouts. */
    static final class Plan {
        private final Layout.Builder acts, grads;
        private final String prefix;
        private final int rows, steps;

        Plan(Layout.Builder acts, Layout.Builder grads, String layer, int rows, int steps) {
            this.acts = acts;
            this.grads = grads;
            this.prefix = layer + "/";
            this.rows = rows;
            this.steps = steps;
        }

        /** An activation row per step and one for the bootstrap state (never cleared: written before read). */
        Plan activationRows(String name, int width) {
            acts.add(prefix + name, rows, width);
            return this;
        }

        /** Activation memory of {@code floats} (scratch, carried state). */
        Plan activation(String name, int floats) {
            acts.add(prefix + name, floats);
            return this;
        }

        /** A gradient row per step (cleared before every backward, which adds). */
        Plan gradientRows(String name, int width) {
            grads.add(prefix + name, steps, width);
            return this;
        }

        /** Gradient memory of {@code floats} (cleared before every backward). */
        Plan gradient(String name, int floats) {
            grads.add(prefix + name, floats);
            return this;
        }
    }

    /** What a layer's stage is bound to: its parameters, its input and output rows and their gradients, and what it declared. */
    static final class Binding {
        private final String layer;
        private final FloatArena params, grads, acts, actGrads;
        /** Input rows (the previous layer's output), output rows, and their gradients; {@code dIn} is null for the first layer. */
        final Rows in, out, dIn, dOut;
        /** The whole output tensor: the output rows, after any state rows the layer declared ({@link LayerSpec#stateRows}). */
        final MemorySegment outTensor;
        /** Whether the input is a ReLU's output (many exact zeros). */
        final boolean reluInput;
        /** Rows of the rollout: steps plus the bootstrap state. */
        final int rows;

        Binding(String layer, FloatArena params, FloatArena grads, FloatArena acts, FloatArena actGrads, Rows in, Rows out,
                Rows dIn, Rows dOut, MemorySegment outTensor, boolean reluInput, int rows) {
            this.layer = layer;
            this.params = params;
            this.grads = grads;
            this.acts = acts;
            this.actGrads = actGrads;
            this.in = in;
            this.out = out;
            this.dIn = dIn;
            this.dOut = dOut;
            this.outTensor = outTensor;
            this.reluInput = reluInput;
            this.rows = rows;
        }

        /** The parameter tensor {@code layer.suffix} and its gradient. */
        Param param(String suffix) {
            String name = layer + "." + suffix;
            return new Param(params.tensor(name), grads.tensor(name));
        }

        Rows activationRows(String name, int width) {
            return new Rows(acts.tensor(layer + "/" + name), rows, width);
        }

        MemorySegment activation(String name) {
            return acts.tensor(layer + "/" + name);
        }

        Rows gradientRows(String name, int width) {
            return new Rows(actGrads.tensor(layer + "/" + name), rows - 1, width);
        }

        MemorySegment gradient(String name) {
            return actGrads.tensor(layer + "/" + name);
        }
    }
}
