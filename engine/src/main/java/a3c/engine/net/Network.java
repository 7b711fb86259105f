package a3c.engine.net;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

import a3c.kernels.ArenaOps;
import a3c.kernels.LstmShape;
import a3c.kernels.memory.FloatArena;
import a3c.kernels.memory.Layout;

/**
 * One worker's network: its local copy of the parameters, its parameter gradients, and the buffers of one
 * rollout, all allocated once. Rows 0..maxSteps-1 hold the steps of a rollout, row maxSteps the state the
 * rollout bootstraps from.
 *
 * <pre>
 *   observation rows ──▶ stage 0 ──▶ a1 rows ──▶ stage 1 ──▶ ... ──▶ heads: logits|value rows, probs, log-probs
 *   (env writes here)                                                 ▲ loss writes the gradient rows
 * </pre>
 *
 * Three arenas besides the parameters: gradients (same layout as the parameters), activations (never
 * cleared: every row is written before it is read) and activation gradients (cleared with the parameter
 * gradients before each backward, since every backward adds).
 */
public final class Network implements AutoCloseable {
    private final NetSpec spec;
    private final int maxSteps;
    private final FloatArena params;
    private final FloatArena grads;
    private final FloatArena acts;
    private final FloatArena actGrads;
    private final Rows observations;
    private final List<Stage> stages = new ArrayList<>();
    private final HeadStage heads;

    public Network(NetSpec spec, int maxSteps) {
        this.spec = spec;
        this.maxSteps = maxSteps;
        int rows = maxSteps + 1;
        List<LayerSpec> layers = spec.layers();
        Layout.Builder a = Layout.builder();
        Layout.Builder g = Layout.builder();
        a.add("a0", rows, spec.inputSize());
        for (int i = 0; i < layers.size(); i++) {
            LayerSpec l = layers.get(i);
            // an LSTM's output rows follow one more: the state h0 the rollout starts from (see LstmStage)
            a.add("a" + (i + 1), l instanceof LayerSpec.Lstm ? rows + 1 : rows, l.outSize());
            g.add("g" + (i + 1), maxSteps, l.outSize());
            switch (l) {
                case LayerSpec.Conv c -> {
                    g.add("dpre" + i, maxSteps, c.outSize());
                    a.add("scratch" + i, Math.max(1, c.shape().backwardInputScratchFloats()));
                }
                case LayerSpec.Dense d -> g.add("dpre" + i, maxSteps, d.out());
                case LayerSpec.Pool p -> a.add("argmax" + i, rows, p.shape().argmaxInts()); // ints, stored in float-sized slots
                case LayerSpec.Lstm s -> {
                    a.add("c" + i, rows, s.hidden()).add("gates" + i, rows, 4 * s.hidden()).add("tanhc" + i, rows, s.hidden());
                    a.add("c0_" + i, s.hidden());
                    g.add("dc" + i, maxSteps, s.hidden()).add("dh0_" + i, s.hidden()).add("dc0_" + i, s.hidden());
                    g.add("dgates" + i, maxSteps, 4 * s.hidden());
                }
                case LayerSpec.Heads h -> {
                    a.add("probs", rows, h.actions()).add("logprobs", rows, h.actions()).add("entropy", rows, 1);
                    a.add("dlogprobs", h.actions()).add("dentropy", 1);
                }
            }
        }
        this.params = new FloatArena(spec.layout());
        this.grads = new FloatArena(spec.layout());
        this.acts = new FloatArena(a.build());
        this.actGrads = new FloatArena(g.build());
        this.observations = rows("a0", rows, spec.inputSize());
        HeadStage head = null;
        Rows in = observations;
        for (int i = 0; i < layers.size(); i++) {
            LayerSpec l = layers.get(i);
            MemorySegment outTensor = acts.tensor("a" + (i + 1));
            long rowBytes = (long) l.outSize() * Float.BYTES;
            // an LSTM's tensor is h0 then the output rows; the next layer sees the output rows only
            Rows out = l instanceof LayerSpec.Lstm ? new Rows(outTensor.asSlice(rowBytes), rows, l.outSize())
                    : new Rows(outTensor, rows, l.outSize());
            Rows dIn = i == 0 ? null : gradRows("g" + i, l.inSize());
            Rows dOut = gradRows("g" + (i + 1), l.outSize());
            String n = l.name();
            Stage stage = switch (l) {
                case LayerSpec.Conv c -> new ConvStage(c.shape(), params.tensor(n + ".w"), params.tensor(n + ".b"),
                        grads.tensor(n + ".w"), grads.tensor(n + ".b"), in, out, dIn, dOut, gradRows("dpre" + i, l.outSize()),
                        acts.tensor("scratch" + i));
                case LayerSpec.Dense d -> new DenseStage(d.in(), d.out(), d.relu(), i > 0 && reluOutput(layers.get(i - 1)), params.tensor(n + ".w"),
                        params.tensor(n + ".b"), grads.tensor(n + ".w"), grads.tensor(n + ".b"), in, out, dIn, dOut,
                        d.relu() ? gradRows("dpre" + i, d.out()) : null);
                case LayerSpec.Pool p -> new PoolStage(p.shape(), in, out, dIn, dOut, rows("argmax" + i, rows, p.shape().argmaxInts()));
                case LayerSpec.Lstm s -> new LstmStage(new LstmShape(s.in(), s.hidden()), params.tensor(n + ".wx"),
                        params.tensor(n + ".wh"), params.tensor(n + ".b"), grads.tensor(n + ".wx"), grads.tensor(n + ".wh"),
                        grads.tensor(n + ".b"), in, out, rows("c" + i, rows, s.hidden()), rows("gates" + i, rows, 4 * s.hidden()),
                        rows("tanhc" + i, rows, s.hidden()), dIn, dOut, gradRows("dc" + i, s.hidden()),
                        outTensor, acts.tensor("c0_" + i), actGrads.tensor("dh0_" + i),
                        actGrads.tensor("dc0_" + i), gradRows("dgates" + i, 4 * s.hidden()));
                case LayerSpec.Heads h -> head = new HeadStage(h.in(), h.actions(), params.tensor(n + ".w"),
                        params.tensor(n + ".b"), grads.tensor(n + ".w"), grads.tensor(n + ".b"), in, out, dIn, dOut,
                        rows("probs", rows, h.actions()), rows("logprobs", rows, h.actions()), rows("entropy", rows, 1),
                        acts.tensor("dlogprobs"), acts.tensor("dentropy"));
            };
            stages.add(stage);
            in = out;
        }
        this.heads = head;
    }

    /** True when every output of {@code l} has passed a ReLU (so many are exactly 0). */
    private static boolean reluOutput(LayerSpec l) {
        return l instanceof LayerSpec.Conv || l instanceof LayerSpec.Dense d && d.relu();
    }

    private Rows rows(String name, int rows, int width) {
        return new Rows(acts.tensor(name), rows, width);
    }

    private Rows gradRows(String name, int width) {
        return new Rows(actGrads.tensor(name), maxSteps, width);
    }

    public NetSpec spec() {
        return spec;
    }

    public int maxSteps() {
        return maxSteps;
    }

    /** This worker's copy of the parameters (the rollout acts and backpropagates with it). */
    public FloatArena parameters() {
        return params;
    }

    /** Gradients of the parameters, same layout. */
    public FloatArena gradients() {
        return grads;
    }

    /** Where the environment writes the observation of step {@code row}. */
    public MemorySegment observation(int row) {
        return observations.row(row);
    }

    /** Moves the observation of row {@code from} to row {@code to} (the bootstrap state starts the next rollout). */
    public void moveObservation(int from, int to) {
        ArenaOps.copy(observations.row(from), observations.row(to));
    }

    /** Runs every layer for step {@code row} (batch 1): afterwards its policy and value can be read. */
    public void forward(int row) {
        for (int i = 0; i < stages.size(); i++) {
            stages.get(i).forward(row);
        }
    }

    /** Layers, as in {@link NetSpec#layers()}: profiles time them one at a time. */
    public int layerCount() {
        return stages.size();
    }

    /** Layer {@code i} alone for step {@code row}: {@link #forward(int)} runs every layer in order. */
    public void forwardLayer(int i, int row) {
        stages.get(i).forward(row);
    }

    /** Layer {@code i}'s backward alone: {@link #backward(int)} runs every layer, the last first. */
    public void backwardLayer(int i, int steps) {
        stages.get(i).backward(steps);
    }

    public MemorySegment probabilities(int row) {
        return heads.probs(row);
    }

    public float value(int row) {
        return heads.value(row);
    }

    public float logProbability(int row, int action) {
        return heads.logProb(row, action);
    }

    public float entropy(int row) {
        return heads.entropy(row);
    }

    /** See {@link HeadStage#lossGradient}. */
    public void lossGradient(int row, int action, float advantage, float beta, float valueGradient) {
        heads.lossGradient(row, action, advantage, beta, valueGradient);
    }

    /** Clears the parameter gradients and the activation gradients (every backward adds). */
    public void zeroGradients() {
        ArenaOps.zero(grads.segment());
        zeroActivationGradients();
    }

    /**
     * Clears the activation gradients only, which every backward needs; the parameter gradients are the
     * caller's to clear (a worker's optimiser step leaves them zero).
     */
    public void zeroActivationGradients() {
        ArenaOps.zero(actGrads.segment());
    }

    /** Backpropagates the loss gradients of rows 0..steps-1 into {@link #gradients()}. */
    public void backward(int steps) {
        for (int i = stages.size() - 1; i >= 0; i--) {
            stages.get(i).backward(steps);
        }
    }

    /** A new episode: recurrent state back to zero. */
    public void resetState() {
        for (int i = 0; i < stages.size(); i++) { // indexed: an iterator is an allocation until C2 removes it
            stages.get(i).resetState();
        }
    }

    /** The next rollout continues from the state after step {@code row}. */
    public void carryState(int row) {
        for (int i = 0; i < stages.size(); i++) {
            stages.get(i).carryState(row);
        }
    }

    @Override
    public void close() {
        params.close();
        grads.close();
        acts.close();
        actGrads.close();
    }
}
