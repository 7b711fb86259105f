package a3c.engine.train;

import java.io.PrintStream;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

import org.agrona.concurrent.Agent;
import org.agrona.concurrent.CompositeAgent;
import org.agrona.concurrent.ManyToManyConcurrentArrayQueue;

import a3c.atari.Environment;
import a3c.engine.config.TrainOptions;
import a3c.engine.net.NetSpec;
import a3c.kernels.memory.AlignedBlock;

/**
 * A GA3C run's threads ({@code --algo ga3c}): {@code --agents} agents spread over {@code --threads} threads,
 * {@code --predictors} predictor threads and {@code --trainers} trainer threads around one central model (the
 * run's {@link SharedModel}), joined by two lock-free queues (Agrona's); with {@code --deterministic}, all of them
 * in turn on one thread, so that a seed gives the same run. It owns the agents' experiences, which
 * agents, predictors and trainers all touch, and frees them only once every thread has stopped.
 */
final class Ga3c implements AutoCloseable {
    private final List<Agent> threads = new ArrayList<>();
    private final Ga3cAgent[] agents;
    private final List<Ga3cPredictor> predictors = new ArrayList<>();
    private final List<Ga3cTrainer> trainers = new ArrayList<>();
    /** {@code --dynamic}: the thread that adjusts the others, or null. */
    private final Ga3cTuner tuner;
    private final List<Experience> experiences = new ArrayList<>();
    /** Every agent's policy, written by the predictors: one block, freed with the experiences. */
    private AlignedBlock policies;
    /** Every agent's recurrent state (null for a feed-forward net): one block, freed with the experiences. */
    private AlignedBlock states;

    Ga3c(TrainOptions o, NetSpec spec, SharedModel shared, RunState state, Schedule schedule, EventBus bus,
         Training.EnvironmentSource environments, PrintStream out) {
        Hyper h = Hyper.of(o);
        PaddedCounter queuedSteps = new PaddedCounter(); // steps on the training queue: agents add, trainers take
        ManyToManyConcurrentArrayQueue<Integer> predictions = new ManyToManyConcurrentArrayQueue<>(Math.max(2, o.agents())); // Agrona's least capacity is 2
        ManyToManyConcurrentArrayQueue<Experience> training = new ManyToManyConcurrentArrayQueue<>(o.agents() * Ga3cAgent.EXPERIENCES);
        agents = new Ga3cAgent[o.agents()];
        int stateFloats = spec.stateFloats();
        long stateBytes = (long) Float.BYTES * stateFloats;
        List<Environment> envs = new ArrayList<>();
        try {
            for (int i = 0; i < agents.length; i++) {
                Environment env = environments.create(o, o.seed * 1_000_003L + i);
                envs.add(env);
                if (policies == null) {
                    policies = AlignedBlock.ofFloats((long) agents.length * env.actionCount());
                    states = stateFloats > 0 ? AlignedBlock.ofFloats((long) agents.length * stateFloats) : null;
                }
                long policyBytes = (long) Float.BYTES * env.actionCount();
                Experience[] own = new Experience[Ga3cAgent.EXPERIENCES];
                for (int k = 0; k < own.length; k++) {
                    own[k] = new Experience(o.tMax, spec.inputSize(), stateFloats);
                    experiences.add(own[k]);
                }
                MemorySegment recurrent = states == null ? null : states.segment().asSlice(i * stateBytes, stateBytes);
                agents[i] = new Ga3cAgent(i, env, own, policies.segment().asSlice(i * policyBytes, policyBytes), recurrent, predictions, training, queuedSteps, shared, state, schedule, h, bus.writer(), o.seed * 7_919L + i);
            }
        } catch (RuntimeException e) { // no thread owns them yet: free what was made
            envs.forEach(Environment::close);
            close();
            throw e;
        }
        for (int p = 0; p < o.predictors; p++) {
            predictors.add(new Ga3cPredictor(p, spec, agents, predictions, shared, state));
        }
        for (int t = 0; t < o.trainers; t++) {
            trainers.add(new Ga3cTrainer(t, spec, o.minBatch, training, queuedSteps, shared, state, schedule, h, bus.writer()));
        }
        if (o.deterministic) { // every agent, then every predictor, then every trainer, in turn on one thread
            List<Agent> all = new ArrayList<>(List.of(agents));
            all.addAll(predictors);
            all.addAll(trainers);
            threads.add(new CompositeAgent(all));
        } else {
            for (int t = 0; t < o.threads; t++) { // agents t, t + threads, ... share thread t
                List<Agent> group = new ArrayList<>();
                for (int i = t; i < agents.length; i += o.threads) {
                    group.add(agents[i]);
                }
                if (!group.isEmpty()) {
                    threads.add(group.size() == 1 ? group.get(0) : new CompositeAgent(group));
                }
            }
            threads.addAll(predictors);
            threads.addAll(trainers);
        }
        tuner = o.dynamic ? new Ga3cTuner(this, new Ga3cTuning(o.agents(), o.predictors, o.trainers, o.seed), state, out) : null;
    }

    /** A recurrent network's trainer takes whole experiences: as many as {@code --min-batch} steps need at t_max each. */
    static int sequencesPerUpdate(int minBatch, int tMax) {
        return (minBatch + tMax - 1) / tMax;
    }

    /** One agent per thread to run: the agents' groups, then the predictors, then the trainers. */
    List<Agent> threads() {
        return threads;
    }

    /** With {@code --dynamic}, the thread that adjusts the others (to run with a sleeping idle strategy); else null. */
    Agent tuner() {
        return tuner;
    }

    /** The first {@code a} agents, {@code p} predictors and {@code t} trainers play and work; the others pause. */
    void activate(int a, int p, int t) {
        for (int i = 0; i < agents.length; i++) {
            agents[i].setActive(i < a);
        }
        for (int i = 0; i < predictors.size(); i++) {
            predictors.get(i).setActive(i < p);
        }
        for (int i = 0; i < trainers.size(); i++) {
            trainers.get(i).setActive(i < t);
        }
    }

    /** After every thread has stopped. */
    @Override
    public void close() {
        for (Experience e : experiences) {
            e.close();
        }
        if (policies != null) {
            policies.close();
        }
        if (states != null) {
            states.close();
        }
    }
}
