package a3c.bench;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Floating-point operations done by a benchmark: each invocation adds its FLOP count, and JMH reports
 * the field as a rate ("flops", per second), so GFLOP/s comes straight out of the run.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.OPERATIONS)
public class FlopCounter {
    /** FLOPs done in this iteration. */
    public double flops;

    @Setup(Level.Iteration)
    public void reset() {
        flops = 0;
    }
}
