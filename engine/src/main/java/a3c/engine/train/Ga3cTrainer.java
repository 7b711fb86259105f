package a3c.engine.train;

import org.agrona.concurrent.ManyToManyConcurrentArrayQueue;

import a3c.engine.net.NetSpec;
import a3c.engine.net.Network;
import a3c.kernels.ArenaOps;
import a3c.kernels.GradientNorm;

/**
 * GA3C's trainer: fills its batch from the experiences on the training queue (giving each back to its agent as
 * soon as it is copied), then one update of the central model: forward, the A3C loss with the agents' n-step
 * returns and advantages {@code target - V} (the agent's lambda-return, the n-step return itself with lambda 1),
 * backward, the global-norm clip and the optimiser step on the shared parameters and statistics, which its
 * network uses directly. Several trainers update the model Hogwild-style, as A3C's workers do.
 *
 * <p>A feed-forward network takes {@code --min-batch} single steps of any experiences, side by side; an
 * experience longer than what the batch still needs is split and the rest opens the next batch. A recurrent
 * network needs each experience's steps in order, from the state its first step started from: the batch is
 * {@code ceil(min-batch / t_max)} whole experiences, one per game of the network, run through time; a shorter
 * one (its episode ended) is padded with rows that get no gradient.
 */
final class Ga3cTrainer extends Ga3cThread {
    private final int id;
    private final ManyToManyConcurrentArrayQueue<Experience> training;
    private final PaddedCounter queuedSteps;
    private final SharedModel shared;
    private final Schedule schedule;
    private final Hyper h;
    private final EventBus.Writer events;
    private final Network net;
    private final RolloutLoss loss;
    /** Recurrent: whole experiences through time; else single steps. */
    private final boolean sequences;
    /** Sequences: each game's steps (the rest of its rows are padding). */
    private final int[] lengths;
    /** Per row of the network ({@link Network#row}). */
    private final int[] actions;
    private final float[] returns;
    private final float[] targets;
    private final float[] values;
    private final long[] versions;
    private final long gradientFloats;
    /** Single steps: rows filled; sequences: games filled. */
    private int filled;
    private Experience head;
    private int headStep;
    private long updates;

    Ga3cTrainer(int id, NetSpec spec, int minBatch, ManyToManyConcurrentArrayQueue<Experience> training, PaddedCounter queuedSteps,
                SharedModel shared, RunState state, Schedule schedule, Hyper h, EventBus.Writer events) {
        super(state);
        this.id = id;
        this.training = training;
        this.queuedSteps = queuedSteps;
        this.shared = shared;
        this.schedule = schedule;
        this.h = h;
        this.events = events;
        this.sequences = spec.recurrent();
        int steps = sequences ? h.tMax() : 1;
        int games = sequences ? Ga3c.sequencesPerUpdate(minBatch, h.tMax()) : minBatch;
        this.net = new Network(spec, steps, games, shared.parameters());
        this.loss = new RolloutLoss(steps, games, h.gamma(), h.gaeLambda(), h.entropy(), h.valueWeight());
        this.lengths = sequences ? new int[games] : null;
        int rows = steps * games;
        this.actions = new int[rows];
        this.returns = new float[rows];
        this.targets = new float[rows];
        this.values = new float[rows];
        this.versions = new long[rows];
        this.gradientFloats = net.gradients().floats();
    }

    @Override
    public String roleName() {
        return "ga3c-trainer-" + id;
    }

    @Override
    int work() {
        return sequences ? fillSequences() : fillSteps();
    }

    private int fillSteps() {
        int copied = 0;
        while (filled < actions.length) {
            if (head == null) {
                head = training.poll();
                headStep = 0;
                if (head == null) {
                    return copied;
                }
                queuedSteps.addAndGet(-head.count);
            }
            int take = Math.min(actions.length - filled, head.count - headStep);
            for (int i = 0; i < take; i++) {
                copyStep(head, headStep + i, filled + i);
            }
            filled += take;
            headStep += take;
            copied += take;
            if (headStep == head.count) {
                head.release();
                head = null;
            }
        }
        update(1, actions.length);
        filled = 0;
        return copied + 1;
    }

    private int fillSequences() {
        int copied = 0;
        int tMax = net.maxSteps();
        while (filled < lengths.length) {
            Experience e = training.poll();
            if (e == null) {
                return copied;
            }
            queuedSteps.addAndGet(-e.count);
            int game = filled;
            for (int t = 0; t < tMax; t++) {
                if (t < e.count) {
                    copyStep(e, t, net.row(t, game));
                } else { // padding: a finite input, whose rows get no gradient
                    ArenaOps.zero(net.observation(net.row(t, game)));
                }
            }
            lengths[game] = e.count;
            net.loadState(game, e.initialState());
            e.release();
            filled++;
            copied += e.count;
        }
        int steps = 0, rows = 0;
        for (int n : lengths) {
            steps = Math.max(steps, n);
            rows += n;
        }
        update(steps, rows);
        filled = 0;
        return copied + 1;
    }

    private void copyStep(Experience e, int step, int row) {
        e.copyObservation(step, net.observation(row));
        actions[row] = e.actions[step];
        returns[row] = e.returns[step];
        targets[row] = e.targets[step];
        versions[row] = e.versions[step];
    }

    /** One update over {@code steps} steps of every game: {@code rows} of them count. */
    private void update(int steps, int rows) {
        if (queuedSteps.getVolatile() > (long) RunState.BACKLOG_BATCHES * actions.length) {
            state.backlogUpdates.addAndGet(1); // the agents run ahead of the trainers
        }
        for (int t = 0; t < steps; t++) {
            net.forward(t);
        }
        loss.backwardGivenReturns(net, steps, lengths, actions, returns, targets, values);
        double policyLoss = loss.policyLoss(), valueLoss = loss.valueLoss();
        double norm = GradientNorm.l2(net.gradients().segment(), gradientFloats);
        long frames = state.frames.getVolatile();
        updates++;
        if (!Double.isFinite(norm) || !Double.isFinite(policyLoss) || !Double.isFinite(valueLoss)) {
            throw RolloutLoss.diverged(frames, "GA3C trainer " + id + ", update " + String.format("%,d", updates), policyLoss, valueLoss, norm);
        }
        long update = shared.applyGradients(h, net, (float) schedule.learningRate(frames), GradientNorm.clipFactor(norm, h.clipNorm()));
        double lag = 0;
        int batch = net.batch();
        for (int i = 0; i < steps * batch; i++) {
            if (RolloutLoss.counts(batch, lengths, i)) {
                lag += update - 1 - versions[i]; // updates between the parameters that chose the step's action and this one
            }
        }
        events.rollout(id, rows, policyLoss, valueLoss, loss.entropy(), norm, lag / rows);
    }

    @Override
    public void onClose() {
        net.close();
    }
}
