package a3c.tools.gradcheck;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import a3c.engine.net.Activation;
import a3c.engine.net.LayerSpec;
import a3c.engine.net.NetSpec;
import a3c.kernels.reference.Conv2dRef;
import a3c.kernels.reference.DenseRef;
import a3c.kernels.reference.EluRef;
import a3c.kernels.reference.LstmCellRef;
import a3c.kernels.reference.MaxPool2dRef;
import a3c.kernels.reference.Pad2dRef;
import a3c.kernels.reference.SoftmaxRef;

/**
 * A double-precision twin of the engine's network and A3C loss, built only from the kernels' scalar
 * reference twins: a rollout is run forward one step at a time and backward one step at a time, newest
 * first (through time for LSTM layers), with every parameter tensor under the engine's names and layouts.
 *
 * <p>It is deliberately organised differently from the engine (per-step batches of one, no shared row
 * buffers), so that the two agree only if both are right; its own gradients are checked against finite
 * differences of {@link #loss}.
 */
final class ReferenceNetwork {
    /** The rollout under check: the returns and advantages are constants of the loss (no gradient flows through them). */
    record Rollout(double[][] observations, int[] actions, double[] returns, double[] advantages, double beta, double valueWeight) {
        int steps() {
            return actions.length;
        }
    }

    /** Activations of one step, kept for its backward. */
    private static final class StepState {
        final double[][] out;       // output of each layer (post-activation where there is one)
        final double[][] pre;       // ELU layers: the convolution's output before the ELU
        final int[][] argmax;       // pool layers
        final double[][] c, gates, tanhC, hPrev, cPrev; // LSTM layers
        double[] probs, logProbs;
        double entropy;

        StepState(int layers) {
            out = new double[layers][];
            pre = new double[layers][];
            argmax = new int[layers][];
            c = new double[layers][];
            gates = new double[layers][];
            tanhC = new double[layers][];
            hPrev = new double[layers][];
            cPrev = new double[layers][];
        }
    }

    private final NetSpec spec;
    private final List<LayerSpec> layers;
    private final int actions;
    final Map<String, double[]> params;
    /** Recurrent state each LSTM layer starts the rollout from (a constant of the loss). */
    private final Map<Integer, double[][]> initialState = new LinkedHashMap<>();
    /** Hash of every ReLU's sign and every pool winner of the last forward: finite differences are valid only if it does not change. */
    private long kinks;

    ReferenceNetwork(NetSpec spec, Map<String, double[]> params) {
        this.spec = spec;
        this.layers = spec.layers();
        this.actions = spec.actions();
        this.params = params;
        resetState();
    }

    void resetState() {
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i) instanceof LayerSpec.Lstm s) {
                initialState.put(i, new double[][] {new double[s.hidden()], new double[s.hidden()]});
            }
        }
    }

    /** Runs steps forward from the current state and keeps the state after the last one as the next initial state. */
    void warmUp(double[][] observations) {
        List<StepState> steps = forward(observations, observations.length);
        StepState last = steps.getLast();
        for (int i : initialState.keySet()) {
            initialState.put(i, new double[][] {last.out[i].clone(), last.c[i].clone()});
        }
    }

    /** The value of the state after the rollout (the bootstrap), from the state the rollout ends in. */
    double bootstrapValue(double[][] observations, int steps) {
        List<StepState> s = forward(observations, steps + 1);
        return value(s.getLast());
    }

    /** Values of the rollout's steps (for computing returns and advantages). */
    double[] values(double[][] observations, int steps) {
        List<StepState> s = forward(observations, steps);
        double[] v = new double[steps];
        for (int t = 0; t < steps; t++) {
            v[t] = value(s.get(t));
        }
        return v;
    }

    private double value(StepState s) {
        return s.out[layers.size() - 1][actions];
    }

    /** Log-probabilities of the chosen actions and the values, for comparing forward passes. */
    double[][] outputs(Rollout r) {
        List<StepState> s = forward(r.observations(), r.steps());
        double[] logp = new double[r.steps()];
        double[] v = new double[r.steps()];
        for (int t = 0; t < r.steps(); t++) {
            logp[t] = s.get(t).logProbs[r.actions()[t]];
            v[t] = value(s.get(t));
        }
        return new double[][] {logp, v};
    }

    /** The A3C loss of the rollout: sum over steps of {@code -log pi(a) A - beta H + valueWeight (R - V)^2}. */
    double loss(Rollout r) {
        List<StepState> s = forward(r.observations(), r.steps());
        double l = 0;
        for (int t = 0; t < r.steps(); t++) {
            StepState st = s.get(t);
            double err = r.returns()[t] - value(st);
            l += -st.logProbs[r.actions()[t]] * r.advantages()[t] - r.beta() * st.entropy + r.valueWeight() * err * err;
        }
        return l;
    }

    /** The hash of ReLU signs and pool winners of the last forward pass. */
    long kinks() {
        return kinks;
    }

    /** Gradients of {@link #loss} for every parameter tensor, by name. */
    Map<String, double[]> gradients(Rollout r) {
        List<StepState> s = forward(r.observations(), r.steps());
        Map<String, double[]> g = new LinkedHashMap<>();
        params.forEach((k, v) -> g.put(k, new double[v.length]));
        Map<Integer, double[][]> next = new LinkedHashMap<>(); // LSTM: gradients of h and c flowing back from step t+1
        for (int t = r.steps() - 1; t >= 0; t--) {
            StepState st = s.get(t);
            int top = layers.size() - 1;
            double[] dOut = headGradient(st, r, t);
            for (int i = top; i >= 0; i--) {
                LayerSpec l = layers.get(i);
                double[] x = i == 0 ? r.observations()[t] : st.out[i - 1];
                double[] dIn = new double[l.inSize()];
                String n = l.name();
                switch (l) {
                    case LayerSpec.Heads h -> {
                        DenseRef.backwardParams(1, h.in(), h.actions() + 1, x, dOut, g.get(n + ".w"), g.get(n + ".b"));
                        DenseRef.backwardInput(1, h.in(), h.actions() + 1, params.get(n + ".w"), dOut, dIn);
                    }
                    case LayerSpec.Dense d -> {
                        double[] dPre = d.relu() ? reluGate(st.out[i], dOut) : dOut;
                        DenseRef.backwardParams(1, d.in(), d.out(), x, dPre, g.get(n + ".w"), g.get(n + ".b"));
                        DenseRef.backwardInput(1, d.in(), d.out(), params.get(n + ".w"), dPre, dIn);
                    }
                    case LayerSpec.Conv c -> {
                        double[] dPre = c.activation() == Activation.ELU ? eluGate(st.pre[i], dOut) : reluGate(st.out[i], dOut);
                        Conv2dRef.backwardParams(c.shape(), 1, padded(c, x), dPre, g.get(n + ".w"), g.get(n + ".b"));
                        if (c.pad() == null) {
                            Conv2dRef.backwardInput(c.shape(), 1, params.get(n + ".w"), dPre, dIn);
                        } else {
                            double[] dPadded = new double[c.pad().outSize()];
                            Conv2dRef.backwardInput(c.shape(), 1, params.get(n + ".w"), dPre, dPadded);
                            Pad2dRef.backward(c.pad(), 1, dPadded, dIn);
                        }
                    }
                    case LayerSpec.Pool p -> MaxPool2dRef.backward(p.shape(), 1, st.argmax[i], dOut, dIn);
                    case LayerSpec.Lstm lstm -> {
                        double[][] later = next.getOrDefault(i, new double[][] {new double[lstm.hidden()], new double[lstm.hidden()]});
                        double[] dh = dOut.clone();
                        for (int j = 0; j < dh.length; j++) {
                            dh[j] += later[0][j];
                        }
                        double[] dhPrev = new double[lstm.hidden()];
                        double[] dcPrev = new double[lstm.hidden()];
                        LstmCellRef.backward(1, lstm.in(), lstm.hidden(), x, st.hPrev[i], st.cPrev[i], params.get(n + ".wx"),
                                params.get(n + ".wh"), st.gates[i], st.tanhC[i], dh, later[1], g.get(n + ".wx"),
                                g.get(n + ".wh"), g.get(n + ".b"), dIn, dhPrev, dcPrev);
                        next.put(i, new double[][] {dhPrev, dcPrev});
                    }
                }
                dOut = dIn;
            }
        }
        return g;
    }

    /** Gradient of step t's loss with respect to the heads' output (logits, value). */
    private double[] headGradient(StepState st, Rollout r, int t) {
        double[] dOut = new double[actions + 1];
        double[] dLogits = new double[actions];
        double[] dLogProbs = new double[actions];
        dLogProbs[r.actions()[t]] = -r.advantages()[t];
        SoftmaxRef.backwardLogSoftmax(1, actions, st.probs, dLogProbs, dLogits);
        SoftmaxRef.backwardEntropy(1, actions, st.probs, st.logProbs, new double[] {st.entropy}, new double[] {-r.beta()}, dLogits);
        System.arraycopy(dLogits, 0, dOut, 0, actions);
        dOut[actions] = 2 * r.valueWeight() * (value(st) - r.returns()[t]);
        return dOut;
    }

    /** The input as the convolution reads it: zero-padded for a SAME layer. */
    private static double[] padded(LayerSpec.Conv c, double[] x) {
        if (c.pad() == null) {
            return x;
        }
        double[] p = new double[c.pad().outSize()];
        Pad2dRef.forward(c.pad(), 1, x, p);
        return p;
    }

    /** ELU's derivative from the pre-activation, by its definition (exp(x) below 0). */
    private static double[] eluGate(double[] pre, double[] dOut) {
        double[] d = new double[pre.length];
        EluRef.backward(pre, dOut, d);
        return d;
    }

    private static double[] reluGate(double[] out, double[] dOut) {
        double[] d = new double[out.length];
        for (int j = 0; j < d.length; j++) {
            d[j] = out[j] > 0 ? dOut[j] : 0;
        }
        return d;
    }

    private List<StepState> forward(double[][] observations, int steps) {
        List<StepState> states = new ArrayList<>(steps);
        long hash = 17;
        Map<Integer, double[][]> state = new LinkedHashMap<>(initialState);
        for (int t = 0; t < steps; t++) {
            StepState st = new StepState(layers.size());
            double[] x = observations[t];
            for (int i = 0; i < layers.size(); i++) {
                LayerSpec l = layers.get(i);
                double[] y = new double[l.outSize()];
                String n = l.name();
                switch (l) {
                    case LayerSpec.Conv c -> {
                        Conv2dRef.forward(c.shape(), 1, padded(c, x), params.get(n + ".w"), params.get(n + ".b"), y);
                        if (c.activation() == Activation.ELU) {
                            st.pre[i] = y.clone();
                            EluRef.forward(st.pre[i], y);
                        } else {
                            hash = relu(y, hash);
                        }
                    }
                    case LayerSpec.Pool p -> {
                        st.argmax[i] = new int[p.outSize()];
                        MaxPool2dRef.forward(p.shape(), 1, x, y, st.argmax[i]);
                        for (int a : st.argmax[i]) {
                            hash = hash * 31 + a;
                        }
                    }
                    case LayerSpec.Dense d -> {
                        DenseRef.forward(1, d.in(), d.out(), x, params.get(n + ".w"), params.get(n + ".b"), y);
                        if (d.relu()) {
                            hash = relu(y, hash);
                        }
                    }
                    case LayerSpec.Lstm s -> {
                        double[][] prev = state.get(i);
                        st.hPrev[i] = prev[0];
                        st.cPrev[i] = prev[1];
                        st.c[i] = new double[s.hidden()];
                        st.gates[i] = new double[4 * s.hidden()];
                        st.tanhC[i] = new double[s.hidden()];
                        LstmCellRef.forward(1, s.in(), s.hidden(), x, prev[0], prev[1], params.get(n + ".wx"), params.get(n + ".wh"),
                                params.get(n + ".b"), y, st.c[i], st.gates[i], st.tanhC[i]);
                        state.put(i, new double[][] {y, st.c[i]});
                    }
                    case LayerSpec.Heads h -> {
                        DenseRef.forward(1, h.in(), h.actions() + 1, x, params.get(n + ".w"), params.get(n + ".b"), y);
                        double[] logits = new double[h.actions()];
                        System.arraycopy(y, 0, logits, 0, h.actions());
                        st.probs = new double[h.actions()];
                        st.logProbs = new double[h.actions()];
                        SoftmaxRef.forward(1, h.actions(), logits, st.probs, st.logProbs);
                        double[] e = new double[1];
                        SoftmaxRef.entropy(1, h.actions(), st.probs, st.logProbs, e);
                        st.entropy = e[0];
                    }
                }
                st.out[i] = y;
                x = y;
            }
            states.add(st);
        }
        kinks = hash;
        return states;
    }

    /** ReLU in place; folds the sign pattern into the kink hash. */
    private static long relu(double[] y, long hash) {
        for (int j = 0; j < y.length; j++) {
            boolean on = y[j] > 0;
            hash = hash * 31 + (on ? 1 : 2);
            if (!on) {
                y[j] = 0;
            }
        }
        return hash;
    }

    NetSpec spec() {
        return spec;
    }
}
