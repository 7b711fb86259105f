package a3c.engine.net;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

import a3c.kernels.ArenaOps;
import a3c.kernels.memory.FloatArena;
import a3c.kernels.memory.Layout;

/**
 * One worker's network: its local copy of the parameters, its parameter gradients, and the buffers of one
 * rollout, all allocated once. A worker acts for {@code batch} games in lockstep: row {@code step * batch + game}
 * holds one game's step ({@link #row}), steps 0..maxSteps-1 are the rollout and step maxSteps the states it
 * bootstraps from. Each step runs every layer once at batch {@code batch}; backward runs over all the
 * rollout's rows at once. With one game (the default) row and step are the same.
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
    private final int batch;
    private final FloatArena params;
    /** False when the parameters are borrowed (GA3C's predictors and trainers act on the shared ones). */
    private final boolean ownsParameters;
    private final FloatArena grads;
    private final FloatArena acts;
    private final FloatArena actGrads;
    private final Rows observations;
    private final List<Stage> stages = new ArrayList<>();
    private final HeadStage heads;

    /** A network that acts for one game. */
    public Network(NetSpec spec, int maxSteps) {
        this(spec, maxSteps, 1);
    }

    /** A network that acts for {@code batch} games at once, each for up to {@code maxSteps} steps a rollout. */
    public Network(NetSpec spec, int maxSteps, int batch) {
        this(spec, maxSteps, batch, null);
    }

    /**
     * The same acting with {@code parameters} (same layout), neither copied nor closed by it: GA3C's predictors
     * and trainers use the central model's directly. Null: a copy of its own, as every A3C worker has.
     */
    public Network(NetSpec spec, int maxSteps, int batch, FloatArena parameters) {
        if (parameters != null && !parameters.layout().signature().equals(spec.layout().signature())) {
            throw new IllegalArgumentException("parameters of another layout than " + spec.name() + "'s");
        }
        if (batch < 1 || maxSteps < 1) {
            throw new IllegalArgumentException("a network needs at least one step and one game: " + maxSteps + ", " + batch);
        }
        this.spec = spec;
        this.maxSteps = maxSteps;
        this.batch = batch;
        int rows = (maxSteps + 1) * batch;
        int gradientRows = maxSteps * batch;
        List<LayerSpec> layers = spec.layers();
        // what every layer needs: its output rows, their gradient, and what it declares
        Layout.Builder a = Layout.builder();
        Layout.Builder g = Layout.builder();
        a.add(INPUT, rows, spec.inputSize());
        for (LayerSpec l : layers) {
            a.add(l.name() + OUT, rows, l.outSize());
            g.add(l.name() + D_OUT, gradientRows, l.outSize());
            l.declareBuffers(new LayerMemory.Plan(a, g, l.name(), rows, gradientRows, batch));
        }
        this.ownsParameters = parameters == null;
        this.params = parameters != null ? parameters : new FloatArena(spec.layout());
        this.grads = new FloatArena(spec.layout());
        this.acts = new FloatArena(a.build());
        this.actGrads = new FloatArena(g.build());
        this.observations = new Rows(acts.tensor(INPUT), rows, spec.inputSize(), batch);
        HeadStage head = null;
        Rows in = observations, dIn = null;
        boolean reluInput = false;
        for (LayerSpec l : layers) {
            Rows out = new Rows(acts.tensor(l.name() + OUT), rows, l.outSize(), batch);
            Rows dOut = new Rows(actGrads.tensor(l.name() + D_OUT), gradientRows, l.outSize(), batch);
            Stage stage = l.bind(new LayerMemory.Binding(l.name(), params, grads, acts, actGrads, in, out, dIn, dOut, reluInput, rows, batch));
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

    /**
     * Layer {@code layer}'s output in {@code row} after the last forward (before the ReLU its consumer applies,
     * where one does): what a diagnosis of dead units reads.
     */
    public MemorySegment output(int layer, int row) {
        LayerSpec l = spec.layers().get(layer);
        long bytes = (long) l.outSize() * Float.BYTES;
        return acts.tensor(l.name() + OUT).asSlice(row * bytes, bytes);
    }

    public int maxSteps() {
        return maxSteps;
    }

    /** Games this network acts for at once. */
    public int batch() {
        return batch;
    }

    /** The row of game {@code game}'s step {@code step}. */
    public int row(int step, int game) {
        return step * batch + game;
    }

    /** This worker's copy of the parameters (the rollout acts and backpropagates with it). */
    public FloatArena parameters() {
        return params;
    }

    /** Gradients of the parameters, same layout. */
    public FloatArena gradients() {
        return grads;
    }

    /** Where the environment writes the observation of row {@code row}. */
    public MemorySegment observation(int row) {
        return observations.row(row);
    }

    /** Moves the observation of row {@code from} to row {@code to} (the bootstrap state starts the next rollout). */
    public void moveObservation(int from, int to) {
        ArenaOps.copy(observations.row(from), observations.row(to));
    }

    /** Runs every layer for step {@code step} of every game (batch {@link #batch()}): afterwards their policies and values can be read. */
    public void forward(int step) {
        for (int i = 0; i < stages.size(); i++) {
            stages.get(i).forward(step);
        }
    }

    /** Layers, as in {@link NetSpec#layers()}: profiles time them one at a time. */
    public int layerCount() {
        return stages.size();
    }

    /** Layer {@code i} alone for step {@code step}: {@link #forward(int)} runs every layer in order. */
    public void forwardLayer(int i, int step) {
        stages.get(i).forward(step);
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

    /** Backpropagates the loss gradients of steps 0..steps-1 (every game's rows) into {@link #gradients()}. */
    public void backward(int steps) {
        for (int i = stages.size() - 1; i >= 0; i--) {
            stages.get(i).backward(steps);
        }
    }

    /** A new episode for every game: recurrent state back to zero. */
    public void resetState() {
        for (int game = 0; game < batch; game++) {
            resetState(game);
        }
    }

    /**
     * A new episode for game {@code game}: the next step forwarded starts it from a zero recurrent state, and no
     * gradient flows from that step into the step before it (another episode's).
     */
    public void resetState(int game) {
        for (int i = 0; i < stages.size(); i++) { // indexed: an iterator is an allocation until C2 removes it
            stages.get(i).resetState(game);
        }
    }

    /** The next rollout continues from the state after step {@code step} (of every game; a game reset at the step after it starts from zero). */
    public void carryState(int step) {
        for (int i = 0; i < stages.size(); i++) {
            stages.get(i).carryState(step);
        }
    }

    /** Floats of one game's recurrent state, every recurrent layer's ({@link NetSpec#stateFloats()}; 0 for a feed-forward net). */
    public int stateFloats() {
        return spec.stateFloats();
    }

    /**
     * Game {@code game}'s next forwarded step (step 0, the rollout's first) starts from {@code state}
     * ({@link #stateFloats()} floats, as {@link #storeState} wrote them) instead of the state carried or reset:
     * GA3C's predictors and trainers run many agents' games, each with its own state.
     */
    public void loadState(int game, MemorySegment state) {
        long offset = 0;
        for (int i = 0; i < stages.size(); i++) {
            Stage s = stages.get(i);
            s.loadState(game, state, offset);
            offset += (long) s.stateFloats() * Float.BYTES;
        }
    }

    /** Writes game {@code game}'s recurrent state after step {@code step} to {@code state} ({@link #stateFloats()} floats). */
    public void storeState(int step, int game, MemorySegment state) {
        long offset = 0;
        for (int i = 0; i < stages.size(); i++) {
            Stage s = stages.get(i);
            s.storeState(step, game, state, offset);
            offset += (long) s.stateFloats() * Float.BYTES;
        }
    }

    @Override
    public void close() {
        if (ownsParameters) {
            params.close();
        }
        grads.close();
        acts.close();
        actGrads.close();
    }
}
