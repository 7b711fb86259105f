package a3c.engine.net;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import a3c.engine.UserError;
import a3c.kernels.ConvShape;
import a3c.kernels.LstmShape;
import a3c.kernels.PoolShape;
import a3c.kernels.memory.Layout;

/**
 * A network by name, as data: its layers in order and the layout of its parameters in one arena. The
 * same spec builds the shared parameters, the RMSProp statistics and every worker's {@link Network}.
 *
 * <ul>
 *   <li>{@code ff}: k stacked frames; conv 16x8x8/4, ReLU; conv 32x4x4/2, ReLU; dense 256, ReLU; heads.</li>
 *   <li>{@code lstm}: {@code ff} (on one frame) with an LSTM of 256 cells after the dense layer.</li>
 *   <li>{@code seed}: one frame; conv 16x8x8/4, ReLU; max-pool 2x2/2 SAME; conv 32x4x4/2, ReLU; dense 256,
 *       ReLU; LSTM 256; heads (the reference notebook's design).</li>
 *   <li>{@code mlp}: dense hidden layers with ReLU, an optional LSTM, heads (vector observations).</li>
 * </ul>
 */
public final class NetSpec {
    private final String name;
    private final int[] inputShape;
    private final int actions;
    private final List<LayerSpec> layers;
    private final Layout layout;

    private NetSpec(String name, int[] inputShape, int actions, List<LayerSpec> layers) {
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

    /** The network called {@code name} for observations of {@code inputShape} (H,W,C or n) and {@code actions} actions. */
    public static NetSpec of(String name, int[] inputShape, int actions, int hidden, int lstmSize, int mlpLayers, boolean mlpLstm) {
        return switch (name) {
            case "ff" -> pixels(name, inputShape, actions, hidden, 0, false);
            case "lstm" -> pixels(name, inputShape, actions, hidden, lstmSize, false);
            case "seed" -> pixels(name, inputShape, actions, hidden, lstmSize, true);
            case "mlp" -> mlp(inputShape, actions, hidden, mlpLayers, mlpLstm ? lstmSize : 0);
            default -> throw new UserError("--net=" + name + " is not a network: use ff, lstm, seed or mlp");
        };
    }

    private static NetSpec pixels(String name, int[] in, int actions, int hidden, int lstm, boolean pool) {
        if (in.length != 3) {
            throw new UserError("--net=" + name + " needs image observations (H,W,C), but this environment observes "
                    + Arrays.toString(in) + ": use --net mlp");
        }
        if (in[0] < 8 || in[1] < 8) {
            throw new UserError("--net=" + name + " needs frames of at least 8x8 pixels (8x8 first convolution), got " + in[0] + "x" + in[1]);
        }
        List<LayerSpec> layers = new ArrayList<>();
        ConvShape c1 = new ConvShape(in[0], in[1], in[2], 8, 8, 16, 4);
        layers.add(new LayerSpec.Conv("conv1", c1));
        int h = c1.outH(), w = c1.outW();
        if (pool) {
            PoolShape p = new PoolShape(h, w, 16, 2, 2, 2, PoolShape.Padding.SAME);
            layers.add(new LayerSpec.Pool("pool1", p));
            h = p.outH();
            w = p.outW();
        }
        if (h < 4 || w < 4) {
            throw new UserError("--net=" + name + ": frames of " + in[0] + "x" + in[1] + " are too small for the second convolution (4x4)");
        }
        ConvShape c2 = new ConvShape(h, w, 16, 4, 4, 32, 2);
        layers.add(new LayerSpec.Conv("conv2", c2));
        layers.add(new LayerSpec.Dense("fc", c2.outSize(), hidden, true));
        int features = hidden;
        if (lstm > 0) {
            layers.add(new LayerSpec.Lstm("lstm", hidden, lstm));
            features = lstm;
        }
        layers.add(new LayerSpec.Heads("heads", features, actions));
        return new NetSpec(name, in, actions, layers);
    }

    private static NetSpec mlp(int[] in, int actions, int hidden, int depth, int lstm) {
        int n = Arrays.stream(in).reduce(1, (a, b) -> a * b);
        List<LayerSpec> layers = new ArrayList<>();
        int width = n;
        for (int i = 0; i < depth; i++) {
            layers.add(new LayerSpec.Dense("fc" + (i + 1), width, hidden, true));
            width = hidden;
        }
        if (lstm > 0) {
            layers.add(new LayerSpec.Lstm("lstm", width, lstm));
            width = lstm;
        }
        layers.add(new LayerSpec.Heads("heads", width, actions));
        return new NetSpec("mlp", in, actions, layers);
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
        return layers.stream().anyMatch(l -> l instanceof LayerSpec.Lstm);
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
        return switch (layers.get(i)) {
            case LayerSpec.Conv c -> c.shape().flops(1);
            case LayerSpec.Pool p -> 0;
            case LayerSpec.Dense d -> 2L * d.in() * d.out();
            case LayerSpec.Lstm s -> new LstmShape(s.in(), s.hidden()).forwardFlops(1);
            case LayerSpec.Heads h -> 2L * h.in() * (h.actions() + 1);
        };
    }

    /** {@link #backwardFlops()} of layer {@code i} alone: the first layer computes no input gradient. */
    public long backwardFlops(int i) {
        int passes = i == 0 ? 1 : 2;
        return switch (layers.get(i)) {
            case LayerSpec.Conv c -> passes * c.shape().flops(1);
            case LayerSpec.Pool p -> 0;
            case LayerSpec.Dense d -> passes * 2L * d.in() * d.out();
            case LayerSpec.Lstm s -> new LstmShape(s.in(), s.hidden()).backwardFlops(1);
            case LayerSpec.Heads h -> passes * 2L * h.in() * (h.actions() + 1);
        };
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
            sb.append(i == 0 ? "" : " -> ").append(switch (l) {
                case LayerSpec.Conv c -> c.name() + " " + c.shape();
                case LayerSpec.Pool p -> p.name() + " " + p.shape();
                case LayerSpec.Dense d -> d.name() + " " + d.in() + ">" + d.out();
                case LayerSpec.Lstm s -> s.name() + " " + s.in() + ">" + s.hidden();
                case LayerSpec.Heads h -> "heads " + h.in() + ">" + h.actions() + "+1";
            });
        }
        return sb.append(" (").append(String.format("%,d", layout.parameterCount())).append(" parameters)").toString();
    }
}
