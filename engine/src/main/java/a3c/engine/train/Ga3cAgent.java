package a3c.engine.train;

import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;

import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentTerminationException;
import org.agrona.concurrent.ManyToManyConcurrentArrayQueue;

import a3c.atari.Environment;
import a3c.atari.StepResult;

/**
 * GA3C's agent (Babaeizadeh et al. 2017): it only plays. Each step it puts its id on the prediction queue, waits
 * (without blocking its thread: a duty cycle that returns 0) until a predictor has written the policy and value
 * of its current observation, samples an action and steps its game into its current {@link Experience}. After
 * t_max steps, or at an episode's end, it finishes the experience's n-step returns (bootstrapped from the value
 * the next prediction brings, or 0; with {@code --n-step-window}, each step's window of returns, {@link WindowReturns})
 * and puts it on the training queue. Many agents share one thread
 * (Agrona's {@code CompositeAgent}): while one waits, the others play. With a recurrent network the agent holds
 * its game's state: the predictor runs each prediction from it and writes the state after it back, and each
 * experience records the state its first step started from, for the trainer's backward through time.
 */
final class Ga3cAgent implements Agent {
    /** Experiences each agent cycles through: one filling, one waiting for its bootstrap value, one queued. */
    static final int EXPERIENCES = 3;

    private final int id;
    /** This agent's id as the one object the prediction queue carries (boxed once, here). */
    private final Integer queued;
    private final Environment env;
    private final Experience[] experiences;
    private final ManyToManyConcurrentArrayQueue<Integer> predictions;
    private final ManyToManyConcurrentArrayQueue<Experience> training;
    private final PaddedCounter queuedSteps;
    private final SharedModel shared;
    private final RunState state;
    private final Schedule schedule;
    private final Hyper h;
    private final EventBus.Writer events;
    private final SplittableRandom rng;
    private final int framesPerStep;
    /** {@code --n-step-window}: the steps waiting for their window's return; null for t_max-step returns. */
    private final WindowReturns window;

    /** The prediction a predictor writes: the policy (one float per action), the value and the model's update count. */
    private final MemorySegment probabilities;
    /** The recurrent state after the last prediction, which the next one starts from (zero at an episode's start); null for a feed-forward net. */
    private final MemorySegment recurrent;
    private float value;
    private long version;
    private long requested;
    private volatile long answered;

    private Experience current;
    /** Full, waiting for the value of the observation after its last step. */
    private Experience pending;
    private boolean waiting;
    /** Cleared by GA3C's dynamic adjustment: the agent keeps its game and its prediction, and plays on when set again. */
    private volatile boolean active = true;

    /**
     * @param probabilities where predictors write this agent's policy: off-heap, as every segment the kernels and
     *                      the sampling see (a heap segment among them makes C2 recompile the accessors for both
     *                      kinds, and the kernels' vectors then went unintrinsified, allocating every step)
     */
    Ga3cAgent(int id, Environment env, Experience[] experiences, MemorySegment probabilities, MemorySegment recurrent,
              ManyToManyConcurrentArrayQueue<Integer> predictions,
              ManyToManyConcurrentArrayQueue<Experience> training, PaddedCounter queuedSteps, SharedModel shared, RunState state, Schedule schedule, Hyper h,
              EventBus.Writer events, long seed) {
        this.id = id;
        this.queued = id; // boxed once
        this.env = env;
        this.experiences = experiences.clone();
        this.predictions = predictions;
        this.training = training;
        this.queuedSteps = queuedSteps;
        this.shared = shared;
        this.state = state;
        this.schedule = schedule;
        this.h = h;
        this.events = events;
        this.rng = new SplittableRandom(seed);
        this.framesPerStep = env.framesPerStep();
        this.window = h.window() > 0 ? new WindowReturns(h.window(), h.gamma()) : null;
        if (!probabilities.isNative() || probabilities.byteSize() != (long) Float.BYTES * env.actionCount()) {
            throw new IllegalArgumentException("agent " + id + ": an off-heap segment of " + env.actionCount() + " floats for the policy");
        }
        this.probabilities = probabilities;
        if (recurrent != null && !recurrent.isNative()) {
            throw new IllegalArgumentException("agent " + id + ": an off-heap segment for the recurrent state");
        }
        this.recurrent = recurrent;
    }

    @Override
    public String roleName() {
        return "ga3c-agent-" + id;
    }

    int id() {
        return id;
    }

    @Override
    public int doWork() {
        if (state.stopRequested()) {
            throw new AgentTerminationException();
        }
        if (current == null) { // the first step: a new game into a first experience
            current = experiences[0];
            begin(current, true);
            env.reset(current.observation(0));
            return request();
        }
        if (waiting) {
            if (answered != requested) {
                return 0;
            }
            waiting = false;
            if (window != null) { // the value of the observation n steps after the oldest waiting one has come
                if (window.resolve(value) && window.resolvedIn() == pending && window.resolvedAt() == pending.count - 1) {
                    offer(pending);
                    pending = null;
                }
            } else if (pending != null) { // the value of the observation after pending's last step has come
                pending.finish(value, h.gamma(), h.gaeLambda());
                offer(pending);
                pending = null;
            }
        }
        if (!active) {
            return 0;
        }
        return act();
    }

    void setActive(boolean on) {
        active = on;
    }

    /** The observation whose prediction this agent waits for: a predictor copies it into its network. */
    void copyInput(MemorySegment row) {
        current.copyObservation(current.count, row);
    }

    /** The recurrent state the next prediction starts from, which the predictor replaces by the state after it; null for a feed-forward net. */
    MemorySegment recurrentState() {
        return recurrent;
    }

    /** Called by a predictor: the policy and value of {@link #copyInput}'s observation, under the model's update count {@code version}. */
    void answer(MemorySegment policy, float v, long modelVersion) {
        MemorySegment.copy(policy, 0, probabilities, 0, probabilities.byteSize());
        value = v;
        version = modelVersion;
        answered = requested; // publishes the writes above to the agent's thread
    }

    /** One step with the prediction in hand, unless every other experience is still queued for the trainers. */
    private int act() {
        Experience spare = free();
        if (spare == null) {
            return 0; // the trainers give one back soon
        }
        long framesNow = state.frames.getVolatile();
        if (framesNow >= h.totalFrames()) {
            state.requestStop("frames done");
            throw new AgentTerminationException();
        }
        int n = current.count;
        int action = Worker.sample(rng, probabilities, env.actionCount(), schedule.epsilon(framesNow, shared.updates().getVolatile()));
        current.actions[n] = action;
        current.values[n] = value;
        current.versions[n] = version;
        MemorySegment next = n + 1 < current.actions.length ? current.observation(n + 1) : spare.observation(0);
        StepResult result = env.step(action, next);
        current.rewards[n] = h.rewards().reward(result);
        current.count = n + 1;
        if (window != null) {
            window.add(current, n, current.rewards[n]);
        }
        long frames = state.frames.addAndGet(framesPerStep);
        if (result.gameOver()) {
            state.episodes.addAndGet(1);
            events.episode(id, frames, env.episodeReturn(), env.episodeLength());
        }
        if (result.episodeOver()) {
            if (window != null) {
                window.flush();
                if (pending != null) {
                    offer(pending);
                    pending = null;
                }
            } else {
                current.finish(0, h.gamma(), h.gaeLambda());
            }
            offer(current);
            current = spare;
            begin(current, true);
            env.reset(current.observation(0));
        } else if (current.count == current.actions.length) {
            if (pending != null) { // a window of at most t_max steps has resolved the previous one by now
                throw new IllegalStateException("agent " + id + ": an experience still waits for its returns");
            }
            pending = current; // its bootstrap is the value of the observation now in spare's first row
            current = spare;
            begin(current, false);
        }
        return request() + 1;
    }

    /** Takes {@code e} to fill from step 0, recording the recurrent state its first step starts from (zero for a new episode). */
    private void begin(Experience e, boolean newEpisode) {
        e.take();
        if (recurrent != null) {
            if (newEpisode) {
                recurrent.fill((byte) 0);
            }
            MemorySegment.copy(recurrent, 0, e.initialState(), 0, recurrent.byteSize());
        }
    }

    /** An experience other than the current one that no trainer holds, or null. */
    private Experience free() {
        for (Experience e : experiences) {
            if (e != current && e != pending && e.isFree()) {
                return e;
            }
        }
        return null;
    }

    private int request() {
        requested++;
        waiting = true;
        // It has room for every agent, but Agrona's many-to-many offer also fails while a consumer is still
        // releasing the slot it needs: that passes within a poll, so try again
        while (!predictions.offer(queued)) {
            Thread.onSpinWait();
        }
        return 1;
    }

    private void offer(Experience e) {
        queuedSteps.addAndGet(e.count); // before the offer: a trainer takes them off after its poll
        while (!training.offer(e)) { // room for every experience; a failed offer is a slot still being released
            Thread.onSpinWait();
        }
    }

    @Override
    public void onClose() {
        env.close(); // the experiences belong to the run: a trainer may still read one
    }
}
