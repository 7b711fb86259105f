package a3c.engine.net;

import java.util.Arrays;
import java.util.List;

import a3c.kernels.memory.Layout;

/**
 * A network as data: its layers in order and the layout of its parameters in one arena. The same spec
 * builds the shared parameters, the RMSProp statistics and every worker's {@link Network}. The engine's
 * networks come from {@link NetKind#spec}; the gradient check composes others with {@link #custom}.
 */
public final class NetSpec {
    private final String name;
    private final int[] inputShape;
    private final int actions;
    private final List<LayerSpec> layers;
    private final Layout layout;

    NetSpec(String name, int[] inputShape, int actions, List<LayerSpec> layers) {
        this.name = name;
        this.inputShape = inputShape.clone();
        this.actions = actions;
        this.layers = List.copyOf(layers);
        this.layout = ParameterLayout.of(this.layers);
        int expected = Arrays.stream(inputShape).reduce(1, (a, b) -> a * b);
        if (this.layers.getFirst().inSize() != expected) {
            throw new IllegalArgumentException(name + ": first layer takes " + this.layers.getFirst().inSize() + " floats, the input has " + expected);
        }
        for (int i = 1; i < this.layers.size(); i++) {
            if (this.layers.get(i).inSize() != this.layers.get(i - 1).outSize()) {
                throw new IllegalArgumentException(name + ": " + this.layers.get(i).name() + " takes " + this.layers.get(i).inSize()
                        + " floats but " + this.layers.get(i - 1).name() + " gives " + this.layers.get(i - 1).outSize());
            }
        }
        if (!(this.layers.getLast() instanceof LayerSpec.Heads heads) || heads.actions() != actions) {
            throw new IllegalArgumentException(name + ": the last layer must be the heads for " + actions + " actions");
        }
    }

    /** A network of any layers (the gradient check composes small ones); the last must be the heads. */
    public static NetSpec custom(String name, int[] inputShape, int actions, List<LayerSpec> layers) {
        return new NetSpec(name, inputShape, actions, layers);
    }

    public String name() {
        return name;
    }

    public int[] inputShape() {
        return inputShape.clone();
    }

    /** Floats of one observation. */
    public int inputSize() {
        return layers.getFirst().inSize();
    }

    public int actions() {
        return actions;
    }

    public List<LayerSpec> layers() {
        return layers;
    }

    /** Where every parameter tensor lives: shared parameters, statistics, local copies and gradients. */
    public Layout layout() {
        return layout;
    }

    public boolean recurrent() {
        return layers.stream().anyMatch(LayerSpec::recurrent);
    }

    /** Floats of the recurrent state one game carries from step to step, every recurrent layer's (0 for a feed-forward net). */
    public int stateFloats() {
        return layers.stream().mapToInt(LayerSpec::stateFloats).sum();
    }

    /** Multiply-adds times two of one forward step (batch 1): what throughput figures count. */
    public long forwardFlops() {
        long f = 0;
        for (int i = 0; i < layers.size(); i++) {
            f += forwardFlops(i);
        }
        return f;
    }

    /** Multiply-adds times two of one step's backward: weight gradients everywhere, input gradients above the first layer. */
    public long backwardFlops() {
        long f = 0;
        for (int i = 0; i < layers.size(); i++) {
            f += backwardFlops(i);
        }
        return f;
    }

    /** {@link #forwardFlops()} of layer {@code i} alone. */
    public long forwardFlops(int i) {
        return layers.get(i).forwardFlops();
    }

    /** {@link #backwardFlops()} of layer {@code i} alone: the first layer computes no input gradient. */
    public long backwardFlops(int i) {
        return layers.get(i).backwardFlops(i > 0);
    }

    /** Identifies the architecture, for checkpoints: a different value means incompatible parameters. */
    public String signature() {
        return name + "|in=" + Arrays.toString(inputShape) + "|actions=" + actions + "|" + layout.signature();
    }

    /** One line per layer, for the run's start-up banner. */
    public String describe() {
        StringBuilder sb = new StringBuilder(name).append(": ");
        for (int i = 0; i < layers.size(); i++) {
            LayerSpec l = layers.get(i);
            sb.append(i == 0 ? "" : " -> ").append(l.describe());
        }
        return sb.append(" (").append(String.format("%,d", layout.parameterCount())).append(" parameters)").toString();
    }
}
