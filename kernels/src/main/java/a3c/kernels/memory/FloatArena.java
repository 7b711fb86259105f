package a3c.kernels.memory;

import java.lang.foreign.MemorySegment;

/**
 * One {@link Layout} over one {@link AlignedBlock}: named float tensors in a single off-heap block.
 *
 * <p>Tensor slices are made once and cached, so the hot path never allocates a segment.
 */
public final class FloatArena implements AutoCloseable {
    private final Layout layout;
    private final AlignedBlock block;
    private final MemorySegment[] slices;

    public FloatArena(Layout layout) {
        this.layout = layout;
        this.block = AlignedBlock.ofFloats(layout.totalFloats());
        this.slices = new MemorySegment[layout.tensors().size()];
        for (int i = 0; i < slices.length; i++) {
            Layout.Tensor t = layout.tensors().get(i);
            slices[i] = block.segment().asSlice(t.offset() * Float.BYTES, (long) t.size() * Float.BYTES);
        }
    }

    public Layout layout() {
        return layout;
    }

    /** The whole block, padding included: what arena-wide passes (copy, norm, RMSProp) run over. */
    public MemorySegment segment() {
        return block.segment();
    }

    /** The slice holding the named tensor. */
    public MemorySegment tensor(String name) {
        return slices[layout.tensors().indexOf(layout.tensor(name))];
    }

    /** The slice holding the {@code index}-th tensor of the layout. */
    public MemorySegment tensor(int index) {
        return slices[index];
    }

    /** Floats in the block, padding included. */
    public long floats() {
        return layout.totalFloats();
    }

    @Override
    public void close() {
        block.close();
    }
}
