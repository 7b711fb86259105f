package a3c.engine.net;

import a3c.kernels.MaxPool2d;
import a3c.kernels.PoolShape;

/** Max-pool; forward keeps the winners' positions for backward. */
final class PoolStage implements Stage {
    /** Its memory: input and output rows and their gradients, and the winners' positions per row. */
    record Views(Rows in, Rows out, Rows dIn, Rows dOut, Rows argmax) {
    }

    private final PoolShape shape;
    private final Rows in, out, dIn, dOut, argmax;

    PoolStage(PoolShape shape, Views v) {
        this.shape = shape;
        this.in = v.in();
        this.out = v.out();
        this.dIn = v.dIn();
        this.dOut = v.dOut();
        this.argmax = v.argmax();
    }

    @Override
    public void forward(int step) {
        MaxPool2d.forward(shape, in.batch, in.block(step), out.block(step), argmax.block(step));
    }

    @Override
    public void backward(int steps) {
        if (dIn != null) {
            MaxPool2d.backward(shape, steps * in.batch, argmax.all, dOut.all, dIn.all);
        }
    }
}
