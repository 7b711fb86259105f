package a3c.engine.net;

import java.lang.foreign.MemorySegment;

import a3c.kernels.Dense;
import a3c.kernels.Relu;

/**
 * Fully connected layer, optionally followed by ReLU (in place). When its input is a ReLU's output (many
 * zeros), acting skips the weight rows of the zero inputs.
 */
final class DenseStage implements Stage {
    /** Its memory: weights and bias, input and output rows and their gradients, the ReLU-gated gradient (null without ReLU). */
    record Views(Param w, Param b, Rows in, Rows out, Rows dIn, Rows dOut, Rows dPre) {
    }

    private final int inSize, outSize;
    private final boolean relu;
    /** Indices of the non-zero inputs of the step being run; null when the input is not a ReLU's. */
    private final int[] nonZero;
    private final MemorySegment w, b, dw, db;
    private final Rows in, out, dIn, dOut, dPre;

    DenseStage(int inSize, int outSize, boolean relu, boolean sparseInput, Views v) {
        this.inSize = inSize;
        this.outSize = outSize;
        this.relu = relu;
        this.nonZero = sparseInput ? new int[inSize] : null;
        this.w = v.w().value();
        this.b = v.b().value();
        this.dw = v.w().grad();
        this.db = v.b().grad();
        this.in = v.in();
        this.out = v.out();
        this.dIn = v.dIn();
        this.dOut = v.dOut();
        this.dPre = v.dPre();
    }

    @Override
    public void forward(int row) {
        MemorySegment y = out.row(row);
        if (nonZero != null) {
            Dense.forwardSparseRow(inSize, outSize, in.row(row), w, b, y, nonZero);
        } else {
            Dense.forward(1, inSize, outSize, in.row(row), w, b, y);
        }
        if (relu) {
            Relu.forward(y, y, outSize);
        }
    }

    @Override
    public void backward(int steps) {
        MemorySegment dy = dOut.all;
        if (relu) {
            Relu.backward(out.all, dOut.all, dPre.all, steps * outSize); // dPre was zeroed with the other gradients
            dy = dPre.all;
        }
        Dense.backwardParams(steps, inSize, outSize, in.all, dy, dw, db);
        if (dIn != null) {
            Dense.backwardInput(steps, inSize, outSize, w, dy, dIn.all);
        }
    }
}
