package a3c.engine.train;

import java.lang.foreign.MemorySegment;

import a3c.engine.net.NetSpec;
import a3c.kernels.memory.AlignedBlock;
import a3c.kernels.memory.FloatArena;

/**
 * The ONE parameter arena, the ONE set of optimiser statistics and the ONE update count every worker reads
 * and updates, without locks (Hogwild): see {@link Worker#applyPlain}.
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

    @Override
    public void close() {
        parameters.close();
        statistics.close();
    }
}
