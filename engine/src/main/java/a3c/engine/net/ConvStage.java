package a3c.engine.net;

import java.lang.foreign.MemorySegment;

import a3c.kernels.Conv2d;
import a3c.kernels.ConvShape;
import a3c.kernels.Pad2d;
import a3c.kernels.PadShape;

/**
 * Convolution then its activation (in place), optionally on a zero-padded copy of the input (SAME padding).
 * Backward gates the output gradient by the activation, then runs the convolution's backward; with padding,
 * the input gradient goes to the padded image's gradient first and its middle is added to the input's.
 */
final class ConvStage implements Stage {
    /**
     * Its memory: weights and bias, input and output rows and their gradients, the activation-gated gradient,
     * scratch; with padding, the padded input rows and their gradient (null without).
     */
    record Views(Param w, Param b, Rows in, Rows out, Rows dIn, Rows dOut, Rows dPre, MemorySegment scratch, Rows padded,
                 Rows dPadded) {
    }

    private final ConvShape shape;
    private final PadShape pad;
    private final Activation activation;
    private final MemorySegment w, b, dw, db;
    private final Rows in, out, dOut, dPre, padded, dPadded;
    /** Null for the first layer: nothing upstream needs the input gradient. */
    private final Rows dIn;
    private final MemorySegment scratch;

    ConvStage(ConvShape shape, PadShape pad, Activation activation, Views v) {
        this.shape = shape;
        this.pad = pad;
        this.activation = activation;
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
        this.padded = v.padded();
        this.dPadded = v.dPadded();
    }

    @Override
    public void forward(int step) {
        int batch = in.batch;
        MemorySegment x = in.block(step);
        if (pad != null) {
            Pad2d.forward(pad, batch, x, padded.block(step));
            x = padded.block(step);
        }
        MemorySegment y = out.block(step);
        Conv2d.forward(shape, batch, x, w, b, y);
        activation.forwardInPlace(y, batch * shape.outSize());
    }

    @Override
    public void backward(int steps) {
        int rows = steps * in.batch;
        activation.backward(out.all, dOut.all, dPre.all, rows * shape.outSize()); // dPre was zeroed with the other gradients
        Conv2d.backwardParams(shape, rows, pad != null ? padded.all : in.all, dPre.all, dw, db, scratch);
        if (dIn != null) {
            if (pad != null) {
                Conv2d.backwardInput(shape, rows, w, dPre.all, dPadded.all, scratch); // dPadded was zeroed too
                Pad2d.backward(pad, rows, dPadded.all, dIn.all);
            } else {
                Conv2d.backwardInput(shape, rows, w, dPre.all, dIn.all, scratch);
            }
        }
    }
}
