package a3c.engine.net;

import java.lang.foreign.MemorySegment;

import a3c.kernels.Dense;
import a3c.kernels.Relu;

/** Fully connected layer, optionally followed by ReLU (in place). */
final class DenseStage implements Stage {
    private final int inSize, outSize;
    private final boolean relu;
    private final MemorySegment w, b, dw, db;
    private final Rows in, out, dIn, dOut, dPre;

    DenseStage(int inSize, int outSize, boolean relu, MemorySegment w, MemorySegment b, MemorySegment dw,
               MemorySegment db, Rows in, Rows out, Rows dIn, Rows dOut, Rows dPre) {
        this.inSize = inSize;
        this.outSize = outSize;
        this.relu = relu;
        this.w = w;
        this.b = b;
        this.dw = dw;
        this.db = db;
        this.in = in;
        this.out = out;
        this.dIn = dIn;
        this.dOut = dOut;
        this.dPre = dPre;
    }

    @Override
    public void forward(int row) {
        MemorySegment y = out.row(row);
        Dense.forward(1, inSize, outSize, in.row(row), w, b, y);
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
