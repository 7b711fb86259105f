package a3c.engine.train;

import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentTerminationException;
import org.agrona.concurrent.ManyToManyConcurrentArrayQueue;

import a3c.engine.net.NetSpec;
import a3c.engine.net.Network;

/**
 * GA3C's predictor: takes every agent waiting on the prediction queue (up to all of them), copies their
 * observations into one batch, runs the policy on the central model's parameters as they are (no copy: the
 * trainers update them meanwhile, as Hogwild readers see them) and hands each agent its policy and value.
 * A batch of n runs on the network of the smallest power of two at least n, so a thin batch costs little.
 */
final class Ga3cPredictor implements Agent {
    private final int id;
    private final Ga3cAgent[] agents;
    private final ManyToManyConcurrentArrayQueue<Integer> predictions;
    private final SharedModel shared;
    private final RunState state;
    /** Networks of batch 1, 2, 4, ... up to the first at least the agents' count. */
    private final Network[] nets;
    private final int[] batch;

    Ga3cPredictor(int id, NetSpec spec, Ga3cAgent[] agents, ManyToManyConcurrentArrayQueue<Integer> predictions, SharedModel shared,
                  RunState state) {
        this.id = id;
        this.agents = agents;
        this.predictions = predictions;
        this.shared = shared;
        this.state = state;
        int sizes = 1;
        while ((1 << (sizes - 1)) < agents.length) {
            sizes++;
        }
        nets = new Network[sizes];
        for (int i = 0; i < sizes; i++) {
            nets[i] = new Network(spec, 1, 1 << i, shared.parameters());
        }
        batch = new int[agents.length];
    }

    @Override
    public String roleName() {
        return "ga3c-predictor-" + id;
    }

    /** Cleared by GA3C's dynamic adjustment: the thread idles until it is set again. */
    private volatile boolean active = true;

    void setActive(boolean on) {
        active = on;
    }

    @Override
    public int doWork() {
        if (state.stopRequested()) {
            throw new AgentTerminationException();
        }
        if (!active) {
            return 0;
        }
        int n = 0;
        Integer agent;
        while (n < batch.length && (agent = predictions.poll()) != null) {
            batch[n++] = agent;
        }
        if (n == 0) {
            return 0;
        }
        Network net = nets[32 - Integer.numberOfLeadingZeros(n - 1)];
        for (int b = 0; b < n; b++) {
            agents[batch[b]].copyInput(net.observation(b));
        }
        net.forward(0);
        long version = shared.updates().getVolatile();
        for (int b = 0; b < n; b++) {
            agents[batch[b]].answer(net.probabilities(b), net.value(b), version);
        }
        return n;
    }

    @Override
    public void onClose() {
        for (Network net : nets) {
            net.close();
        }
    }
}
