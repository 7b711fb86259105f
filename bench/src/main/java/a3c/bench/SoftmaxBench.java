package a3c.bench;

import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;

import a3c.kernels.Softmax;
import a3c.kernels.reference.SoftmaxRef;
import a3c.kernels.testing.TestMemory;

/**
 * The policy head's softmax: forward (probabilities, log-probabilities and entropy) and backward
 * (through log-softmax and entropy, what the A3C loss uses), for 6 actions (Pong) and 18 (the full
 * Atari set). Shape {@code K}: actions per row. FLOPs are declared per element, exp and log counting as
 * one: forward {@link Softmax#forwardFlops} plus 2 per element for the entropy; backward 5 per element
 * (log-softmax) plus 5 (entropy). These rows are tiny: the numbers say how long the call takes, not how
 * close to the FMA roofline it gets.
 *
 * <p>Warm-up: setup checks the answer, then runs the benchmarked method for a while ({@link Checks#warmUp})
 * before the pass's own warm-up iterations. One fork: the kernels keep no state a second fork would vary.
 */
@State(Scope.Thread)
@Fork(value = 1, jvmArgsPrepend = {Jvm.ADD_MODULES, Jvm.OPEN_MISC, Jvm.NATIVE_ACCESS, Jvm.NO_BOUNDS_CHECKS, Jvm.JMH_UNSAFE})
public class SoftmaxBench {
    @Param({"6", "18"})
    public String shape;
    @Param({"1", "5", "20"})
    public int batch;

    private TestMemory memory;
    private int k;
    private MemorySegment logits, probs, logProbs, entropy, dLogProbs, dEntropy, dLogits;

    @Setup
    public void setup(BenchmarkParams benchmark) {
        k = Integer.parseInt(shape.trim());
        int n = batch;
        SplittableRandom rng = new SplittableRandom(42);
        double[] l = TestMemory.uniform(rng, n * k, 3), dlp = TestMemory.uniform(rng, n * k, 1);
        double[] dh = TestMemory.uniform(rng, n, 1);
        memory = new TestMemory();
        logits = memory.of(l);
        dLogProbs = memory.of(dlp);
        dEntropy = memory.of(dh);
        probs = memory.zeros(n * k);
        logProbs = memory.zeros(n * k);
        entropy = memory.zeros(n);
        dLogits = memory.zeros(n * k);
        double[] pr = new double[n * k], lpr = new double[n * k], hr = new double[n], dlr = new double[n * k];
        SoftmaxRef.forward(n, k, l, pr, lpr);
        SoftmaxRef.entropy(n, k, pr, lpr, hr);
        SoftmaxRef.backwardLogSoftmax(n, k, pr, dlp, dlr);
        SoftmaxRef.backwardEntropy(n, k, pr, lpr, hr, dh, dlr);
        forward(new FlopCounter());
        backward(new FlopCounter());
        Checks.same("softmax probs", pr, probs);
        Checks.same("softmax logProbs", lpr, logProbs);
        Checks.same("softmax entropy", hr, entropy);
        Checks.same("softmax dLogits", dlr, dLogits);
        FlopCounter warm = new FlopCounter();
        Checks.warmUp(Checks.method(benchmark).equals("forward") ? () -> forward(warm) : () -> backward(warm));
    }

    @TearDown
    public void close() {
        memory.close();
    }

    @Benchmark
    public MemorySegment forward(FlopCounter counter) {
        Softmax.forward(batch, k, logits, probs, logProbs);
        Softmax.entropy(batch, k, probs, logProbs, entropy);
        counter.flops += Softmax.forwardFlops(batch, k) + 2L * batch * k;
        return entropy;
    }

    @Benchmark
    public MemorySegment backward(FlopCounter counter) {
        Softmax.backwardLogSoftmax(batch, k, probs, dLogProbs, dLogits);
        Softmax.backwardEntropy(batch, k, probs, logProbs, entropy, dEntropy, dLogits);
        counter.flops += 10L * batch * k;
        return dLogits;
    }
}
