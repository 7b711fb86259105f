package a3c.engine.net;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import a3c.engine.UserError;
import a3c.engine.Words;
import a3c.kernels.ConvShape;
import a3c.kernels.PadShape;
import a3c.kernels.PoolShape;

/**
 * The networks {@code --net} names, each with its defaults and the one way to build its {@link NetSpec}.
 *
 * <ul>
 *   <li>{@code ff}: k stacked frames; conv 16x8x8/4, ReLU; conv 32x4x4/2, ReLU; dense 256, ReLU; heads.</li>
 *   <li>{@code lstm}: {@code ff} (on one frame) with an LSTM of 256 cells after the dense layer.</li>
 *   <li>{@code seed}: one frame; conv 16x8x8/4, ReLU; max-pool 2x2/2 SAME; conv 32x4x4/2, ReLU; dense 256,
 *       ReLU; LSTM 256; heads (the reference notebook's design).</li>
 *   <li>{@code universe}: one frame; four convolutions of 32 filters 3x3/2 with SAME padding and ELU; LSTM 256;
 *       heads (universe-starter-agent's and pytorch-a3c's network).</li>
 *   <li>{@code mlp}: dense hidden layers with ReLU (none with {@code --mlp-layers 0}), an optional LSTM
 *       ({@code --mlp-lstm}), heads: on vector observations, or on pixels read as one flat vector.</li>
 * </ul>
 *
 * The command-line name is what the run's {@code config} file and a checkpoint's header hold
 * ({@code net=ff}) and what {@link NetSpec#signature()} starts with, so it never changes for a kind.
 */
public enum NetKind {
    FF("ff", true, 4),
    LSTM("lstm", true, 1),
    SEED("seed", true, 1),
    UNIVERSE("universe", true, 1),
    MLP("mlp", false, 1);

    /** The options that size a network: {@code --hidden}, {@code --lstm-size}, {@code --mlp-layers}, {@code --mlp-lstm}. */
    public record Sizes(int hidden, int lstmSize, int mlpLayers, boolean mlpLstm) {
    }

    private final String cliName;
    private final boolean needsImages;
    private final int frameStack;

    NetKind(String cliName, boolean needsImages, int frameStack) {
        this.cliName = cliName;
        this.needsImages = needsImages;
        this.frameStack = frameStack;
    }

    /** The kind {@code --net} names; an unknown name is a one-line {@link UserError}. */
    public static NetKind named(String name) {
        return find(name).orElseThrow(() -> new UserError("--net=" + name + " is not a network: use " + choices(List.of(values()))));
    }

    /** The kind called {@code name}, if there is one. */
    public static Optional<NetKind> find(String name) {
        return Arrays.stream(values()).filter(k -> k.cliName.equals(name)).findFirst();
    }

    /** The kinds that take vector observations (the ones not needing images), for messages that say what to use instead. */
    public static List<NetKind> takingVectors() {
        return Arrays.stream(values()).filter(k -> !k.needsImages).toList();
    }

    /** "a", "a or b", "a, b or c": the names of {@code kinds}, for a message. */
    public static String choices(List<NetKind> kinds) {
        return Words.list(kinds.stream().map(NetKind::cliName).toList(), "or");
    }

    /** The name on the command line, in the config file and in checkpoints: ff, lstm, seed, universe or mlp. */
    public String cliName() {
        return cliName;
    }

    /** Whether it needs image observations (H,W,C); the others take a vector, or an image read flat. */
    public boolean needsImages() {
        return needsImages;
    }

    /** Whether it carries an LSTM state from step to step: always for lstm, seed and universe, for mlp with {@code --mlp-lstm}. */
    public boolean recurrent(boolean mlpLstm) {
        return switch (this) {
            case FF -> false;
            case LSTM, SEED, UNIVERSE -> true;
            case MLP -> mlpLstm;
        };
    }

    /** Default rollout length: 5 for a feed-forward network, 20 for one with an LSTM. */
    public int defaultTMax(boolean mlpLstm) {
        return recurrent(mlpLstm) ? 20 : 5;
    }

    /** Default frames stacked per observation: 4 for ff, 1 for the others (an LSTM remembers). */
    public int defaultFrameStack() {
        return frameStack;
    }

    /** Default width of the dense layer: 256 after the convolutions, 64 for the mlp's hidden layers. */
    public int defaultHidden() {
        return this == MLP ? 64 : 256;
    }

    /** This network for observations of {@code inputShape} (H,W,C or n) and {@code actions} actions. */
    public NetSpec spec(Sizes sizes, int[] inputShape, int actions) {
        return switch (this) {
            case FF -> pixels(inputShape, actions, sizes.hidden(), 0, false);
            case LSTM -> pixels(inputShape, actions, sizes.hidden(), sizes.lstmSize(), false);
            case SEED -> pixels(inputShape, actions, sizes.hidden(), sizes.lstmSize(), true);
            case UNIVERSE -> universe(inputShape, actions, sizes.lstmSize());
            case MLP -> mlp(inputShape, actions, sizes.hidden(), sizes.mlpLayers(), sizes.mlpLstm() ? sizes.lstmSize() : 0);
        };
    }

    /** A one-line {@link UserError} unless {@code in} is an image, H,W,C. */
    private void requireImage(int[] in) {
        if (in.length != 3) {
            throw new UserError("--net=" + cliName + " needs image observations (H,W,C), but this environment observes "
                    + Arrays.toString(in) + ": use --net " + choices(takingVectors()));
        }
    }

    private NetSpec pixels(int[] in, int actions, int hidden, int lstm, boolean pool) {
        requireImage(in);
        if (in[0] < 8 || in[1] < 8) {
            throw new UserError("--net=" + cliName + " needs frames of at least 8x8 pixels (8x8 first convolution), got " + in[0] + "x" + in[1]);
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
            throw new UserError("--net=" + cliName + ": frames of " + in[0] + "x" + in[1] + " are too small for the second convolution (4x4)");
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
        return new NetSpec(cliName, in, actions, layers);
    }

    /** Four SAME 3x3/2 convolutions of 32 with ELU (42x42 -> 21 -> 11 -> 6 -> 3), an LSTM, the heads. */
    private NetSpec universe(int[] in, int actions, int lstm) {
        requireImage(in);
        List<LayerSpec> layers = new ArrayList<>();
        int h = in[0], w = in[1], c = in[2];
        for (int i = 1; i <= 4; i++) {
            PadShape pad = PadShape.same(h, w, c, 3, 2);
            ConvShape conv = new ConvShape(pad.outH(), pad.outW(), c, 3, 3, 32, 2);
            layers.add(new LayerSpec.Conv("conv" + i, conv, pad, Activation.ELU));
            h = conv.outH();
            w = conv.outW();
            c = 32;
        }
        layers.add(new LayerSpec.Lstm("lstm", h * w * c, lstm));
        layers.add(new LayerSpec.Heads("heads", lstm, actions));
        return new NetSpec(cliName, in, actions, layers);
    }

    private NetSpec mlp(int[] in, int actions, int hidden, int depth, int lstm) {
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
        return new NetSpec(cliName, in, actions, layers);
    }

    /** The command-line name, so that messages and file names read as the user wrote them. */
    @Override
    public String toString() {
        return cliName;
    }
}
