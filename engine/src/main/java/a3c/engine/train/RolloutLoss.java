package a3c.engine.train;

import a3c.engine.UserError;
import a3c.engine.net.Network;

/**
 * The A3C loss of one rollout and its backward pass: n-step returns bootstrapped from the value after
 * the last step (0 at a terminal state), advantages (plain or GAE), then for every step
 * {@code -log pi(a|s) A - beta H(pi(s)) + valueWeight (R - V(s))^2} with A and R held constant, summed over
 * the steps (of every game, when the network acts for several) and backpropagated through the network (through time for recurrent layers).
 */
public final class RolloutLoss {
    private final double gamma;
    private final double lambda;
    private final float beta;
    private final float valueWeight;
    private final float[] returns;
    private final float[] advantages;
    private double policyLoss;
    private double valueLoss;
    private double entropy;

    public RolloutLoss(int tMax, double gamma, double lambda, float beta, float valueWeight) {
        this(tMax, 1, gamma, lambda, beta, valueWeight);
    }

    /** The loss of rollouts of up to {@code tMax} steps of {@code batch} games each. */
    public RolloutLoss(int tMax, int batch, double gamma, double lambda, float beta, float valueWeight) {
        this.gamma = gamma;
        this.lambda = lambda;
        this.beta = beta;
        this.valueWeight = valueWeight;
        this.returns = new float[tMax * batch];
        this.advantages = new float[tMax * batch];
    }

    /**
     * Adds the gradient of the loss over rows {@code 0..steps-1}, whose forward passes have run, into
     * {@code net}'s parameter gradients, which the caller has cleared ({@link Network#zeroGradients()}, or
     * the worker's optimiser step, which leaves them zero). {@code values[0..steps]}: the values of the
     * steps and the bootstrap value (0 if terminal).
     */
    public void backward(Network net, int steps, int[] actions, float[] rewards, float[] values) {
        backward(net, steps, actions, rewards, values, null);
    }

    /**
     * The same for a network that acts for {@code net.batch()} games, every array indexed by {@link Network#row}:
     * each game's returns run back from its bootstrap value at step {@code steps} and stop at its episode ends
     * ({@code done[row]}: that step ended an episode, and the game's next row starts a new one; null: no episode
     * ended before the last step).
     */
    public void backward(Network net, int steps, int[] actions, float[] rewards, float[] values, boolean[] done) {
        int batch = net.batch();
        for (int game = 0; game < batch; game++) {
            Returns.compute(steps, batch, game, rewards, values, done, gamma, lambda, returns, advantages);
        }
        backprop(net, steps, actions, values);
    }

    /**
     * The same over the first {@code samples} of {@code steps} steps (of every game), with the returns of a sliding
     * window of {@code window} steps ({@link Returns#window}): the later steps only lend their rewards and values.
     * {@code done} as for {@link #backward}: a game's window stops at its episode's end.
     */
    public void backwardWindow(Network net, int samples, int steps, int window, int[] actions, float[] rewards, float[] values,
                               boolean[] done) {
        int batch = net.batch();
        for (int game = 0; game < batch; game++) {
            Returns.window(samples, steps, window, batch, game, rewards, values, done, gamma, returns, advantages);
        }
        backprop(net, samples, actions, values);
    }

    /**
     * GA3C's trainer: steps {@code 0..steps-1} of {@code net.batch()} sequences whose forward has run (game g's
     * first {@code lengths[g]} steps count, the rest are padding that gets no gradient; {@code lengths} null:
     * every row counts), each with the n-step return ({@code givenReturns}, the value target) and the
     * lambda-return ({@code targets}) computed by the agent that played it. The advantage is {@code target - V}
     * with the value of this forward, written into {@code values}; arrays indexed by {@link Network#row}.
     */
    public void backwardGivenReturns(Network net, int steps, int[] lengths, int[] actions, float[] givenReturns, float[] targets,
                                     float[] values) {
        int rows = steps * net.batch();
        for (int i = 0; i < rows; i++) {
            if (counts(net.batch(), lengths, i)) {
                values[i] = net.value(i);
                returns[i] = givenReturns[i];
                advantages[i] = targets[i] - values[i];
            }
        }
        backprop(net, steps, lengths, actions, values);
    }

    /** Whether row {@code i} of {@code batch} sequences is one of a sequence's steps rather than padding after its end ({@code lengths} null: every row is). */
    static boolean counts(int batch, int[] lengths, int i) {
        return lengths == null || i / batch < lengths[i % batch];
    }

    private void backprop(Network net, int steps, int[] actions, float[] values) {
        backprop(net, steps, null, actions, values);
    }

    /** Rows that are padding ({@link #counts}) keep a zero loss gradient, so nothing flows back from them. */
    private void backprop(Network net, int steps, int[] lengths, int[] actions, float[] values) {
        net.zeroActivationGradients();
        double policy = 0, value = 0, ent = 0;
        int rows = steps * net.batch();
        for (int t = 0; t < rows; t++) {
            if (!counts(net.batch(), lengths, t)) {
                continue;
            }
            float error = values[t] - returns[t];
            net.lossGradient(t, actions[t], advantages[t], beta, 2 * valueWeight * error);
            policy -= net.logProbability(t, actions[t]) * advantages[t];
            value += error * error;
            ent += net.entropy(t);
        }
        net.backward(steps);
        policyLoss = policy;
        valueLoss = value;
        entropy = ent;
    }

    /**
     * The error that stops a run whose loss or gradient norm is no longer finite ({@code who}: the thread and its
     * update, e.g. "worker 3, rollout 1,234"). Built only then: the check itself allocates nothing.
     */
    static UserError diverged(long frames, String who, double policyLoss, double valueLoss, double norm) {
        return new UserError(String.format("training diverged: the loss became %s at frame %,d (%s;"
                + " policy loss %s, value loss %s, gradient norm %s): lower --lr or --clip-norm; the last checkpoint is kept",
                Double.isFinite(policyLoss + valueLoss) ? "infinite" : "NaN", frames, who, policyLoss, valueLoss, norm));
    }

    /** Sum over the rollout of {@code -log pi(a|s) A}. */
    public double policyLoss() {
        return policyLoss;
    }

    /** Sum over the rollout of {@code (R - V)^2} (before the value weight). */
    public double valueLoss() {
        return valueLoss;
    }

    /** Sum over the rollout of the policy's entropy. */
    public double entropy() {
        return entropy;
    }

    public float returnAt(int t) {
        return returns[t];
    }

    public float advantageAt(int t) {
        return advantages[t];
    }
}
