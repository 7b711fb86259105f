package a3c.kernels;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The one place the vector species is chosen, and the small helpers every kernel loop uses.
 *
 * <p>The species is the machine's preferred float species unless the system property
 * {@code a3c.vector.bits} (128, 256 or 512) asks for a narrower one; tests set it so that every width's
 * code path, tails included, runs on any machine. The property is read once, at class initialisation.
 *
 * <p>Memory is addressed in floats: {@code index} is a float index into a segment, never a byte offset.
 */
public final class Simd {
    /** The float species every kernel uses. */
    public static final VectorSpecies<Float> SPECIES = chooseSpecies(System.getProperty("a3c.vector.bits"));
    /** Floats per vector. */
    public static final int LANES = SPECIES.length();

    private static final ByteOrder ORDER = ByteOrder.nativeOrder();
    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT;

    private Simd() {
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

    /** Loads LANES floats starting at float {@code index}. */
    public static FloatVector load(MemorySegment segment, long index) {
        return FloatVector.fromMemorySegment(SPECIES, segment, index << 2, ORDER);
    }

    /** Stores LANES floats starting at float {@code index}. */
    public static void store(FloatVector v, MemorySegment segment, long index) {
        v.intoMemorySegment(segment, index << 2, ORDER);
    }

    /** The one FMA helper: {@code a * b + acc}, fused. */
    public static FloatVector fma(FloatVector a, FloatVector b, FloatVector acc) {
        return a.fma(b, acc);
    }

    public static FloatVector broadcast(float value) {
        return FloatVector.broadcast(SPECIES, value);
    }

    public static FloatVector zero() {
        return FloatVector.zero(SPECIES);
    }

    public static float sum(FloatVector v) {
        return v.reduceLanes(VectorOperators.ADD);
    }

    /** The largest multiple of LANES not above {@code length}: where the vector loop stops. */
    public static int loopBound(int length) {
        return SPECIES.loopBound(length);
    }

    public static float get(MemorySegment segment, long index) {
        return segment.getAtIndex(FLOAT, index);
    }

    public static void set(MemorySegment segment, long index, float value) {
        segment.setAtIndex(FLOAT, index, value);
    }

    /** Scalar fused multiply-add with the same rounding as the vector lanes. */
    public static float fma(float a, float b, float acc) {
        return Math.fma(a, b, acc);
    }
}
