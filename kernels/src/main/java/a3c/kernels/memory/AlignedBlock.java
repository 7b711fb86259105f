package a3c.kernels.memory;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.agrona.BufferUtil;

/**
 * One block of off-heap memory, 64-byte aligned (Agrona gives the address), freed by {@link #close()}
 * through Agrona.
 *
 * <p>The block is zeroed on allocation. After {@code close()} every segment taken from it is dangling:
 * the owner closes a block only once nothing can touch it again.
 */
public final class AlignedBlock implements AutoCloseable {
    /** Cache-line alignment: every tensor starts on its own line, and vector loads never split one. */
    public static final int ALIGNMENT = 64;

    /** The buffer as allocated (what {@link #close()} frees); the block is an aligned slice of it. */
    private final ByteBuffer allocation;
    private final MemorySegment segment;
    private boolean closed;

    private AlignedBlock(ByteBuffer allocation, ByteBuffer aligned) {
        this.allocation = allocation;
        this.segment = MemorySegment.ofBuffer(aligned);
    }

    /** Allocates {@code floats} zeroed floats. */
    public static AlignedBlock ofFloats(long floats) {
        if (floats < 0 || floats > (Integer.MAX_VALUE - ALIGNMENT) / Float.BYTES) {
            throw new IllegalArgumentException("floats=" + floats + " does not fit one direct buffer (at most "
                    + (Integer.MAX_VALUE - ALIGNMENT) / Float.BYTES + ")");
        }
        // At least one line, so that even an empty layout has a valid, aligned address.
        int bytes = (int) Math.max(ALIGNMENT, floats * Float.BYTES);
        // Agrona's allocateDirectAligned returns a slice that cannot be freed explicitly, so over-allocate
        // and slice here, keeping the allocation itself for BufferUtil.free.
        ByteBuffer allocation = ByteBuffer.allocateDirect(bytes + ALIGNMENT);
        long address = BufferUtil.address(allocation);
        int skip = (int) ((ALIGNMENT - (address & (ALIGNMENT - 1))) & (ALIGNMENT - 1));
        ByteBuffer aligned = allocation.slice(skip, bytes).order(ByteOrder.nativeOrder());
        return new AlignedBlock(allocation, aligned);
    }

    /** The whole block as a segment. */
    public MemorySegment segment() {
        return segment;
    }

    public long floats() {
        return segment.byteSize() / Float.BYTES;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            BufferUtil.free(allocation);
        }
    }
}
