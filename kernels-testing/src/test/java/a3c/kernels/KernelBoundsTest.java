package a3c.kernels;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import a3c.kernels.testing.TestMemory;

/**
 * Every public kernel entry checks every tensor it reads or writes against the shape it was given: a
 * segment one float short is refused with an {@link IllegalArgumentException} that names the tensor, before
 * anything is read or written; segments of exactly the shape's size are accepted. The engine and the
 * benchmarks run with the Vector API's own bounds check off, so these checks are all that stands between
 * a mis-sized slice and silent corruption of off-heap memory.
 *
 * <p>The shapes are awkward on purpose (a whole weight panel and a narrow one, odd lengths, channels past
 * the last pair of vectors) so that at every vector width each entry's vector bodies and tails run. The
 * tests themselves run with the Vector API's bounds check on, so the exact-size calls also show that no
 * kernel touches more than its shape says. {@code ArenaOps.zero} is not here: it takes no shape, and fills
 * exactly the segment it is given.
 */
@Tag("simd")
class KernelBoundsTest {
    /** A tensor argument: its name in the kernel's messages and its size in 4-byte elements. */
    record Tensor(String name, long size, boolean indices) {
        static Tensor of(String name, long size) {
            return new Tensor(name, size, false);
        }
    }

    /** One call of a public entry, given its tensors in the order {@link Entry#tensors} lists them. */
    interface Call {
        void run(MemorySegment[] t);
    }

    /** A public entry point at one shape: the tensors it checks and how to call it. */
    record Entry(String name, List<Tensor> tensors, Call call) {
        @Override
        public String toString() {
            return name;
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("entries")
    void refusesEachTensorOneFloatShortAndAcceptsExactSizes(Entry e) {
        try (TestMemory m = new TestMemory()) {
            MemorySegment[] exact = new MemorySegment[e.tensors().size()];
            for (int i = 0; i < exact.length; i++) {
                exact[i] = filled(m, e.tensors().get(i));
            }
            assertDoesNotThrow(() -> e.call().run(exact.clone()), e + ": exact sizes");
            for (int i = 0; i < exact.length; i++) {
                String name = e.tensors().get(i).name();
                MemorySegment[] t = exact.clone();
                t[i] = exact[i].asSlice(0, exact[i].byteSize() - Float.BYTES);
                IllegalArgumentException x = assertThrows(IllegalArgumentException.class, () -> e.call().run(t),
                        e + ": " + name + " one float short");
                assertTrue(x.getMessage().startsWith(name + " holds "), e + ": " + x.getMessage());
            }
        }
    }

    /**
     * Small values of both signs and some zeros (ReLU-like inputs take the sparse paths); index tensors
     * (argmax) stay 0, the first cell of every window, which is real under VALID padding.
     */
    private static MemorySegment filled(TestMemory m, Tensor t) {
        MemorySegment s = m.zeros(Math.toIntExact(t.size()));
        if (!t.indices()) {
            for (long i = 0; i < t.size(); i++) {
                s.setAtIndex(ValueLayout.JAVA_FLOAT, i, (i * 37 % 11 - 5) / 8f);
            }
        }
        return s;
    }

    static List<Entry> entries() {
        List<Entry> all = new ArrayList<>();
        dense(all, 3, 13, 70);
        dense(all, 1, 9, 129);
        lstm(all, 3, new LstmShape(13, 17));
        lstm(all, 1, new LstmShape(5, 3));
        softmax(all, 3, 18);
        softmax(all, 2, 3);
        elementwise(all, 37);
        elementwise(all, 1100);
        conv(all, 2, ConvShape.parse("7x9x3>3x4x5 k3s2"));
        conv(all, 2, ConvShape.parse("6x6x4>2x2x34 k3s3"));
        conv(all, 2, ConvShape.parse("19x15x8>4x3x16 k8s3")); // the window row on the lanes at 512 bits
        pool(all, 2, PoolShape.parse("9x7x37>4x3 p3s2 valid"));
        pool(all, 1, PoolShape.parse("6x5x20>3x2 p2s2 valid"));
        return all;
    }

    private static void dense(List<Entry> all, int n, int in, int out) {
        String at = " n=" + n + " " + in + ">" + out;
        all.add(new Entry("Dense.forward" + at,
                List.of(Tensor.of("x", (long) n * in), Tensor.of("w", (long) in * out), Tensor.of("b", out),
                        Tensor.of("y", (long) n * out)),
                t -> Dense.forward(n, in, out, t[0], t[1], t[2], t[3])));
        all.add(new Entry("Dense.forwardSparse" + at,
                List.of(Tensor.of("x", (long) n * in), Tensor.of("w", (long) in * out), Tensor.of("b", out),
                        Tensor.of("y", (long) n * out)),
                t -> Dense.forwardSparse(n, in, out, t[0], t[1], t[2], t[3], new int[in])));
        all.add(new Entry("Dense.backwardParams" + at,
                List.of(Tensor.of("x", (long) n * in), Tensor.of("dy", (long) n * out), Tensor.of("dw", (long) in * out),
                        Tensor.of("db", out)),
                t -> Dense.backwardParams(n, in, out, t[0], t[1], t[2], t[3])));
        all.add(new Entry("Dense.backwardSparse" + at,
                List.of(Tensor.of("x", (long) n * in), Tensor.of("w", (long) in * out), Tensor.of("dy", (long) n * out),
                        Tensor.of("dw", (long) in * out), Tensor.of("db", out), Tensor.of("dx", (long) n * in)),
                t -> Dense.backwardSparse(n, in, out, t[0], t[1], t[2], t[3], t[4], t[5], new int[in])));
        all.add(new Entry("Dense.backwardInput" + at,
                List.of(Tensor.of("w", (long) in * out), Tensor.of("dy", (long) n * out), Tensor.of("dx", (long) n * in)),
                t -> Dense.backwardInput(n, in, out, t[0], t[1], t[2])));
    }

    private static void lstm(List<Entry> all, int n, LstmShape s) {
        String at = " n=" + n + " " + s.in() + ">" + s.hidden();
        Tensor x = Tensor.of("x", s.inputFloats(n)), hPrev = Tensor.of("hPrev", s.stateFloats(n));
        Tensor cPrev = Tensor.of("cPrev", s.stateFloats(n)), wx = Tensor.of("wx", s.wxFloats());
        Tensor wh = Tensor.of("wh", s.whFloats()), gates = Tensor.of("gates", s.gateFloats(n));
        Tensor tanhC = Tensor.of("tanhC", s.stateFloats(n)), dGates = Tensor.of("dGates", s.gateFloats(n));
        Tensor dh = Tensor.of("dh", s.stateFloats(n)), dc = Tensor.of("dc", s.stateFloats(n));
        Tensor dwx = Tensor.of("dwx", s.wxFloats()), dwh = Tensor.of("dwh", s.whFloats());
        Tensor db = Tensor.of("db", s.biasFloats()), dx = Tensor.of("dx", s.inputFloats(n));
        Tensor dhPrev = Tensor.of("dhPrev", s.stateFloats(n)), dcPrev = Tensor.of("dcPrev", s.stateFloats(n));
        all.add(new Entry("LstmCell.forward" + at,
                List.of(x, hPrev, cPrev, wx, wh, Tensor.of("b", s.biasFloats()), Tensor.of("h", s.stateFloats(n)),
                        Tensor.of("c", s.stateFloats(n)), gates, tanhC),
                t -> LstmCell.forward(n, s, t[0], t[1], t[2], t[3], t[4], t[5], t[6], t[7], t[8], t[9])));
        all.add(new Entry("LstmCell.backward" + at,
                List.of(x, hPrev, cPrev, wx, wh, gates, tanhC, dh, dc, dwx, dwh, db, dx, dhPrev, dcPrev, dGates),
                t -> LstmCell.backward(n, s, t[0], t[1], t[2], t[3], t[4], t[5], t[6], t[7], t[8], t[9], t[10], t[11],
                        t[12], t[13], t[14], t[15])));
        all.add(new Entry("LstmCell.backwardState" + at,
                List.of(cPrev, wh, gates, tanhC, dh, dc, dhPrev, dcPrev, dGates),
                t -> LstmCell.backwardState(n, s, t[0], t[1], t[2], t[3], t[4], t[5], t[6], t[7], t[8])));
        all.add(new Entry("LstmCell.backwardParams" + at,
                List.of(x, hPrev, wx, dGates, dwx, dwh, db, dx),
                t -> LstmCell.backwardParams(n, s, t[0], t[1], t[2], t[3], t[4], t[5], t[6], t[7])));
    }

    private static void softmax(List<Entry> all, int n, int k) {
        String at = " n=" + n + " k=" + k;
        long nk = (long) n * k;
        all.add(new Entry("Softmax.forward" + at,
                List.of(Tensor.of("logits", nk), Tensor.of("probs", nk), Tensor.of("logProbs", nk)),
                t -> Softmax.forward(n, k, t[0], t[1], t[2])));
        all.add(new Entry("Softmax.entropy" + at,
                List.of(Tensor.of("probs", nk), Tensor.of("logProbs", nk), Tensor.of("entropy", n)),
                t -> Softmax.entropy(n, k, t[0], t[1], t[2])));
        all.add(new Entry("Softmax.backwardLogSoftmax" + at,
                List.of(Tensor.of("probs", nk), Tensor.of("dLogProbs", nk), Tensor.of("dLogits", nk)),
                t -> Softmax.backwardLogSoftmax(n, k, t[0], t[1], t[2])));
        all.add(new Entry("Softmax.backwardSoftmax" + at,
                List.of(Tensor.of("probs", nk), Tensor.of("dProbs", nk), Tensor.of("dLogits", nk)),
                t -> Softmax.backwardSoftmax(n, k, t[0], t[1], t[2])));
        all.add(new Entry("Softmax.backwardEntropy" + at,
                List.of(Tensor.of("probs", nk), Tensor.of("logProbs", nk), Tensor.of("entropy", n),
                        Tensor.of("dEntropy", n), Tensor.of("dLogits", nk)),
                t -> Softmax.backwardEntropy(n, k, t[0], t[1], t[2], t[3], t[4])));
    }

    /** The kernels over a flat run of floats: ReLU, RMSProp, the gradient norm, the arena copy. */
    private static void elementwise(List<Entry> all, int length) {
        String at = " length=" + length;
        all.add(new Entry("Relu.forward" + at, List.of(Tensor.of("x", length), Tensor.of("y", length)),
                t -> Relu.forward(t[0], t[1], length)));
        PadShape pad = PadShape.same(length, 3, 2, 3, 2);
        all.add(new Entry("Pad2d.forward" + at, List.of(Tensor.of("x", pad.inSize()), Tensor.of("y", pad.outSize())),
                t -> Pad2d.forward(pad, 1, t[0], t[1])));
        all.add(new Entry("Pad2d.backward" + at, List.of(Tensor.of("dy", pad.outSize()), Tensor.of("dx", pad.inSize())),
                t -> Pad2d.backward(pad, 1, t[0], t[1])));
        all.add(new Entry("Elu.forward" + at, List.of(Tensor.of("x", length), Tensor.of("y", length)),
                t -> Elu.forward(t[0], t[1], length)));
        all.add(new Entry("Elu.backward" + at, List.of(Tensor.of("y", length), Tensor.of("dy", length), Tensor.of("dx", length)),
                t -> Elu.backward(t[0], t[1], t[2], length)));
        all.add(new Entry("Relu.backward" + at,
                List.of(Tensor.of("y", length), Tensor.of("dy", length), Tensor.of("dx", length)),
                t -> Relu.backward(t[0], t[1], t[2], length)));
        all.add(new Entry("RmsProp.applyPlain" + at,
                List.of(Tensor.of("params", length), Tensor.of("meanSquare", length), Tensor.of("grads", length),
                        Tensor.of("local", length)),
                t -> RmsProp.applyPlain(t[0], t[1], t[2], 0.5f, t[3], length, 7e-4f, 0.99f, 0.1f)));
        all.add(new Entry("Adam.applyPlain" + at,
                List.of(Tensor.of("params", length), Tensor.of("m", length), Tensor.of("v", length), Tensor.of("grads", length),
                        Tensor.of("local", length)),
                t -> Adam.applyPlain(t[0], t[1], t[2], t[3], 0.5f, t[4], length, 1e-3f, 0.9f, 0.999f, 1e-8f)));
        all.add(new Entry("GradientNorm.l2" + at, List.of(Tensor.of("g", length)), t -> GradientNorm.l2(t[0], length)));
        all.add(new Entry("GradientNorm.clipByNorm" + at, List.of(Tensor.of("g", length)),
                t -> GradientNorm.clipByNorm(t[0], length, 0.5)));
        all.add(new Entry("GradientNorm.scale" + at, List.of(Tensor.of("g", length)),
                t -> GradientNorm.scale(t[0], length, 2f)));
        // the source's size is the shape: only the destination can be short
        all.add(new Entry("ArenaOps.copy" + at, List.of(Tensor.of("dst", length)),
                t -> ArenaOps.copy(MemorySegment.ofArray(new float[length]), t[0])));
        all.add(new Entry("ArenaOps.offset" + at, List.of(Tensor.of("x", length)),
                t -> ArenaOps.offset(t[0], length, 1f)));
    }

    private static void conv(List<Entry> all, int n, ConvShape s) {
        String at = " n=" + n + " " + s;
        Tensor x = Tensor.of("x", (long) n * s.inSize()), w = Tensor.of("w", s.weightSize());
        Tensor dy = Tensor.of("dy", (long) n * s.outSize());
        all.add(new Entry("Conv2d.forward" + at,
                List.of(x, w, Tensor.of("b", s.outC()), Tensor.of("y", (long) n * s.outSize())),
                t -> Conv2d.forward(s, n, t[0], t[1], t[2], t[3])));
        all.add(new Entry("Conv2d.backwardParams" + at,
                List.of(x, dy, Tensor.of("dw", s.weightSize()), Tensor.of("db", s.outC()),
                        Tensor.of("scratch", s.backwardParamsScratchFloats())),
                t -> Conv2d.backwardParams(s, n, t[0], t[1], t[2], t[3], t[4])));
        all.add(new Entry("Conv2d.forwardSparse" + at,
                List.of(x, w, Tensor.of("b", s.outC()), Tensor.of("y", (long) n * s.outSize())),
                t -> Conv2d.forwardSparse(s, n, t[0], t[1], t[2], t[3], new int[s.sparseIndexInts()])));
        all.add(new Entry("Conv2d.backwardParamsSparse" + at,
                List.of(x, dy, Tensor.of("dw", s.weightSize()), Tensor.of("db", s.outC()),
                        Tensor.of("scratch", s.backwardParamsScratchFloats())),
                t -> Conv2d.backwardParamsSparse(s, n, t[0], t[1], t[2], t[3], t[4], new int[s.sparseIndexInts()])));
        all.add(new Entry("Conv2d.backwardInput" + at,
                List.of(w, dy, Tensor.of("dx", (long) n * s.inSize()),
                        Tensor.of("scratch", s.backwardInputScratchFloats())),
                t -> Conv2d.backwardInput(s, n, t[0], t[1], t[2], t[3])));
    }

    private static void pool(List<Entry> all, int n, PoolShape s) {
        String at = " n=" + n + " " + s;
        Tensor argmax = new Tensor("argmax", (long) n * s.argmaxInts(), true);
        all.add(new Entry("MaxPool2d.forward" + at,
                List.of(Tensor.of("x", (long) n * s.inSize()), Tensor.of("y", (long) n * s.outSize()), argmax),
                t -> MaxPool2d.forward(s, n, t[0], t[1], t[2])));
        all.add(new Entry("MaxPool2d.backward" + at,
                List.of(argmax, Tensor.of("dy", (long) n * s.outSize()), Tensor.of("dx", (long) n * s.inSize())),
                t -> MaxPool2d.backward(s, n, t[0], t[1], t[2])));
    }
}
