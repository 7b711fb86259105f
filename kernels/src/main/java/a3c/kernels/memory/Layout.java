package a3c.kernels.memory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where each named float tensor lives in one flat block: offsets in floats, each a multiple of 16 floats
 * (64 bytes), in the order the tensors were added.
 *
 * <pre>
 *  offset 0                     64 B aligned             64 B aligned
 *  |conv1.w ..........|pad|conv1.b|pad|conv2.w ......... |pad| ... |  totalFloats
 * </pre>
 *
 * The same layout serves a network's shared parameters, the shared RMSProp statistics, each worker's local
 * copy and each worker's gradients: one copy syncs them, one pass updates them, one norm clips them.
 * Padding floats are zero in every arena and stay zero (gradients of padding are never written), so
 * passes over the whole block (norm, RMSProp) may include them.
 */
public final class Layout {
    /** Alignment of every tensor, in floats. */
    public static final int ALIGN_FLOATS = AlignedBlock.ALIGNMENT / Float.BYTES;

    /** One named tensor: its shape, its offset in floats, and its size in floats. */
    public record Tensor(String name, int[] shape, long offset, int size) {
        public Tensor {
            shape = shape.clone();
        }

        @Override
        public int[] shape() {
            return shape.clone();
        }

        /** Extent of dimension {@code d}. */
        public int dim(int d) {
            return shape[d];
        }

        public int rank() {
            return shape.length;
        }

        @Override
        public String toString() {
            return name + Arrays.toString(shape) + "@" + offset;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Tensor t && t.name.equals(name) && Arrays.equals(t.shape, shape)
                    && t.offset == offset && t.size == size;
        }

        @Override
        public int hashCode() {
            return name.hashCode() * 31 + Arrays.hashCode(shape);
        }
    }

    private final List<Tensor> tensors;
    private final Map<String, Tensor> byName;
    private final long totalFloats;

    private Layout(List<Tensor> tensors, long totalFloats) {
        this.tensors = Collections.unmodifiableList(tensors);
        Map<String, Tensor> map = new LinkedHashMap<>();
        for (Tensor t : tensors) {
            map.put(t.name(), t);
        }
        this.byName = Collections.unmodifiableMap(map);
        this.totalFloats = totalFloats;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The tensors in the order they were added. */
    public List<Tensor> tensors() {
        return tensors;
    }

    public Tensor tensor(String name) {
        Tensor t = byName.get(name);
        if (t == null) {
            throw new IllegalArgumentException("no tensor named '" + name + "' in this layout; it has " + byName.keySet());
        }
        return t;
    }

    public boolean has(String name) {
        return byName.containsKey(name);
    }

    /** Floats the block must hold, padding included (a multiple of 16). */
    public long totalFloats() {
        return totalFloats;
    }

    /** Floats in the tensors themselves, padding excluded. */
    public long parameterCount() {
        long n = 0;
        for (Tensor t : tensors) {
            n += t.size();
        }
        return n;
    }

    /** A stable description of names and shapes, for checkpoints to refuse a different network. */
    public String signature() {
        StringBuilder sb = new StringBuilder();
        for (Tensor t : tensors) {
            sb.append(t.name()).append(Arrays.toString(t.shape)).append(';');
        }
        return sb.toString();
    }

    /** Adds tensors in order, each at the next 64-byte boundary. */
    public static final class Builder {
        private final List<Tensor> tensors = new ArrayList<>();
        private final Map<String, Tensor> names = new LinkedHashMap<>();
        private long next;

        private Builder() {
        }

        public Builder add(String name, int... shape) {
            if (names.containsKey(name)) {
                throw new IllegalArgumentException("tensor '" + name + "' is already in this layout");
            }
            long size = 1;
            for (int d : shape) {
                if (d <= 0) {
                    throw new IllegalArgumentException("tensor '" + name + "' has shape " + Arrays.toString(shape)
                            + ": every dimension must be at least 1");
                }
                size *= d;
            }
            if (size > Integer.MAX_VALUE / Float.BYTES) {
                throw new IllegalArgumentException("tensor '" + name + "' is too large: " + size + " floats");
            }
            Tensor t = new Tensor(name, shape, next, (int) size);
            tensors.add(t);
            names.put(name, t);
            next = alignUp(next + size);
            return this;
        }

        public Layout build() {
            return new Layout(new ArrayList<>(tensors), next);
        }
    }

    /** Rounds a float count up to the next multiple of 16 floats (64 bytes). */
    public static long alignUp(long floats) {
        return (floats + ALIGN_FLOATS - 1) / ALIGN_FLOATS * ALIGN_FLOATS;
    }
}
