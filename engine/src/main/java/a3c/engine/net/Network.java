package a3c.engine.net;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

import a3c.kernels.ArenaOps;
import a3c.kernels.memory.FloatArena;
import a3c.kernels.memory.Layout;

/**
 * One worker's network: its local copy of the parameters, its parameter gradients, and the buffers of one
 * rollout, all allocated once. Rows 0..maxSteps-1 hold the steps of a rollout, row maxSteps the state the
 * rollout bootstraps from.
 *
 * <pre>
 *   observation rows ──▶ stage 0 ──▶ its out rows ──▶ stage 1 ──▶ ... ──▶ heads: logits|value rows, probs, log-probs
 *   (env writes here)                                                 ▲ loss writes the gradient rows
 * </pre>
 *
 * Three arenas besides the parameters: gradients (same layout as the parameters), activations (never
 * cleared: every row is written before it is read) and activation gradients (cleared with the parameter
 * gradients before each backward, since every backward adds).
 */
public final class Network implements AutoCloseable {
    /** Activation tensors the network itself names: the observations, and each layer's output rows and their gradient. */
    private static final String INPUT = "input", OUT = "/out", D_OUT = "/dout";
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
        // what every layer needs: its output rows (after any state rows), their gradient, and what it declares
        Layout.Builder a = Layout.builder();
        Layout.Builder g = Layout.builder();
        a.add(INPUT, rows, spec.inputSize());
        for (LayerSpec l : layers) {
            a.add(l.name() + OUT, rows + l.stateRows(), l.outSize());
            g.add(l.name() + D_OUT, maxSteps, l.outSize());
            l.declareBuffers(new LayerMemory.Plan(a, g, l.name(), rows, maxSteps));
        }
        this.params = new FloatArena(spec.layout());
        this.grads = new FloatArena(spec.layout());
        this.acts = new FloatArena(a.build());
        this.actGrads = new FloatArena(g.build());
        this.observations = new Rows(acts.tensor(INPUT), rows, spec.inputSize());
        HeadStage head = null;
        Rows in = observations, dIn = null;
        boolean reluInput = false;
        for (LayerSpec l : layers) {
            MemorySegment outTensor = acts.tensor(l.name() + OUT);
            // the next layer sees the output rows only, not the state rows before them
            Rows out = new Rows(outTensor.asSlice((long) l.stateRows() * l.outSize() * Float.BYTES), rows, l.outSize());
            Rows dOut = new Rows(actGrads.tensor(l.name() + D_OUT), maxSteps, l.outSize());
            Stage stage = l.bind(new LayerMemory.Binding(l.name(), params, grads, acts, actGrads, in, out, dIn, dOut, outTensor, reluInput, rows));
            if (stage instanceof HeadStage h) {
                head = h;
            }
            stages.add(stage);
            in = out;
            dIn = dOut;
            reluInput = l.reluOutput();
        }
        this.heads = head;
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
