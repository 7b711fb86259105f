package a3c.engine.net;

import java.lang.foreign.MemorySegment;

import a3c.kernels.Conv2d;
import a3c.kernels.ConvShape;
import a3c.kernels.Relu;

/** Convolution then ReLU (in place). Backward gates the output gradient by the ReLU, then runs the convolution's backward. */
final class ConvStage implements Stage {
    private final ConvShape shape;
    private final MemorySegment w, b, dw, db;
    private final Rows in, out, dOut, dPre;
    /** Null for the first layer: nothing upstream needs the input gradient. */
    private final Rows dIn;
    private final MemorySegment scratch;

    ConvStage(ConvShape shape, MemorySegment w, MemorySegment b, MemorySegment dw, MemorySegment db,
              Rows in, Rows out, Rows dIn, Rows dOut, Rows dPre, MemorySegment scratch) {
        this.shape = shape;
        this.w = w;
        this.b = b;
        this.dw = dw;
        this.db = db;
        this.in = in;
        this.out = out;
        this.dIn = dIn;
        this.dOut = dOut;
        this.dPre = dPre;
        this.scratch = scratch;
    }

    @Override
    public void forward(int row) {
        MemorySegment y = out.row(row);
        Conv2d.forward(shape, 1, in.row(row), w, b, y);
        Relu.forward(y, y, shape.outSize());
    }

    @Override
    public void backward(int steps) {
        int n = steps * shape.outSize();
        Relu.backward(out.all, dOut.all, dPre.all, n); // dPre was zeroed with the other gradients
        Conv2d.backwardParams(shape, steps, in.all, dPre.all, dw, db);
        if (dIn != null) {
            Conv2d.backwardInput(shape, steps, w, dPre.all, dIn.all, scratch);
        }
    }
}
