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
    private final LstmShape shape;
    private final MemorySegment wx, wh, b, dwx, dwh, db;
    private final Rows in, h, c, gates, tanhC, dIn, dh, dc;
    private final Rows dGates;
    private final MemorySegment hStates, h0, c0, dh0, dc0;

    LstmStage(LstmShape shape, MemorySegment wx, MemorySegment wh, MemorySegment b, MemorySegment dwx,
              MemorySegment dwh, MemorySegment db, Rows in, Rows h, Rows c, Rows gates, Rows tanhC,
              Rows dIn, Rows dh, Rows dc, MemorySegment hStates, MemorySegment c0, MemorySegment dh0,
              MemorySegment dc0, Rows dGates) {
        this.shape = shape;
        this.wx = wx;
        this.wh = wh;
        this.b = b;
        this.dwx = dwx;
        this.dwh = dwh;
        this.db = db;
        this.in = in;
        this.h = h;
        this.c = c;
        this.gates = gates;
        this.tanhC = tanhC;
        this.dIn = dIn;
        this.dh = dh;
        this.dc = dc;
        this.hStates = hStates;
        this.h0 = hStates.asSlice(0, (long) shape.hidden() * Float.BYTES);
        this.c0 = c0;
        this.dh0 = dh0;
        this.dc0 = dc0;
        this.dGates = dGates;
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
        // then every step's weight, bias and input gradients at once
        LstmCell.backwardParams(steps, shape, in.all, hStates, wx, dGates.all, dwx, dwh, db, dIn.all);
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
