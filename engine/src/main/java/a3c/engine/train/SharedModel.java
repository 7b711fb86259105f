package a3c.engine.train;

import a3c.engine.net.NetSpec;
import a3c.kernels.memory.FloatArena;

/**
 * The ONE parameter arena and the ONE set of RMSProp statistics every worker reads and updates, without
 * locks (Hogwild): see {@link Worker#applyPlain}.
 */
public final class SharedModel implements AutoCloseable {
    private final NetSpec spec;
    private final FloatArena parameters;
    private final FloatArena meanSquares;

    public SharedModel(NetSpec spec) {
        this.spec = spec;
        this.parameters = new FloatArena(spec.layout());
        this.meanSquares = new FloatArena(spec.layout());
    }

    public NetSpec spec() {
        return spec;
    }

    public FloatArena parameters() {
        return parameters;
    }

    public FloatArena meanSquares() {
        return meanSquares;
    }

    @Override
    public void close() {
        parameters.close();
        meanSquares.close();
    }
}
