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
 *
 * <p>The first layer reads the observation, where most window rows are 0 on a black or subtracted background
 * (Breakout: 56 % of conv1's), so its forward and weight gradient skip them ({@link Conv2d#forwardSparse},
 * {@link Conv2d#backwardParamsSparse}: the same floats, a zero's sign aside). A later layer reads an activation and
 * runs the plain kernels: after a ReLU half its window rows can be 0 (conv2 on Breakout early in training; 22 % in a
 * trained Pong network), but its tiles of four pixels leave out far less than that, and marking each sample cost
 * about what they saved (bench/RESULTS.md, "Tried and dropped: conv2's sparse paths").
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
    /** The sparse kernels' index, for the first layer; null for the others. */
    private final int[] index;

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
        this.index = dIn == null ? new int[shape.sparseIndexInts()] : null;
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
        if (index != null) {
            Conv2d.forwardSparse(shape, batch, x, w, b, y, index);
        } else {
            Conv2d.forward(shape, batch, x, w, b, y);
        }
        activation.forwardInPlace(y, batch * shape.outSize());
    }

    @Override
    public void backward(int steps) {
        int rows = steps * in.batch;
        activation.backward(out.all, dOut.all, dPre.all, rows * shape.outSize()); // dPre was zeroed with the other gradients
        MemorySegment x = pad != null ? padded.all : in.all;
        if (index != null) {
            Conv2d.backwardParamsSparse(shape, rows, x, dPre.all, dw, db, scratch, index);
        } else {
            Conv2d.backwardParams(shape, rows, x, dPre.all, dw, db, scratch);
        }
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
