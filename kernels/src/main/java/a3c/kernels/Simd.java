package a3c.kernels;

import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The one place the vector species is chosen, and the constants every kernel loop uses.
 *
 * <p>The species is the machine's preferred float species unless the system property
 * {@code a3c.vector.bits} (128, 256 or 512) asks for a narrower one; tests set it so that every width's
 * code path, tails included, runs on any machine. The property is read once, at class initialisation.
 *
 * <p>No method here takes or returns a vector, and kernels call the Vector API ({@code FloatVector}'s
 * loads, stores, {@code fma}, {@code broadcast}, reductions) and the segments' scalar accessors directly,
 * never through a helper of their own. C2 inlines an ordinary method only while the compilation it lands
 * in has room (about 18000 nodes, NodeCountInliningCutoff) and is not nested too deep; past that, a vector
 * handed to or returned from the call is boxed, and a kernel allocates on every operation and runs 10 to
 * 60 times slower. Whether there is room depends on whatever the kernel was inlined into (a worker's
 * update, a benchmark method), not on the kernel: RMSProp inlined into a profile's update loop lost its
 * helpers this way. The JDK's vector and memory-segment methods are force-inlined past both limits, so a
 * kernel written against them compiles the same wherever it is called from.
 */
public final class Simd {
    /** The float species every kernel uses. */
    public static final VectorSpecies<Float> SPECIES = chooseSpecies(System.getProperty("a3c.vector.bits"));
    /** Floats per vector. */
    public static final int LANES = SPECIES.length();
    /** Bits per vector: reports quote it, since every kernel's speed depends on it. */
    public static final int BITS = SPECIES.vectorBitSize();
    /** Byte order of every vector load and store: the machine's own. */
    public static final ByteOrder ORDER = ByteOrder.nativeOrder();
    /** Layout of every scalar float read and written; indices into segments are float indices. */
    public static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT;

    /**
     * Rotations by LANES/2, LANES/4, ..., 1 lanes. {@code for (h : HALVINGS) v = v.add(v.rearrange(h));} leaves
     * the sum of v's lanes in lane 0 by one fixed tree of lane-wise adds, so the sum is the same float whether
     * the kernel runs interpreted or compiled. {@code reduceLanes(ADD)} leaves the order to the JIT: its sums
     * differ between the two in the last bits (69 % of 512-bit sums of random floats, JDK 25), and a run whose
     * kernels are compiled at different moments (the JIT compiles in the background) then drifts apart.
     */
    public static final VectorShuffle<Float>[] HALVINGS = halvings();

    private Simd() {
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static VectorShuffle<Float>[] halvings() {
        int steps = Integer.numberOfTrailingZeros(LANES);
        VectorShuffle<Float>[] h = new VectorShuffle[steps];
        for (int k = 0; k < steps; k++) {
            int by = LANES >> (k + 1);
            h[k] = VectorShuffle.fromOp(SPECIES, i -> (i + by) % LANES);
        }
        return h;
    }

    static VectorSpecies<Float> chooseSpecies(String bits) {
        VectorSpecies<Float> preferred = FloatVector.SPECIES_PREFERRED;
        if (bits == null || bits.isBlank()) {
            return preferred;
        }
        VectorSpecies<Float> wanted = switch (bits.trim()) {
            case "128" -> FloatVector.SPECIES_128;
            case "256" -> FloatVector.SPECIES_256;
            case "512" -> FloatVector.SPECIES_512;
            default -> throw new IllegalArgumentException(
                    "a3c.vector.bits=" + bits + " is not a vector width: use 128, 256 or 512");
        };
        if (wanted.vectorBitSize() > preferred.vectorBitSize()) {
            throw new IllegalArgumentException("a3c.vector.bits=" + bits + " is wider than this CPU's "
                    + preferred.vectorBitSize() + "-bit vectors: use " + preferred.vectorBitSize() + " or less");
        }
        return wanted;
    }

    /** The largest multiple of LANES not above {@code length}: where the vector loop stops. */
    public static int loopBound(int length) {
        return SPECIES.loopBound(length);
    }
}
