package a3c.engine.net;

import java.lang.foreign.MemorySegment;

import a3c.kernels.Dense;
import a3c.kernels.Relu;

/**
 * Fully connected layer, optionally followed by ReLU (in place). When its input is a ReLU's output (many
 * zeros), acting skips the weight rows of the inputs that are 0 in every game it acts for, and the update those
 * that are 0 in every sample of the rollout (a Breakout network's conv2 output: about half of them at four games
 * and 38 % over a rollout of 20 samples when trained, three quarters and 63 % early in training).
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
    public void forward(int step) {
        int batch = in.batch;
        MemorySegment y = out.block(step);
        if (nonZero != null) {
            Dense.forwardSparse(batch, inSize, outSize, in.block(step), w, b, y, nonZero);
        } else {
            Dense.forward(batch, inSize, outSize, in.block(step), w, b, y);
        }
        if (relu) {
            Relu.forward(y, y, batch * outSize);
        }
    }

    @Override
    public void backward(int steps) {
        int rows = steps * in.batch;
        MemorySegment dy = dOut.all;
        if (relu) {
            Relu.backward(out.all, dOut.all, dPre.all, rows * outSize); // dPre was zeroed with the other gradients
            dy = dPre.all;
        }
        if (nonZero != null) { // the ReLU below discards dIn where its output, this layer's input, is 0
            Dense.backwardSparse(rows, inSize, outSize, in.all, w, dy, dw, db, dIn != null ? dIn.all : null, nonZero);
            return;
        }
        Dense.backwardParams(rows, inSize, outSize, in.all, dy, dw, db);
        if (dIn != null) {
            Dense.backwardInput(rows, inSize, outSize, w, dy, dIn.all);
        }
    }
}
