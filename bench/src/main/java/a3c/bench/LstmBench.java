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

import a3c.kernels.LstmCell;
import a3c.kernels.LstmShape;
import a3c.kernels.reference.LstmCellRef;
import a3c.kernels.testing.TestMemory;

/**
 * One LSTM step forward and backward at the A3C shape (256 features into 256 cells), batch 1 (acting),
 * 5 and 20 (rollouts). FLOPs count the products only ({@link LstmShape#forwardFlops}): the gate
 * activations' time is in the rate, their operations are not.
 *
 * <p>Warm-up: setup checks the answer, then runs the benchmarked method for a while ({@link Checks#warmUp})
 * before the pass's own warm-up iterations. One fork: the kernels keep no state a second fork would vary.
 */
@State(Scope.Thread)
@Fork(value = 1, jvmArgsPrepend = {Jvm.ADD_MODULES, Jvm.OPEN_MISC, Jvm.NATIVE_ACCESS, Jvm.NO_BOUNDS_CHECKS, Jvm.JMH_UNSAFE})
public class LstmBench {
    @Param({"256>256"})
    public String shape;
    @Param({"1", "5", "20"})
    public int batch;

    private TestMemory memory;
    private LstmShape s;
    private MemorySegment x, hPrev, cPrev, wx, wh, b, h, c, gates, tanhC, dh, dc, dwx, dwh, db, dx, dhPrev, dcPrev, dGates;

    @Setup
    public void setup(BenchmarkParams benchmark) {
        int[] io = Checks.shape(shape);
        s = new LstmShape(io[0], io[1]);
        int n = batch, in = s.in(), hidden = s.hidden();
        SplittableRandom rng = new SplittableRandom(42);
        double scale = 2 / Math.sqrt(in + hidden);
        double[] xd = TestMemory.uniform(rng, n * in, 1), hp = TestMemory.uniform(rng, n * hidden, 1);
        double[] cp = TestMemory.uniform(rng, n * hidden, 1), wxd = TestMemory.uniform(rng, s.wxFloats(), scale);
        double[] whd = TestMemory.uniform(rng, s.whFloats(), scale), bd = TestMemory.uniform(rng, s.biasFloats(), 0.5);
        double[] dhd = TestMemory.uniform(rng, n * hidden, 1), dcd = TestMemory.uniform(rng, n * hidden, 1);
        memory = new TestMemory();
        x = memory.of(xd);
        hPrev = memory.of(hp);
        cPrev = memory.of(cp);
        wx = memory.of(wxd);
        wh = memory.of(whd);
        b = memory.of(bd);
        dh = memory.of(dhd);
        dc = memory.of(dcd);
        h = memory.zeros(s.stateFloats(n));
        c = memory.zeros(s.stateFloats(n));
        tanhC = memory.zeros(s.stateFloats(n));
        gates = memory.zeros(s.gateFloats(n));
        dGates = memory.zeros(s.gateFloats(n));
        dwx = memory.zeros(s.wxFloats());
        dwh = memory.zeros(s.whFloats());
        db = memory.zeros(s.biasFloats());
        dx = memory.zeros(s.inputFloats(n));
        dhPrev = memory.zeros(s.stateFloats(n));
        dcPrev = memory.zeros(s.stateFloats(n));
        check(xd, hp, cp, wxd, whd, bd, dhd, dcd);
        FlopCounter warm = new FlopCounter();
        Checks.warmUp(Checks.method(benchmark).equals("forward") ? () -> forward(warm) : () -> backward(warm));
    }

    /** The one check of this benchmark's own buffers against the reference twin. */
    private void check(double[] xd, double[] hp, double[] cp, double[] wxd, double[] whd, double[] bd, double[] dhd,
                       double[] dcd) {
        int n = batch, in = s.in(), hidden = s.hidden();
        double[] hr = new double[n * hidden], cr = new double[n * hidden], tr = new double[n * hidden];
        double[] gr = new double[n * 4 * hidden];
        LstmCellRef.forward(n, in, hidden, xd, hp, cp, wxd, whd, bd, hr, cr, gr, tr);
        double[] dwxr = new double[s.wxFloats()], dwhr = new double[s.whFloats()], dbr = new double[s.biasFloats()];
        double[] dxr = new double[n * in], dhr = new double[n * hidden], dcr = new double[n * hidden];
        LstmCellRef.backward(n, in, hidden, xd, hp, cp, wxd, whd, gr, tr, dhd, dcd, dwxr, dwhr, dbr, dxr, dhr, dcr);
        forward(new FlopCounter());
        backward(new FlopCounter());
        Checks.same("lstm h", hr, h);
        Checks.same("lstm c", cr, c);
        Checks.same("lstm dwx", dwxr, dwx);
        Checks.same("lstm dwh", dwhr, dwh);
        Checks.same("lstm db", dbr, db);
        Checks.same("lstm dx", dxr, dx);
        Checks.same("lstm dhPrev", dhr, dhPrev);
        Checks.same("lstm dcPrev", dcr, dcPrev);
    }

    @TearDown
    public void close() {
        memory.close();
    }

    @Benchmark
    public MemorySegment forward(FlopCounter counter) {
        LstmCell.forward(batch, s, x, hPrev, cPrev, wx, wh, b, h, c, gates, tanhC);
        counter.flops += s.forwardFlops(batch);
        return h;
    }

    @Benchmark
    public MemorySegment backward(FlopCounter counter) {
        LstmCell.backward(batch, s, x, hPrev, cPrev, wx, wh, gates, tanhC, dh, dc, dwx, dwh, db, dx, dhPrev, dcPrev, dGates);
        counter.flops += s.backwardFlops(batch);
        return dwx;
    }
}
