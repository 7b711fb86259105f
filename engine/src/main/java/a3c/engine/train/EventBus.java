package a3c.engine.train;

import java.nio.ByteBuffer;

import org.agrona.BufferUtil;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

/**
 * Workers report finished episodes and rollout statistics to the one monitor thread through a lock-free
 * many-to-one ring buffer (Agrona). Writing never allocates: each worker encodes into its own scratch
 * buffer. When the ring is full the writer waits for the monitor rather than drop a number the user will read.
 */
public final class EventBus implements AutoCloseable {
    static final int EPISODE = 1;
    static final int ROLLOUT = 2;
    static final int CAPACITY = 1 << 20;
    /** An episode message in the ring: 28 bytes and the 8-byte record header, aligned to 8. */
    static final int EPISODE_RECORD_BYTES = 40;

    /** What the monitor does with each message. */
    public interface Handler {
        void episode(int thread, long frames, double rawReturn, long length);

        /** {@code policyLag}: the mean number of updates the model took between the parameters that chose the actions and this update. */
        void rollout(int thread, int steps, double policyLoss, double valueLoss, double entropy, double gradNorm, double policyLag);
    }

    /** One worker's scratch buffer for encoding its messages. */
    public static final class Writer {
        private final UnsafeBuffer scratch = new UnsafeBuffer(new byte[64]);
        private final EventBus bus;

        private Writer(EventBus bus) {
            this.bus = bus;
        }

        public void episode(int thread, long frames, double rawReturn, long length) {
            scratch.putInt(0, thread);
            scratch.putLong(4, frames);
            scratch.putDouble(12, rawReturn);
            scratch.putLong(20, length);
            bus.write(EPISODE, scratch, 28);
        }

        public void rollout(int thread, int steps, double policyLoss, double valueLoss, double entropy, double gradNorm, double policyLag) {
            scratch.putInt(0, thread);
            scratch.putInt(4, steps);
            scratch.putDouble(8, policyLoss);
            scratch.putDouble(16, valueLoss);
            scratch.putDouble(24, entropy);
            scratch.putDouble(32, gradNorm);
            scratch.putDouble(40, policyLag);
            bus.write(ROLLOUT, scratch, 48);
        }
    }

    private final ByteBuffer memory;
    private final ManyToOneRingBuffer ring;
    /** Set when the monitor stops reading: writers then drop their messages instead of waiting forever. */
    private volatile boolean abandoned;

    public EventBus() {
        memory = ByteBuffer.allocateDirect(CAPACITY + RingBufferDescriptor.TRAILER_LENGTH);
        ring = new ManyToOneRingBuffer(new UnsafeBuffer(memory));
    }

    public Writer writer() {
        return new Writer(this);
    }

    private void write(int type, DirectBuffer src, int length) {
        while (!ring.write(type, src, 0, length)) {
            if (abandoned) {
                return; // the monitor has stopped; nobody will read it
            }
            Thread.onSpinWait();
        }
    }

    /**
     * Hands every waiting message to {@code handler}; returns how many there were. One ring read stops at the
     * end of the buffer where the waiting messages wrap around it, so a second read takes the rest. The second
     * read is unconditional: a first read that finds only the padding record at the buffer's end delivers no
     * message yet leaves every message behind the wrap waiting.
     */
    public int drain(Handler handler) {
        MessageHandler decode = (type, buffer, index, length) -> {
            if (type == EPISODE) {
                handler.episode(buffer.getInt(index), buffer.getLong(index + 4), buffer.getDouble(index + 12),
                        buffer.getLong(index + 20));
            } else if (type == ROLLOUT) {
                handler.rollout(buffer.getInt(index), buffer.getInt(index + 4), buffer.getDouble(index + 8),
                        buffer.getDouble(index + 16), buffer.getDouble(index + 24), buffer.getDouble(index + 32), buffer.getDouble(index + 40));
            }
        };
        int n = ring.read(decode, Integer.MAX_VALUE);
        return n + ring.read(decode, Integer.MAX_VALUE);
    }

    /** The monitor will read no more: writers stop waiting for room. */
    public void abandon() {
        abandoned = true;
    }

    /** Frees the ring; only once no worker can write any more (after they have been joined). */
    @Override
    public void close() {
        abandoned = true;
        BufferUtil.free(memory);
    }
}
