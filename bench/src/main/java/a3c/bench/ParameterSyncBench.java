package a3c.bench;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

import a3c.engine.cluster.ParameterSync;
import a3c.kernels.testing.TestMemory;

/**
 * One cluster sync's parameter arithmetic (issue #11), every part of it, one thread (shape: floats; 677,429 is
 * Breakout's {@code ff}): a worker node's {@code delta} (the change in fp16, error feedback), the learner's
 * {@code finite} check and {@code add} (the change added to the master, its new values answered in fp16), and the
 * node's {@code apply} of the answer. No network, no Pekko: what each side's CPU pays per sync besides them.
 * FLOPs counted: the float additions and subtractions (delta 2 a float, add 1, apply 2), so the rate says how
 * many floats a second each pass gets through; the conversions to and from fp16 are not counted.
 */
@State(Scope.Thread)
@Fork(value = 1, jvmArgsPrepend = {Jvm.ADD_MODULES, Jvm.OPEN_MISC, Jvm.NATIVE_ACCESS, Jvm.NO_BOUNDS_CHECKS, Jvm.JMH_UNSAFE})
public class ParameterSyncBench {
    @Param({"677429"})
    public String shape;

    private TestMemory memory;
    private int floats;
    private int parts;
    private MemorySegment local, master;
    private ParameterSync sync;
    private byte[][] changes, answers;

    @Setup
    public void setup() {
        floats = Integer.parseInt(shape.trim());
        parts = ParameterSync.parts(floats);
        SplittableRandom rng = new SplittableRandom(42);
        memory = new TestMemory();
        double[] p = TestMemory.uniform(rng, floats, 0.1);
        master = memory.of(p);
        local = memory.of(p);
        sync = new ParameterSync(local, floats);
        sync.start(ParameterSync.copy(master, floats));
        changes = new byte[parts][];
        answers = new byte[parts][];
        step(rng);
        FlopCounter warm = new FlopCounter();
        Checks.warmUp(() -> {
            delta(warm);
            add(warm, null);
            apply(warm);
        });
    }

    /** The node's threads train a little: every parameter moves by up to 1e-3. */
    private void step(SplittableRandom rng) {
        for (int i = 0; i < floats; i++) {
            local.setAtIndex(ValueLayout.JAVA_FLOAT, i, local.getAtIndex(ValueLayout.JAVA_FLOAT, i) + (float) rng.nextDouble(-1e-3, 1e-3));
        }
    }

    @TearDown
    public void tearDown() {
        memory.close();
    }

    /** The worker node: the change of every part, in fp16. */
    @Benchmark
    public void delta(FlopCounter counter) {
        for (int part = 0; part < parts; part++) {
            changes[part] = sync.delta(part);
        }
        counter.flops += 2.0 * floats;
    }

    /** The learner: every part checked, added to the master and answered (the same changes each time). */
    @Benchmark
    public void add(FlopCounter counter, Blackhole hole) {
        for (int part = 0; part < parts; part++) {
            if (!ParameterSync.finite(changes[part])) {
                throw new IllegalStateException("a finite change read as not finite");
            }
            answers[part] = ParameterSync.add(master, floats, ParameterSync.offset(part), changes[part]);
        }
        if (hole != null) {
            hole.consume(answers);
        }
        counter.flops += floats;
    }

    /** The worker node: every part of the learner's answer taken, with what its threads did since. */
    @Benchmark
    public void apply(FlopCounter counter) {
        for (int part = 0; part < parts; part++) {
            sync.apply(ParameterSync.offset(part), answers[part]);
        }
        counter.flops += 2.0 * floats;
    }
}
