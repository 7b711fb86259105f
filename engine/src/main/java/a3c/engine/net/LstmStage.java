package a3c.engine.net;

import java.lang.foreign.MemorySegment;

import a3c.kernels.ArenaOps;
import a3c.kernels.LstmCell;
import a3c.kernels.LstmShape;

/**
 * An LSTM layer over a rollout: forward one step at a time from the previous row's state (row 0 starts from
 * the state carried over from the last rollout), backward through time over the whole rollout, newest
 * step first. The gradient for the previous step's h is added straight into that step's output-gradient
 * row, where the heads have already put theirs.
 *
 * <p>Only the recurrent part of backward runs step by step ({@link LstmCell#backwardState}: the gate
 * gradients, dcPrev, dhPrev); the weight, bias and input gradients of all steps then come from one
 * {@link LstmCell#backwardParams} at batch T. For that the h each step starts from must be one block of
 * rows, so the carried state h0 lives in the row just before the output rows:
 * <pre>
 *   hStates:  [ h0 | h(0) | h(1) | ... | h(T) ]      output rows = hStates from row 1
 *   hPrev of steps 0..T-1 = hStates rows 0..T-1
 * </pre>
 */
final class LstmStage implements Stage {
    /**
     * Its memory: the three parameter tensors; input rows, output rows {@code h} and their gradients; the cell
     * state, gates and tanh(c) rows kept for backward; the gradient rows of c and of the gates; the whole
     * output tensor {@code hStates} (h0 then h); the carried c0; and sinks for the gradients of h0 and c0.
     */
    record Views(Param wx, Param wh, Param b, Rows in, Rows h, Rows dIn, Rows dh, Rows c, Rows gates, Rows tanhC, Rows dc,
                 Rows dGates, MemorySegment hStates, MemorySegment c0, MemorySegment dh0, MemorySegment dc0) {
    }

    private final LstmShape shape;
    private final MemorySegment wx, wh, b, dwx, dwh, db;
    private final Rows in, h, c, gates, tanhC, dIn, dh, dc;
    private final Rows dGates;
    private final MemorySegment hStates, h0, c0, dh0, dc0;

    LstmStage(LstmShape shape, Views v) {
        this.shape = shape;
        this.wx = v.wx().value();
        this.wh = v.wh().value();
        this.b = v.b().value();
        this.dwx = v.wx().grad();
        this.dwh = v.wh().grad();
        this.db = v.b().grad();
        this.in = v.in();
        this.h = v.h();
        this.c = v.c();
        this.gates = v.gates();
        this.tanhC = v.tanhC();
        this.dIn = v.dIn();
        this.dh = v.dh();
        this.dc = v.dc();
        this.hStates = v.hStates();
        this.h0 = hStates.asSlice(0, (long) shape.hidden() * Float.BYTES);
        this.c0 = v.c0();
        this.dh0 = v.dh0();
        this.dc0 = v.dc0();
        this.dGates = v.dGates();
    }

    @Override
    public void forward(int row) {
        MemorySegment hPrev = row == 0 ? h0 : h.row(row - 1);
        MemorySegment cPrev = row == 0 ? c0 : c.row(row - 1);
        LstmCell.forward(1, shape, in.row(row), hPrev, cPrev, wx, wh, b, h.row(row), c.row(row), gates.row(row), tanhC.row(row));
    }

    @Override
    public void backward(int steps) {
        // through time, newest step first: what the step before needs
        for (int t = steps - 1; t >= 0; t--) {
            MemorySegment cPrev = t == 0 ? c0 : c.row(t - 1);
            // The state the rollout started from is a constant: its gradients go to sinks.
            MemorySegment dhPrev = t == 0 ? dh0 : dh.row(t - 1);
            MemorySegment dcPrev = t == 0 ? dc0 : dc.row(t - 1);
            LstmCell.backwardState(1, shape, cPrev, wh, gates.row(t), tanhC.row(t), dh.row(t), dc.row(t), dhPrev, dcPrev,
                    dGates.row(t));
        }
        // then every step's weight, bias and input gradients at once (no input gradient when the LSTM is the first layer)
        LstmCell.backwardParams(steps, shape, in.all, hStates, wx, dGates.all, dwx, dwh, db, dIn == null ? null : dIn.all);
    }

    @Override
    public void resetState() {
        ArenaOps.zero(h0);
        ArenaOps.zero(c0);
    }

    @Override
    public void carryState(int row) {
        ArenaOps.copy(h.row(row), h0);
        ArenaOps.copy(c.row(row), c0);
    }
}
