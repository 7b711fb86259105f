package a3c.kernels;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Fully connected layer {@code y = x . w + b}.
 *
 * <p>{@code x: N,IN} row-major; {@code w: IN,OUT} in {@link WeightPanels} (column panels of 64 outputs:
 * for OUT of at most 64 that is plain input-major IN,OUT); {@code b: OUT}; {@code y: N,OUT} row-major.
 * Outputs sit on the vector lanes. Forward keeps nothing: backward needs x (the caller's input buffer)
 * and w. Both backwards ADD into the gradients they produce; zeroing is the caller's separate step.
 * Every entry checks each tensor's size against n, IN and OUT once ({@link Bounds}), before its loops.
 */
public final class Dense {
    private static final VectorSpecies<Float> S = Simd.SPECIES;
    private static final ByteOrder ORDER = Simd.ORDER;
    private static final ValueLayout.OfFloat F = Simd.FLOAT;
    private static final int L = Simd.LANES;

    private Dense() {
    }

    /** Floating-point operations of {@link #forward}: one FMA per input, output and row. */
    public static long forwardFlops(int n, int in, int out) {
        return 2L * n * in * out;
    }

    /** {@code y = x . w + b}, y overwritten. x, w, b, y: see the class comment; y must not alias x. */
    public static void forward(int n, int in, int out, MemorySegment x, MemorySegment w, MemorySegment b, MemorySegment y) {
        // x: N,IN   w: IN,OUT (panels)   b: OUT   y: N,OUT
        Bounds.require(x, (long) n * in, "x");
        Bounds.require(w, (long) in * out, "w");
        Bounds.require(b, out, "b");
        Bounds.require(y, (long) n * out, "y");
        MatMul.forward(n, in, out, x, w, b, y);
    }

    /**
     * {@code y = x . w + b} for x of which many entries are 0 in every row (the output of a ReLU: an idle unit
     * is 0 in all the games a worker acts for): the same result as {@link #forward} (less the {@code 0 * w}
     * terms), reading only the weight rows of the inputs that are not 0 in some row. {@code nonZero}: the
     * caller's scratch of at least {@code in} ints, overwritten.
     */
    public static void forwardSparse(int n, int in, int out, MemorySegment x, MemorySegment w, MemorySegment b,
                                     MemorySegment y, int[] nonZero) {
        Bounds.require(x, (long) n * in, "x");
        Bounds.require(w, (long) in * out, "w");
        Bounds.require(b, out, "b");
        Bounds.require(y, (long) n * out, "y");
        requireScratch(nonZero, in);
        MatMul.forwardListed(n, in, out, x, w, b, y, nonZero, MatMul.listNonZero(n, in, x, nonZero));
    }

    /**
     * {@code dw += x^T . dy}, {@code db += sum over rows of dy}. {@code x: N,IN}, {@code dy: N,OUT},
     * {@code dw: IN,OUT} in panels like w, {@code db: OUT}.
     */
    public static void backwardParams(int n, int in, int out, MemorySegment x, MemorySegment dy, MemorySegment dw,
                                      MemorySegment db) {
        Bounds.require(x, (long) n * in, "x");
        Bounds.require(dy, (long) n * out, "dy");
        Bounds.require(dw, (long) in * out, "dw");
        Bounds.require(db, out, "db");
        MatMulGradW.accumulate(n, in, out, x, dy, dw);
        addColumnSums(n, out, dy, db);
    }

    /**
     * Both backwards of a layer whose input is a ReLU's output, reading and writing only the rows of w and dw (and
     * the columns of dx) of the inputs that are not 0 in some batch row: {@code dw += x^T . dy} (the rows left out
     * would add only zeros), {@code db += sum over rows of dy}, and, unless {@code dx} is null, {@code dx += dy .
     * w^T} for those columns only: dx's other columns are left as they are, for the ReLU's backward discards them
     * (its output is 0 there in every row). {@code nonZero}: the caller's scratch of at least {@code in} ints.
     */
    public static void backwardSparse(int n, int in, int out, MemorySegment x, MemorySegment w, MemorySegment dy,
                                      MemorySegment dw, MemorySegment db, MemorySegment dx, int[] nonZero) {
        Bounds.require(x, (long) n * in, "x");
        Bounds.require(w, (long) in * out, "w");
        Bounds.require(dy, (long) n * out, "dy");
        Bounds.require(dw, (long) in * out, "dw");
        Bounds.require(db, out, "db");
        if (dx != null) {
            Bounds.require(dx, (long) n * in, "dx");
        }
        requireScratch(nonZero, in);
        int count = MatMul.listNonZero(n, in, x, nonZero);
        MatMulGradW.accumulateListed(n, in, out, x, dy, dw, nonZero, count);
        addColumnSums(n, out, dy, db);
        if (dx != null) {
            MatMulGradX.accumulateListed(n, in, out, w, dy, dx, nonZero, count);
        }
    }

    private static void requireScratch(int[] nonZero, int in) {
        if (nonZero.length < in) {
            throw new IllegalArgumentException("nonZero holds " + nonZero.length + " ints; this layer needs " + in);
        }
    }

    /** {@code dx += dy . w^T}. {@code w: IN,OUT} in panels, {@code dy: N,OUT}, {@code dx: N,IN}. */
    public static void backwardInput(int n, int in, int out, MemorySegment w, MemorySegment dy, MemorySegment dx) {
        Bounds.require(w, (long) in * out, "w");
        Bounds.require(dy, (long) n * out, "dy");
        Bounds.require(dx, (long) n * in, "dx");
        MatMulGradX.accumulate(n, in, out, w, dy, dx);
    }

    /** {@code sums[j] += sum over rows r of m[r,j]}; {@code m: N,K} row-major, {@code sums: K}. */
    static void addColumnSums(int n, int k, MemorySegment m, MemorySegment sums) {
        int j = 0;
        // vector body: one column vector at a time, summed down the rows
        for (int bound = Simd.loopBound(k); j < bound; j += L) {
            FloatVector a = FloatVector.fromMemorySegment(S, sums, 4L * j, ORDER);
            for (int r = 0; r < n; r++) {
                a = a.add(FloatVector.fromMemorySegment(S, m, 4L * ((long) r * k + j), ORDER));
            }
            a.intoMemorySegment(sums, 4L * j, ORDER);
        }
        // scalar tail: the same sums in the same order
        for (; j < k; j++) {
            float a = sums.getAtIndex(F, j);
            for (int r = 0; r < n; r++) {
                a += m.getAtIndex(F, (long) r * k + j);
            }
            sums.setAtIndex(F, j, a);
        }
    }
}
