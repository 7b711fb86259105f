package a3c.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

import a3c.kernels.FmaPeak;

/** The roofline: independent FMA chains, no memory; every kernel's GFLOP/s is quoted as a ratio to this. */
@State(Scope.Thread)
@Fork(value = 1, jvmArgsPrepend = {Jvm.ADD_MODULES, Jvm.OPEN_MISC, Jvm.NATIVE_ACCESS, Jvm.NO_BOUNDS_CHECKS, Jvm.JMH_UNSAFE})
public class PeakFmaBench {
    /** Long enough that loop entry and the final reduction are noise. */
    private static final long ITERATIONS = 4096;

    private float seed = 1f;

    @Benchmark
    public float peak(FlopCounter counter) {
        float r = FmaPeak.run(ITERATIONS, seed);
        counter.flops += ITERATIONS * FmaPeak.flopsPerIteration();
        return r;
    }
}
