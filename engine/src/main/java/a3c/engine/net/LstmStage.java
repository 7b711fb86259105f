package a3c.engine.net;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import a3c.kernels.ArenaOps;
import a3c.kernels.LstmCell;
import a3c.kernels.LstmShape;

/**
 * An LSTM layer over a rollout: forward one step of every game at a time from the state each game starts that
 * step in, backward through time over the whole rollout, newest step first. The gradient for the previous
 * step's h is added straight into that step's output-gradient rows, where the heads have already put theirs.
 *
 * <p>The state a step starts from is copied into rows of its own ({@code hPrev}, {@code cPrev}) as the step
 * runs: the previous step's h and c, the carried state ({@code h0}, {@code c0}) at step 0, or zero for a game
 * whose episode starts at that step ({@link #resetState}). So the weight, bias and input gradients of all
 * steps come from one {@link LstmCell#backwardParams} over all rows after the recurrent part of backward
 * ({@link LstmCell#backwardState}: gate gradients, dcPrev, dhPrev) has run step by step; and a game that
 * started an episode inside the rollout passes no gradient back into the episode before it.
 */
final class LstmStage implements Stage {
    /**
     * Its memory: the three parameter tensors; input rows, output rows {@code h} and their gradients; the cell
     * state, gates and tanh(c) rows kept for backward; the gradient rows of c and of the gates; the state each
     * row started from; the carried state (a row per game); sinks for the gradients of the carried state; and
     * scratch for the state gradients of a step that starts an episode.
     */
    record Views(Param wx, Param wh, Param b, Rows in, Rows h, Rows dIn, Rows dh, Rows c, Rows gates, Rows tanhC, Rows dc,
                 Rows dGates, Rows hPrev, Rows cPrev, Rows h0, Rows c0, MemorySegment dh0, MemorySegment dc0,
                 Rows dhCut, Rows dcCut) {
    }

    private final LstmShape shape;
    private final int batch;
    private final MemorySegment wx, wh, b, dwx, dwh, db;
    private final Rows in, h, c, gates, tanhC, dIn, dh, dc;
    private final Rows dGates, hPrev, cPrev, h0, c0, dhCut, dcCut;
    private final MemorySegment dh0, dc0;
    /** Games whose next forwarded step starts an episode. */
    private final boolean[] pending;
    /** Rows that started an episode (from a zero state) when last forwarded. */
    private final boolean[] fresh;

    LstmStage(LstmShape shape, Views v) {
        this.shape = shape;
        this.wx = v.wx().value();
        this.wh = v.wh().value();
        this.b = v.b().value();
        this.dwx = v.wx().grad();
        this.dwh = v.wh().grad();
        this.db = v.b().grad();
        this.in = v.in();
        this.batch = in.batch;
        this.h = v.h();
        this.c = v.c();
        this.gates = v.gates();
        this.tanhC = v.tanhC();
        this.dIn = v.dIn();
        this.dh = v.dh();
        this.dc = v.dc();
        this.dGates = v.dGates();
        this.hPrev = v.hPrev();
        this.cPrev = v.cPrev();
        this.h0 = v.h0();
        this.c0 = v.c0();
        this.dh0 = v.dh0();
        this.dc0 = v.dc0();
        this.dhCut = v.dhCut();
        this.dcCut = v.dcCut();
        this.pending = new boolean[batch];
        this.fresh = new boolean[h.count()];
    }

    @Override
    public void forward(int step) {
        ArenaOps.copy(step == 0 ? h0.block(0) : h.block(step - 1), hPrev.block(step));
        ArenaOps.copy(step == 0 ? c0.block(0) : c.block(step - 1), cPrev.block(step));
        for (int game = 0; game < batch; game++) {
            int row = step * batch + game;
            fresh[row] = pending[game];
            if (pending[game]) {
                ArenaOps.zero(hPrev.row(row));
                ArenaOps.zero(cPrev.row(row));
                pending[game] = false;
            }
        }
        LstmCell.forward(batch, shape, in.block(step), hPrev.block(step), cPrev.block(step), wx, wh, b, h.block(step), c.block(step),
                gates.block(step), tanhC.block(step));
    }

    @Override
    public void backward(int steps) {
        // through time, newest step first: what the step before needs
        for (int t = steps - 1; t >= 0; t--) {
            // The state the rollout started from is a constant: its gradients go to sinks. So do those of a game
            // whose episode started at step t, after the rest are added to step t-1's rows.
            boolean cut = t > 0 && startsEpisode(t);
            MemorySegment dhPrev = t == 0 ? dh0 : cut ? dhCut.block(0) : dh.block(t - 1);
            MemorySegment dcPrev = t == 0 ? dc0 : cut ? dcCut.block(0) : dc.block(t - 1);
            if (cut) {
                ArenaOps.zero(dhPrev);
                ArenaOps.zero(dcPrev);
            }
            LstmCell.backwardState(batch, shape, cPrev.block(t), wh, gates.block(t), tanhC.block(t), dh.block(t), dc.block(t), dhPrev,
                    dcPrev, dGates.block(t));
            if (cut) {
                for (int game = 0; game < batch; game++) {
                    if (!fresh[t * batch + game]) {
                        add(dhCut.row(game), dh.row((t - 1) * batch + game));
                        add(dcCut.row(game), dc.row((t - 1) * batch + game));
                    }
                }
            }
        }
        // then every row's weight, bias and input gradients at once (no input gradient when the LSTM is the first layer)
        int rows = steps * batch;
        LstmCell.backwardParams(rows, shape, in.all, hPrev.all, wx, dGates.all, dwx, dwh, db, dIn == null ? null : dIn.all);
    }

    private boolean startsEpisode(int step) {
        for (int game = 0; game < batch; game++) {
            if (fresh[step * batch + game]) {
                return true;
            }
        }
        return false;
    }

    /** {@code dst += src}, one state row (only at the rare step where a game starts an episode inside a rollout). */
    private static void add(MemorySegment src, MemorySegment dst) {
        long n = src.byteSize() / Float.BYTES;
        for (long i = 0; i < n; i++) {
            dst.setAtIndex(ValueLayout.JAVA_FLOAT, i, dst.getAtIndex(ValueLayout.JAVA_FLOAT, i) + src.getAtIndex(ValueLayout.JAVA_FLOAT, i));
        }
    }

    @Override
    public void resetState(int game) {
        pending[game] = true;
    }

    @Override
    public int stateFloats() {
        return 2 * h.width;
    }

    /** h, then c. */
    @Override
    public void loadState(int game, MemorySegment src, long offset) {
        long bytes = (long) h.width * Float.BYTES;
        MemorySegment.copy(src, offset, h0.row(game), 0, bytes);
        MemorySegment.copy(src, offset + bytes, c0.row(game), 0, bytes);
        pending[game] = false;
    }

    @Override
    public void storeState(int step, int game, MemorySegment dst, long offset) {
        long bytes = (long) h.width * Float.BYTES;
        int row = step * batch + game;
        MemorySegment.copy(h.row(row), 0, dst, offset, bytes);
        MemorySegment.copy(c.row(row), 0, dst, offset + bytes, bytes);
    }

    @Override
    public void carryState(int step) {
        ArenaOps.copy(h.block(step), h0.block(0));
        ArenaOps.copy(c.block(step), c0.block(0));
        for (int game = 0; game < batch; game++) {
            // a game whose episode starts right after this step (its first row there was forwarded fresh) starts from zero
            if (fresh[(step + 1) * batch + game]) {
                ArenaOps.zero(h0.row(game));
                ArenaOps.zero(c0.row(game));
            }
        }
    }
}
