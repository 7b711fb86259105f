package a3c.engine.train;

import org.agrona.concurrent.ManyToManyConcurrentArrayQueue;

import a3c.engine.net.NetSpec;
import a3c.engine.net.Network;
import a3c.kernels.GradientNorm;

/**
 * GA3C's trainer: copies steps from the experiences on the training queue into its batch (giving each
 * experience back to its agent as soon as it is copied) until it holds {@code --min-batch} of them, then one
 * update of the central model: forward, the A3C loss with the agents' n-step returns and advantages
 * {@code R - V}, backward, the global-norm clip and the optimiser step on the shared parameters and statistics,
 * which its network uses directly. An experience longer than what the batch still needs is split: the rest
 * opens the next batch. Several trainers update the model Hogwild-style, as A3C's workers do.
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
    private final int[] actions;
    private final float[] returns;
    private final float[] values;
    private final long[] versions;
    private final long gradientFloats;
    private int rows;
    private Experience head;
    private int headStep;
    private long updates;

    Ga3cTrainer(int id, NetSpec spec, int minBatch, ManyToManyConcurrentArrayQueue<Experience> training, PaddedCounter queuedSteps,
                SharedModel shared,
                RunState state, Schedule schedule, Hyper h, EventBus.Writer events) {
        super(state);
        this.id = id;
        this.training = training;
        this.queuedSteps = queuedSteps;
        this.shared = shared;
        this.schedule = schedule;
        this.h = h;
        this.events = events;
        this.net = new Network(spec, 1, minBatch, shared.parameters());
        this.loss = new RolloutLoss(1, minBatch, h.gamma(), 1, h.entropy(), h.valueWeight());
        this.actions = new int[minBatch];
        this.returns = new float[minBatch];
        this.values = new float[minBatch];
        this.versions = new long[minBatch];
        this.gradientFloats = net.gradients().floats();
    }

    @Override
    public String roleName() {
        return "ga3c-trainer-" + id;
    }

    @Override
    int work() {
        int copied = 0;
        while (rows < actions.length) {
            if (head == null) {
                head = training.poll();
                headStep = 0;
                if (head == null) {
                    return copied;
                }
                queuedSteps.addAndGet(-head.count);
            }
            int take = Math.min(actions.length - rows, head.count - headStep);
            for (int i = 0; i < take; i++) {
                head.copyObservation(headStep + i, net.observation(rows + i));
                actions[rows + i] = head.actions[headStep + i];
                returns[rows + i] = head.returns[headStep + i];
                versions[rows + i] = head.versions[headStep + i];
            }
            rows += take;
            headStep += take;
            copied += take;
            if (headStep == head.count) {
                head.release();
                head = null;
            }
        }
        update();
        rows = 0;
        return copied + 1;
    }

    private void update() {
        if (queuedSteps.getVolatile() > (long) RunState.BACKLOG_BATCHES * actions.length) {
            state.backlogUpdates.addAndGet(1); // the agents run ahead of the trainers
        }
        net.forward(0);
        loss.backwardGivenReturns(net, actions, returns, values);
        double policyLoss = loss.policyLoss(), valueLoss = loss.valueLoss();
        double norm = GradientNorm.l2(net.gradients().segment(), gradientFloats);
        long frames = state.frames.getVolatile();
        updates++;
        if (!Double.isFinite(norm) || !Double.isFinite(policyLoss) || !Double.isFinite(valueLoss)) {
            throw RolloutLoss.diverged(frames, "GA3C trainer " + id + ", update " + String.format("%,d", updates), policyLoss, valueLoss, norm);
        }
        long update = shared.applyGradients(h, net, (float) schedule.learningRate(frames), GradientNorm.clipFactor(norm, h.clipNorm()));
        double lag = 0;
        for (int i = 0; i < rows; i++) {
            lag += update - 1 - versions[i]; // updates between the parameters that chose the step's action and this one
        }
        events.rollout(id, rows, policyLoss, valueLoss, loss.entropy(), norm, lag / rows);
    }

    @Override
    public void onClose() {
        net.close();
    }
}
