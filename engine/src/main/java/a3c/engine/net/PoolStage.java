package a3c.engine.net;

import a3c.kernels.MaxPool2d;
import a3c.kernels.PoolShape;

/** Max-pool; forward keeps the winners' positions for backward. */
final class PoolStage implements Stage {
    private final PoolShape shape;
    private final Rows in, out, dIn, dOut, argmax;

    PoolStage(PoolShape shape, Rows in, Rows out, Rows dIn, Rows dOut, Rows argmax) {
        this.shape = shape;
        this.in = in;
        this.out = out;
        this.dIn = dIn;
        this.dOut = dOut;
        this.argmax = argmax;
    }

    @Override
    public void forward(int row) {
        MaxPool2d.forward(shape, 1, in.row(row), out.row(row), argmax.row(row));
    }

    @Override
    public void backward(int steps) {
        if (dIn != null) {
            MaxPool2d.backward(shape, steps, argmax.all, dOut.all, dIn.all);
        }
    }
}
