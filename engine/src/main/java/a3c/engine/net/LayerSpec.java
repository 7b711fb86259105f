package a3c.engine.net;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;

import a3c.kernels.ConvShape;
import a3c.kernels.PadShape;
import a3c.kernels.LstmShape;
import a3c.kernels.PoolShape;
import a3c.kernels.WeightPanels;
import a3c.kernels.memory.FloatArena;
import a3c.kernels.memory.Layout;

/**
 * One layer of a network: what it computes and everything the engine needs to know about its kind, in one
 * place. A layer declares its parameter tensors (all prefixed with its name, e.g. {@code conv1.w}) and any
 * memory its stage needs beyond its input and output rows, initialises its parameters, counts its
 * floating-point work, and binds its {@link Stage} to the network's memory. {@link Network} and
 * {@link ParameterLayout} are loops over layers; adding a kind is a record here, its stage, and its
 * double-precision twin in the gradient-check tool.
 */
public sealed interface LayerSpec {
    String name();

    /** Floats of one sample going in. */
    int inSize();

    /** Floats of one sample coming out. */
    int outSize();

    /** Its parameter tensors on the network's one parameter layout (none for a parameter-free layer). */
    void declareParameters(Layout.Builder layout);

    /** Its initial parameters, drawn from {@code rng} in a fixed order (see {@link Initializer}). */
    void initialize(FloatArena params, SplittableRandom rng);

    /**
     * The reference notebook's initial parameters ({@link Initializer.Scheme#TRUNCATED_NORMAL}): every weight of
     * this layer from a normal of deviation 0.01 cut at two deviations, every bias 0.01.
     */
    default void initializeTruncatedNormal(FloatArena params, SplittableRandom rng) {
        Layout.Builder own = Layout.builder();
        declareParameters(own);
        for (Layout.Tensor t : own.build().tensors()) {
            MemorySegment m = params.tensor(t.name());
            if (t.name().endsWith(".b")) {
                for (int i = 0; i < t.size(); i++) {
                    m.setAtIndex(ValueLayout.JAVA_FLOAT, i, 0.01f);
                }
            } else {
                Initializer.truncatedNormal(m, 0.01, rng);
            }
        }
    }

    /** Multiply-adds times two of one forward step (batch 1). */
    long forwardFlops();

    /** Multiply-adds times two of one step's backward: weight gradients, and input gradients when {@code inputGradient}. */
    long backwardFlops(boolean inputGradient);

    /** A few words for the run's start-up banner. */
    String describe();

    /** Memory its stage needs beyond the input and output rows. */
    default void declareBuffers(LayerMemory.Plan plan) {
    }

    /** Whether every output has passed a ReLU (so many are exactly 0, which a dense layer above can skip). */
    default boolean reluOutput() {
        return false;
    }

    /** Whether the layer carries state across steps (and rollouts). */
    default boolean recurrent() {
        return false;
    }

    /** Floats of the state one game carries across steps (0 unless {@link #recurrent()}). */
    default int stateFloats() {
        return 0;
    }

    /** Its stage, bound to one network's memory. */
    Stage bind(LayerMemory.Binding b);

    /**
     * Convolution followed by its activation (ReLU unless said); weights {@code name.w} laid out as the kernel
     * wants, bias {@code name.b}. With {@code pad} the input is first zero-padded (SAME padding), and
     * {@code shape} is the VALID convolution over the padded image.
     */
    record Conv(String name, ConvShape shape, PadShape pad, Activation activation) implements LayerSpec {
        /** VALID and ReLU: the paper's convolutions. */
        public Conv(String name, ConvShape shape) {
            this(name, shape, null, Activation.RELU);
        }

        public Conv {
            if (pad != null && (pad.outH() != shape.inH() || pad.outW() != shape.inW() || pad.channels() != shape.inC())) {
                throw new IllegalArgumentException(name + ": padding " + pad + " does not give the convolution's input " + shape);
            }
        }

        public int inSize() {
            return pad != null ? pad.inSize() : shape.inSize();
        }

        public int outSize() {
            return shape.outSize();
        }

        public void declareParameters(Layout.Builder layout) {
            layout.add(name + ".w", shape.weightShape()).add(name + ".b", shape.outC());
        }

        /** He-uniform weights (gain sqrt 2 over the window), zero biases. */
        public void initialize(FloatArena params, SplittableRandom rng) {
            Initializer.uniform(params.tensor(name + ".w"), Math.sqrt(2) / Math.sqrt(shape.windowSize()), rng);
        }

        public long forwardFlops() {
            return shape.flops(1);
        }

        public long backwardFlops(boolean inputGradient) {
            return (inputGradient ? 2 : 1) * shape.flops(1);
        }

        public String describe() {
            return name + " " + (pad != null ? "same " : "") + shape + (activation == Activation.RELU ? "" : " " + activation.name().toLowerCase(java.util.Locale.ROOT));
        }

        /** With padding: the padded input of every step (backward reads it) and its gradient. */
        public void declareBuffers(LayerMemory.Plan plan) {
            plan.gradientRows("dpre", shape.outSize()).activation("scratch", Math.max(shape.backwardParamsScratchFloats(), shape.backwardInputScratchFloats()));
            if (pad != null) {
                plan.activationRows("padded", pad.outSize()).gradientRows("dpadded", pad.outSize());
            }
        }

        public boolean reluOutput() {
            return activation == Activation.RELU;
        }

        public Stage bind(LayerMemory.Binding b) {
            return new ConvStage(shape, pad, activation, new ConvStage.Views(b.param("w"), b.param("b"), b.in, b.out, b.dIn, b.dOut,
                    b.gradientRows("dpre", shape.outSize()), b.activation("scratch"),
                    pad != null ? b.activationRows("padded", pad.outSize()) : null,
                    pad != null ? b.gradientRows("dpadded", pad.outSize()) : null));
        }
    }

    /** Max-pool; no parameters. */
    record Pool(String name, PoolShape shape) implements LayerSpec {
        public int inSize() {
            return shape.inSize();
        }

        public int outSize() {
            return shape.outSize();
        }

        public void declareParameters(Layout.Builder layout) {
        }

        public void initialize(FloatArena params, SplittableRandom rng) {
        }

        public long forwardFlops() {
            return 0;
        }

        public long backwardFlops(boolean inputGradient) {
            return 0;
        }

        public String describe() {
            return name + " " + shape;
        }

        /** The winners' positions, ints stored in float-sized slots. */
        public void declareBuffers(LayerMemory.Plan plan) {
            plan.activationRows("argmax", shape.argmaxInts());
        }

        public Stage bind(LayerMemory.Binding b) {
            return new PoolStage(shape, new PoolStage.Views(b.in, b.out, b.dIn, b.dOut, b.activationRows("argmax", shape.argmaxInts())));
        }
    }

    /** Fully connected {@code in → out}, followed by ReLU when {@code relu}. */
    record Dense(String name, int in, int out, boolean relu) implements LayerSpec {
        public int inSize() {
            return in;
        }

        public int outSize() {
            return out;
        }

        public void declareParameters(Layout.Builder layout) {
            layout.add(name + ".w", in, out).add(name + ".b", out);
        }

        /** Uniform weights of variance gain^2 / fanIn (gain sqrt 2 before a ReLU, else 1), zero biases. */
        public void initialize(FloatArena params, SplittableRandom rng) {
            Initializer.uniform(params.tensor(name + ".w"), (relu ? Math.sqrt(2) : 1) / Math.sqrt(in), rng);
        }

        public long forwardFlops() {
            return 2L * in * out;
        }

        public long backwardFlops(boolean inputGradient) {
            return (inputGradient ? 2 : 1) * 2L * in * out;
        }

        public String describe() {
            return name + " " + in + ">" + out;
        }

        public void declareBuffers(LayerMemory.Plan plan) {
            if (relu) {
                plan.gradientRows("dpre", out);
            }
        }

        public boolean reluOutput() {
            return relu;
        }

        public Stage bind(LayerMemory.Binding b) {
            return new DenseStage(in, out, relu, b.reluInput, new DenseStage.Views(b.param("w"), b.param("b"), b.in, b.out, b.dIn,
                    b.dOut, relu ? b.gradientRows("dpre", out) : null));
        }
    }

    /** An LSTM cell of {@code hidden} units; its state is carried across rollouts and reset at episode ends. */
    record Lstm(String name, int in, int hidden) implements LayerSpec {
        public int inSize() {
            return in;
        }

        public int outSize() {
            return hidden;
        }

        public void declareParameters(Layout.Builder layout) {
            layout.add(name + ".wx", in, 4 * hidden).add(name + ".wh", hidden, 4 * hidden).add(name + ".b", 4 * hidden);
        }

        /** Weights uniform in +-1/sqrt(hidden); the forget gate's bias at 1, so memory is kept early on. */
        public void initialize(FloatArena params, SplittableRandom rng) {
            double bound = 1 / Math.sqrt(hidden);
            Initializer.uniformBound(params.tensor(name + ".wx"), bound, rng);
            Initializer.uniformBound(params.tensor(name + ".wh"), bound, rng);
            params.tensor(name + ".b").fill((byte) 0);
            addToForgetBias(params, 1f);
        }

        /** The notebook's, plus the 1 TensorFlow's LSTM cell adds to the forget gate inside ({@code forget_bias}). */
        public void initializeTruncatedNormal(FloatArena params, SplittableRandom rng) {
            LayerSpec.super.initializeTruncatedNormal(params, rng);
            addToForgetBias(params, 1f);
        }

        /** Adds {@code value} to the forget gate's biases (gate order i, f, g, o: f is the second block). */
        void addToForgetBias(FloatArena params, float value) {
            MemorySegment b = params.tensor(name + ".b");
            for (int j = hidden; j < 2 * hidden; j++) {
                b.setAtIndex(ValueLayout.JAVA_FLOAT, j, b.getAtIndex(ValueLayout.JAVA_FLOAT, j) + value);
            }
        }

        public long forwardFlops() {
            return new LstmShape(in, hidden).forwardFlops(1);
        }

        public long backwardFlops(boolean inputGradient) {
            return new LstmShape(in, hidden).backwardFlops(1);
        }

        public String describe() {
            return name + " " + in + ">" + hidden;
        }

        public void declareBuffers(LayerMemory.Plan plan) {
            int carried = plan.batch * hidden; // a row per game
            plan.activationRows("c", hidden).activationRows("gates", 4 * hidden).activationRows("tanhc", hidden)
                    .activationRows("hprev", hidden).activationRows("cprev", hidden).activation("h0", carried).activation("c0", carried);
            plan.gradientRows("dc", hidden).gradient("dh0", carried).gradient("dc0", carried).gradientRows("dgates", 4 * hidden)
                    .gradient("dhcut", carried).gradient("dccut", carried);
        }

        public boolean recurrent() {
            return true;
        }

        /** h and c. */
        public int stateFloats() {
            return 2 * hidden;
        }

        public Stage bind(LayerMemory.Binding b) {
            return new LstmStage(new LstmShape(in, hidden), new LstmStage.Views(b.param("wx"), b.param("wh"), b.param("b"), b.in, b.out,
                    b.dIn, b.dOut, b.activationRows("c", hidden), b.activationRows("gates", 4 * hidden), b.activationRows("tanhc", hidden),
                    b.gradientRows("dc", hidden), b.gradientRows("dgates", 4 * hidden), b.activationRows("hprev", hidden),
                    b.activationRows("cprev", hidden), b.activationBlock("h0", hidden), b.activationBlock("c0", hidden), b.gradient("dh0"), b.gradient("dc0"),
                    b.gradientBlock("dhcut", hidden), b.gradientBlock("dccut", hidden)));
        }
    }

    /**
     * The two heads as one dense layer {@code in → actions + 1}: columns {@code 0..actions-1} are the policy
     * logits (followed by a softmax), the last column is the value.
     */
    record Heads(String name, int in, int actions) implements LayerSpec {
        public int inSize() {
            return in;
        }

        public int outSize() {
            return actions + 1;
        }

        public void declareParameters(Layout.Builder layout) {
            layout.add(name + ".w", in, actions + 1).add(name + ".b", actions + 1);
        }

        /** Small-gain heads: 0.01 on the policy logits (the first policy is close to uniform), 1 on the value; zero biases. */
        public void initialize(FloatArena params, SplittableRandom rng) {
            MemorySegment w = params.tensor(name + ".w"); // in, actions+1: the value is the last column
            int cols = actions + 1;
            // visited in (i, o) order so the draws do not depend on the kernels' weight layout
            double base = Math.sqrt(3.0 / in);
            for (int i = 0; i < in; i++) {
                for (int j = 0; j < cols; j++) {
                    double gain = j < actions ? 0.01 : 1.0;
                    w.setAtIndex(ValueLayout.JAVA_FLOAT, WeightPanels.index(in, cols, i, j), (float) (gain * base * (2 * rng.nextDouble() - 1)));
                }
            }
        }

        public long forwardFlops() {
            return 2L * in * (actions + 1);
        }

        public long backwardFlops(boolean inputGradient) {
            return (inputGradient ? 2 : 1) * 2L * in * (actions + 1);
        }

        public String describe() {
            return name + " " + in + ">" + actions + "+1";
        }

        public void declareBuffers(LayerMemory.Plan plan) {
            plan.activationRows("probs", actions).activationRows("logprobs", actions).activationRows("entropy", 1);
            plan.activation("dlogprobs", actions).activation("dentropy", 1);
        }

        public Stage bind(LayerMemory.Binding b) {
            return new HeadStage(in, actions, new HeadStage.Views(b.param("w"), b.param("b"), b.in, b.out, b.dIn, b.dOut,
                    b.activationRows("probs", actions), b.activationRows("logprobs", actions), b.activationRows("entropy", 1),
                    b.activation("dlogprobs"), b.activation("dentropy")));
        }
    }
}
