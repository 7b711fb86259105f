package a3c.engine.train;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;

import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentTerminationException;

import a3c.atari.Environment;
import a3c.atari.StepResult;
import a3c.engine.net.Network;
import a3c.kernels.ArenaOps;
import a3c.kernels.GradientNorm;

/**
 * One A3C actor-learner (a duty cycle: one rollout per {@link #doWork()}): take the shared parameters,
 * act up to t_max steps with them, backpropagate the A3C loss (through time for recurrent nets), clip the
 * global gradient norm, and apply RMSProp straight onto the shared parameters and statistics.
 *
 * <p>A worker may act for several games in lockstep ({@code --envs-per-worker K}): one forward at batch K
 * chooses every game's action, the update is one backward over the K x t_max samples. A game whose episode
 * ends inside the rollout is reset and goes on at its next row (its return stops at the episode's end, its
 * recurrent state starts from zero); the rollout stops early only when every game's episode ends at the same
 * step, which with one game is every episode end, as in the paper.
 * Nothing here allocates once the worker runs.
 */
final class Worker implements Agent {
    private final int id;
    private final Environment[] envs;
    private final int batch;
    private final Network net;
    private final SharedModel shared;
    private final RunState state;
    private final Schedule schedule;
    private final Hyper h;
    private final EventBus.Writer events;
    private final SplittableRandom rng;
    private final int framesPerStep;
    private final long gradientFloats;

    /** By {@link Network#row}: each game's rewards, values (the bootstrap values at step t_max), actions and episode ends. */
    private final float[] rewards;
    private final float[] values;
    private final int[] actions;
    private final boolean[] done;
    private final RolloutLoss loss;
    private boolean needsReset = true;
    /**
     * With a sliding window ({@code --n-step-window}): steps at the start of the rollout acted in the last one,
     * whose windows were not complete yet (of every game: the games go in lockstep). Their actions, rewards and
     * episode ends are kept; they are forwarded again, with the parameters of now (a game whose episode ended at
     * one of them starts the next from zero state again), before acting goes on from the step after them.
     */
    private int carried;
    /** The local parameters equal the shared ones as of this worker's last update (see {@link SharedModel#applyGradients}). */
    private boolean localSynced;
    /** The model's update count the local parameters reflect (taken with them; each own update refreshes them). */
    private long localVersion;
    private long rolloutCount;

    /** @param envs the games it acts for, as many as {@code net.batch()} */
    Worker(int id, Environment[] envs, Network net, SharedModel shared, RunState state, Schedule schedule, Hyper h,
           EventBus.Writer events, long seed) {
        if (envs.length != net.batch()) {
            throw new IllegalArgumentException(envs.length + " games for a network that acts for " + net.batch());
        }
        this.id = id;
        this.envs = envs.clone();
        this.batch = envs.length;
        this.net = net;
        this.shared = shared;
        this.state = state;
        this.schedule = schedule;
        this.h = h;
        this.events = events;
        this.rng = new SplittableRandom(seed);
        this.framesPerStep = envs[0].framesPerStep();
        this.gradientFloats = net.gradients().floats();
        int t = h.tMax();
        this.rewards = new float[t * batch];
        this.values = new float[(t + 1) * batch];
        this.actions = new int[t * batch];
        this.done = new boolean[t * batch];
        this.loss = new RolloutLoss(t, batch, h.gamma(), h.gaeLambda(), h.entropy(), h.valueWeight());
    }

    @Override
    public String roleName() {
        return "a3c-worker-" + id;
    }

    @Override
    public int doWork() {
        if (state.stopRequested()) {
            throw new AgentTerminationException();
        }
        if (state.frames.getVolatile() >= h.totalFrames()) {
            state.requestStop("frames done");
            throw new AgentTerminationException();
        }
        rollout();
        return 1;
    }

    /** One rollout and one update of the shared model. */
    void rollout() {
        if (!localSynced) { // the first rollout; afterwards each update refreshes the local copy
            localVersion = shared.updates().getVolatile();
            ArenaOps.copy(shared.parameters().segment(), net.parameters().segment());
            localSynced = true;
        }
        if (needsReset) {
            for (int game = 0; game < batch; game++) {
                envs[game].reset(net.observation(game));
            }
            net.resetState();
            needsReset = false;
            carried = 0;
        }
        double epsilon = schedule.epsilon(state.frames.getVolatile(), shared.updates().getVolatile());
        long frames = 0;
        for (int i = 0; i < carried; i++) {
            net.forward(i);
            for (int game = 0; game < batch; game++) {
                int row = net.row(i, game);
                values[row] = net.value(row);
                if (done[row]) {
                    net.resetState(game);
                }
            }
        }
        int steps = carried;
        boolean terminal = false;
        while (steps < h.tMax()) {
            net.forward(steps);
            int ended = 0;
            for (int game = 0; game < batch; game++) {
                int row = net.row(steps, game);
                int a = chooseAction(net.probabilities(row), epsilon);
                actions[row] = a;
                values[row] = net.value(row);
                Environment env = envs[game];
                MemorySegment next = net.observation(row + batch);
                StepResult result = env.step(a, next);
                rewards[row] = h.rewards().reward(result);
                frames = state.frames.addAndGet(framesPerStep);
                if (result.gameOver()) {
                    state.episodes.addAndGet(1);
                    events.episode(id, frames, env.episodeReturn(), env.episodeLength());
                }
                done[row] = result.episodeOver();
                if (done[row]) {
                    ended++;
                }
            }
            steps++;
            if (ended == batch) { // every game's episode ended here: the rollout ends too
                terminal = true;
                break;
            }
            if (ended > 0) { // the others go on; these start their next episode at their next row
                for (int game = 0; game < batch; game++) {
                    int row = net.row(steps - 1, game);
                    if (done[row]) {
                        envs[game].reset(net.observation(row + batch));
                        net.resetState(game);
                    }
                }
            }
        }
        if (terminal) {
            for (int game = 0; game < batch; game++) {
                values[net.row(steps, game)] = 0;
            }
        } else {
            net.forward(steps); // the bootstrap states, with the same parameters
            for (int game = 0; game < batch; game++) {
                int row = net.row(steps, game);
                values[row] = net.value(row); // unused where the last step ended an episode
            }
        }
        int window = h.window();
        // a sliding window trains the steps whose window is complete (or ended by their game's episode end), the
        // same number of every game; the rest are carried. A terminal of every game flushes them all
        int samples = window == 0 || terminal ? steps : steps - window + 1;
        if (window == 0) {
            loss.backward(net, steps, actions, rewards, values, done);
        } else {
            loss.backwardWindow(net, samples, steps, window, actions, rewards, values, done);
        }
        double policyLoss = loss.policyLoss(), valueLoss = loss.valueLoss();
        double norm = GradientNorm.l2(net.gradients().segment(), gradientFloats);
        rolloutCount++;
        if (!Double.isFinite(norm) || !Double.isFinite(policyLoss) || !Double.isFinite(valueLoss)) {
            throw RolloutLoss.diverged(frames, "worker " + id + ", rollout " + String.format("%,d", rolloutCount), policyLoss, valueLoss, norm);
        }
        long update = shared.applyGradients(h, net, (float) schedule.learningRate(frames), GradientNorm.clipFactor(norm, h.clipNorm()));
        long lag = update - 1 - localVersion; // the other workers' updates since the parameters this rollout acted with
        localVersion = update;
        events.rollout(id, samples * batch, policyLoss, valueLoss, loss.entropy(), norm, lag);
        if (terminal) {
            needsReset = true;
        } else {
            // steps samples..steps (the untrained steps, then the next observations) become steps 0..carried
            net.carryState(samples - 1);
            carried = steps - samples;
            for (int i = 0; i <= carried; i++) {
                for (int game = 0; game < batch; game++) {
                    net.moveObservation(net.row(samples + i, game), net.row(i, game));
                }
            }
            System.arraycopy(actions, samples * batch, actions, 0, carried * batch);
            System.arraycopy(rewards, samples * batch, rewards, 0, carried * batch);
            System.arraycopy(done, samples * batch, done, 0, carried * batch);
        }
    }

    /** The loss of the last rollout: its returns and advantages, by {@link Network#row} (for tests). */
    RolloutLoss loss() {
        return loss;
    }

    /** Samples from the policy (or, with probability epsilon, uniformly). */
    private int chooseAction(MemorySegment probs, double epsilon) {
        return sample(rng, probs, envs[0].actionCount(), epsilon);
    }

    /** An action drawn from the {@code n} probabilities {@code probs} (or, with probability epsilon, uniformly). */
    static int sample(SplittableRandom rng, MemorySegment probs, int n, double epsilon) {
        if (epsilon > 0 && rng.nextDouble() < epsilon) {
            return rng.nextInt(n);
        }
        double u = rng.nextDouble();
        double cumulative = 0;
        for (int a = 0; a < n - 1; a++) {
            cumulative += probs.getAtIndex(ValueLayout.JAVA_FLOAT, a);
            if (u < cumulative) {
                return a;
            }
        }
        return n - 1;
    }

    @Override
    public void onClose() {
        net.close();
        for (Environment env : envs) {
            env.close();
        }
    }
}
