package a3c.engine.net;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import a3c.kernels.Dense;
import a3c.kernels.Softmax;

/**
 * The policy and value heads: one dense layer {@code in → actions+1}, then a softmax over the first
 * {@code actions} columns. Row t of the output holds the logits and the value of step t; its gradient
 * rows are written by the A3C loss through {@link #lossGradient}.
 */
final class HeadStage implements Stage {
    /** Its memory: weights and bias, input and output rows and their gradients, probabilities, log-probabilities, entropy, and the loss's scratch. */
    record Views(Param w, Param b, Rows in, Rows out, Rows dIn, Rows dOut, Rows probs, Rows logProbs, Rows entropy,
                 MemorySegment dLogProbs, MemorySegment dEntropy) {
    }

    private final int inSize, actions;
    private final MemorySegment w, b, dw, db;
    private final Rows in, out, dIn, dOut;
    private final Rows probs, logProbs, entropy;
    private final MemorySegment[] logits, dLogits;
    private final MemorySegment dLogProbs;
    private final MemorySegment dEntropy;

    HeadStage(int inSize, int actions, Views v) {
        this.inSize = inSize;
        this.actions = actions;
        this.w = v.w().value();
        this.b = v.b().value();
        this.dw = v.w().grad();
        this.db = v.b().grad();
        this.in = v.in();
        this.out = v.out();
        this.dIn = v.dIn();
        this.dOut = v.dOut();
        this.probs = v.probs();
        this.logProbs = v.logProbs();
        this.entropy = v.entropy();
        this.dLogProbs = v.dLogProbs();
        this.dEntropy = v.dEntropy();
        this.logits = new MemorySegment[out.count()];
        this.dLogits = new MemorySegment[dOut.count()];
        for (int t = 0; t < logits.length; t++) {
            logits[t] = out.row(t).asSlice(0, (long) actions * Float.BYTES);
        }
        for (int t = 0; t < dLogits.length; t++) {
            dLogits[t] = dOut.row(t).asSlice(0, (long) actions * Float.BYTES);
        }
    }

    @Override
    public void forward(int step) {
        int batch = in.batch;
        Dense.forward(batch, inSize, actions + 1, in.block(step), w, b, out.block(step));
        for (int row = step * batch; row < (step + 1) * batch; row++) { // the logits are strided by the value column
            Softmax.forward(1, actions, logits[row], probs.row(row), logProbs.row(row));
            Softmax.entropy(1, actions, probs.row(row), logProbs.row(row), entropy.row(row));
        }
    }

    @Override
    public void backward(int steps) {
        int rows = steps * in.batch;
        Dense.backwardParams(rows, inSize, actions + 1, in.all, dOut.all, dw, db);
        if (dIn != null) {
            Dense.backwardInput(rows, inSize, actions + 1, w, dOut.all, dIn.all);
        }
    }

    MemorySegment probs(int row) {
        return probs.row(row);
    }

    float value(int row) {
        return out.row(row).getAtIndex(ValueLayout.JAVA_FLOAT, actions);
    }

    float logProb(int row, int action) {
        return logProbs.row(row).getAtIndex(ValueLayout.JAVA_FLOAT, action);
    }

    float entropy(int row) {
        return entropy.row(row).getAtIndex(ValueLayout.JAVA_FLOAT, 0);
    }

    /**
     * Writes the gradient of step {@code row}'s loss {@code -log pi(a) * advantage - beta * H + valueWeight * (R - V)^2}
     * into its gradient row: the advantage and the return are constants (no gradient flows through them).
     */
    void lossGradient(int row, int action, float advantage, float beta, float valueGradient) {
        dLogProbs.fill((byte) 0); // exactly actions floats
        dLogProbs.setAtIndex(ValueLayout.JAVA_FLOAT, action, -advantage);
        Softmax.backwardLogSoftmax(1, actions, probs.row(row), dLogProbs, dLogits[row]);
        dEntropy.setAtIndex(ValueLayout.JAVA_FLOAT, 0, -beta);
        Softmax.backwardEntropy(1, actions, probs.row(row), logProbs.row(row), entropy.row(row), dEntropy, dLogits[row]);
        dOut.row(row).setAtIndex(ValueLayout.JAVA_FLOAT, actions, valueGradient);
    }
}
