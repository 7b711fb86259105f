package a3c.engine.train;

import org.agrona.concurrent.ManyToManyConcurrentArrayQueue;

import a3c.engine.net.NetSpec;
import a3c.engine.net.Network;

/**
 * GA3C's predictor: takes every agent waiting on the prediction queue (up to all of them), copies their
 * observations into one batch, runs the policy on the central model's parameters as they are (no copy: the
 * trainers update them meanwhile, as Hogwild readers see them) and hands each agent its policy and value.
 * A batch of n runs on the network of the smallest power of two at least n, so a thin batch costs little.
 * A recurrent network runs each agent's step from the agent's state and writes the state after it back.
 */
final class Ga3cPredictor extends Ga3cThread {
    private final int id;
    private final Ga3cAgent[] agents;
    private final ManyToManyConcurrentArrayQueue<Integer> predictions;
    private final SharedModel shared;
    /** Networks of batch 1, 2, 4, ... up to the first at least the agents' count. */
    private final Network[] nets;
    private final int[] batch;
    private final boolean recurrent;

    Ga3cPredictor(int id, NetSpec spec, Ga3cAgent[] agents, ManyToManyConcurrentArrayQueue<Integer> predictions, SharedModel shared,
                  RunState state) {
        super(state);
        this.id = id;
        this.agents = agents;
        this.predictions = predictions;
        this.shared = shared;
        nets = new Network[bucket(agents.length) + 1];
        for (int i = 0; i < nets.length; i++) {
            nets[i] = new Network(spec, 1, 1 << i, shared.parameters());
        }
        batch = new int[agents.length];
        recurrent = spec.recurrent();
    }

    /** The network for a batch of {@code n}: index i has batch 2^i, the smallest at least n. */
    private static int bucket(int n) {
        return 32 - Integer.numberOfLeadingZeros(n - 1);
    }

    @Override
    public String roleName() {
        return "ga3c-predictor-" + id;
    }

    @Override
    int work() {
        int n = 0;
        Integer agent;
        while (n < batch.length && (agent = predictions.poll()) != null) {
            batch[n++] = agent;
        }
        if (n == 0) {
            return 0;
        }
        Network net = nets[bucket(n)];
        for (int b = 0; b < n; b++) {
            Ga3cAgent a = agents[batch[b]];
            a.copyInput(net.observation(b));
            if (recurrent) {
                net.loadState(b, a.recurrentState());
            }
        }
        net.forward(0);
        long version = shared.updates().getVolatile();
        for (int b = 0; b < n; b++) {
            Ga3cAgent a = agents[batch[b]];
            if (recurrent) { // before the answer, which publishes it to the agent
                net.storeState(0, b, a.recurrentState());
            }
            a.answer(net.probabilities(b), net.value(b), version);
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
