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
        private final int rows, gradientRows;
        /** Games a step acts for: memory per game (an LSTM's carried state) takes this many rows. */
        final int batch;

        Plan(Layout.Builder acts, Layout.Builder grads, String layer, int rows, int gradientRows, int batch) {
            this.acts = acts;
            this.grads = grads;
            this.prefix = layer + "/";
            this.rows = rows;
            this.gradientRows = gradientRows;
            this.batch = batch;
        }

        /** An activation row per sample and per bootstrap state (never cleared: written before read). */
        Plan activationRows(String name, int width) {
            acts.add(prefix + name, rows, width);
            return this;
        }

        /** Activation memory of {@code floats} (scratch, carried state). */
        Plan activation(String name, int floats) {
            acts.add(prefix + name, floats);
            return this;
        }

        /** A gradient row per sample (cleared before every backward, which adds). */
        Plan gradientRows(String name, int width) {
            grads.add(prefix + name, gradientRows, width);
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
        /** Whether the input is a ReLU's output (many exact zeros). */
        final boolean reluInput;
        /** Rows of the rollout: its samples plus the bootstrap states, {@code batch} rows a step. */
        final int rows;
        /** Games a step acts for. */
        final int batch;

        Binding(String layer, FloatArena params, FloatArena grads, FloatArena acts, FloatArena actGrads, Rows in, Rows out,
                Rows dIn, Rows dOut, boolean reluInput, int rows, int batch) {
            this.layer = layer;
            this.params = params;
            this.grads = grads;
            this.acts = acts;
            this.actGrads = actGrads;
            this.in = in;
            this.out = out;
            this.dIn = dIn;
            this.dOut = dOut;
            this.reluInput = reluInput;
            this.rows = rows;
            this.batch = batch;
        }

        /** The parameter tensor {@code layer.suffix} and its gradient. */
        Param param(String suffix) {
            String name = layer + "." + suffix;
            return new Param(params.tensor(name), grads.tensor(name));
        }

        Rows activationRows(String name, int width) {
            return new Rows(acts.tensor(layer + "/" + name), rows, width, batch);
        }

        /** Activation memory of one step's rows (a row per game), as rows. */
        Rows activationBlock(String name, int width) {
            return new Rows(acts.tensor(layer + "/" + name), batch, width, batch);
        }

        MemorySegment activation(String name) {
            return acts.tensor(layer + "/" + name);
        }

        Rows gradientRows(String name, int width) {
            return new Rows(actGrads.tensor(layer + "/" + name), rows - batch, width, batch);
        }

        /** Gradient memory of one step's rows (a row per game), as rows. */
        Rows gradientBlock(String name, int width) {
            return new Rows(actGrads.tensor(layer + "/" + name), batch, width, batch);
        }

        MemorySegment gradient(String name) {
            return actGrads.tensor(layer + "/" + name);
        }
    }
}
