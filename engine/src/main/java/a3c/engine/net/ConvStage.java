package a3c.engine.net;

import java.lang.foreign.MemorySegment;

import a3c.kernels.Conv2d;
import a3c.kernels.ConvShape;
import a3c.kernels.Relu;

/** Convolution then ReLU (in place). Backward gates the output gradient by the ReLU, then runs the convolution's backward. */
final class ConvStage implements Stage {
    /** Its memory: weights and bias, input and output rows and their gradients, the ReLU-gated gradient, scratch. */
    record Views(Param w, Param b, Rows in, Rows out, Rows dIn, Rows dOut, Rows dPre, MemorySegment scratch) {
    }

    private final ConvShape shape;
    private final MemorySegment w, b, dw, db;
    private final Rows in, out, dOut, dPre;
    /** Null for the first layer: nothing upstream needs the input gradient. */
    private final Rows dIn;
    private final MemorySegment scratch;

    ConvStage(ConvShape shape, Views v) {
        this.shape = shape;
        this.w = v.w().value();
        this.b = v.b().value();
        this.dw = v.w().grad();
        this.db = v.b().grad();
        this.in = v.in();
        this.out = v.out();
        this.dIn = v.dIn();
        this.dOut = v.dOut();
        this.dPre = v.dPre();
        this.scratch = v.scratch();
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
