package a3c.engine.train;

import java.lang.foreign.MemorySegment;

import a3c.engine.net.NetSpec;
import a3c.engine.net.Network;
import a3c.kernels.Adam;
import a3c.kernels.RmsProp;
import a3c.kernels.memory.AlignedBlock;
import a3c.kernels.memory.FloatArena;

/**
 * The ONE parameter arena, the ONE set of optimiser statistics and the ONE update count every worker reads
 * and updates, without locks (Hogwild): see {@link #applyGradients}.
 *
 * <pre>
 * parameters:  [ the network's layout, padding included: P floats ]
 * statistics:  [ RMSProp mean squares: P ]               --optimizer rmsprop
 *              [ Adam first moments: P | second: P ]     --optimizer adam
 * updates:     optimiser steps taken by all workers (Adam's bias correction counts them)
 * </pre>
 */
public final class SharedModel implements AutoCloseable {
    private final NetSpec spec;
    private final Optimizer optimizer;
    private final FloatArena parameters;
    private final AlignedBlock statistics;
    private final MemorySegment[] statistic;
    private final PaddedCounter updates = new PaddedCounter();

    public SharedModel(NetSpec spec, Optimizer optimizer) {
        this.spec = spec;
        this.optimizer = optimizer;
        this.parameters = new FloatArena(spec.layout());
        long floats = parameters.floats();
        this.statistics = AlignedBlock.ofFloats(floats * optimizer.statisticsPerParameter());
        this.statistic = new MemorySegment[optimizer.statisticsPerParameter()];
        for (int i = 0; i < statistic.length; i++) {
            statistic[i] = statistics.segment().asSlice(i * floats * Float.BYTES, floats * Float.BYTES);
        }
    }

    public NetSpec spec() {
        return spec;
    }

    public Optimizer optimizer() {
        return optimizer;
    }

    public FloatArena parameters() {
        return parameters;
    }

    /** All the optimiser's statistics, one block: what checkpoints store. */
    public MemorySegment statistics() {
        return statistics.segment();
    }

    /** The {@code i}-th array of statistics (RMSProp: 0, the mean squares; Adam: 0 and 1, the moments). */
    public MemorySegment statistic(int i) {
        return statistic[i];
    }

    /** Optimiser steps taken, by all workers and all sessions of the run. */
    public PaddedCounter updates() {
        return updates;
    }

    /**
     * The optimiser step of one update, with plain loads and stores onto the shared parameters and statistics,
     * racing with the other threads on purpose (Hogwild, Recht et al. 2011; Mnih et al. 2016): an update may
     * interleave with another thread's, so one of two concurrent writes to a float can be lost or a reader may
     * see a mix of old and new floats. Each such loss is one small step of one parameter; float stores are
     * atomic, so no value is ever torn, and SGD tolerates the noise. Locks would serialise the threads instead.
     * The same pass scales {@code net}'s gradient by the clip factor, copies the updated shared parameters into
     * {@code net}'s (an A3C worker's local copy, which its next rollout starts from; the shared ones themselves
     * for a GA3C trainer) and clears the gradient. Returns the update's number: the model's update count after it.
     */
    long applyGradients(Hyper h, Network net, float learningRate, float clipFactor) {
        long t = updates.addAndGet(1); // Adam's bias correction counts every thread's steps
        MemorySegment params = parameters.segment(), grads = net.gradients().segment(), local = net.parameters().segment();
        long floats = net.gradients().floats();
        switch (h.optimizer()) {
            case RMSPROP -> RmsProp.applyPlain(params, statistic[0], grads, clipFactor, local, floats,
                    learningRate, h.rmsDecay(), h.rmsEpsilon());
            case ADAM -> Adam.applyPlain(params, statistic[0], statistic[1], grads, clipFactor, local, floats,
                    Adam.stepSize(learningRate, h.adamBeta1(), h.adamBeta2(), t), h.adamBeta1(), h.adamBeta2(), h.adamEpsilon());
        }
        return t;
    }

    @Override
    public void close() {
        parameters.close();
        statistics.close();
    }
}
