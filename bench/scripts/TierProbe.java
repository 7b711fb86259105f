import java.util.Random;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Which float operations give other bits compiled (C2) than interpreted: run once with -Xint and once without,
 * compare the two files. bench/RESULTS.md, "Kernels that give the same floats interpreted and compiled".
 *
 * java -Xint --add-modules jdk.incubator.vector bench/scripts/TierProbe.java int.bin
 * java --add-modules jdk.incubator.vector bench/scripts/TierProbe.java c2.bin 200
 * java --add-modules jdk.incubator.vector bench/scripts/TierProbe.java int.bin c2.bin --compare
 */
public class TierProbe {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final String[] NAMES = {"reduceLanes(ADD)", "lanewise(EXP)", "lanewise(TANH)", "lanewise(EXPM1)", "Math.exp", "Math.tanh", "Math.expm1"};
    static final int N = S.length() * 20000;

    public static void main(String[] a) throws Exception {
        if (a.length == 3) {
            compare(a[0], a[1]);
            return;
        }
        Random r = new Random(1);
        float[] x = new float[N];
        for (int i = 0; i < N; i++) {
            x[i] = (float) (r.nextGaussian() * 3);
        }
        float[][] out = new float[NAMES.length][N];
        int reps = a.length > 1 ? Integer.parseInt(a[1]) : 1; // compiled: the last repetition's results
        for (int rep = 0; rep < reps; rep++) {
            for (int i = 0; i < N; i += S.length()) {
                FloatVector v = FloatVector.fromArray(S, x, i);
                out[0][i / S.length()] = v.reduceLanes(VectorOperators.ADD);
                v.lanewise(VectorOperators.EXP).intoArray(out[1], i);
                v.lanewise(VectorOperators.TANH).intoArray(out[2], i);
                v.lanewise(VectorOperators.EXPM1).intoArray(out[3], i);
            }
            for (int i = 0; i < N; i++) {
                out[4][i] = (float) Math.exp(x[i]);
                out[5][i] = (float) Math.tanh(x[i]);
                out[6][i] = (float) Math.expm1(x[i]);
            }
        }
        try (var o = new java.io.DataOutputStream(new java.io.BufferedOutputStream(new java.io.FileOutputStream(a[0])))) {
            for (float[] row : out) {
                for (float f : row) {
                    o.writeFloat(f);
                }
            }
        }
    }

    static void compare(String p, String q) throws Exception {
        try (var a = new java.io.DataInputStream(new java.io.BufferedInputStream(new java.io.FileInputStream(p)));
             var b = new java.io.DataInputStream(new java.io.BufferedInputStream(new java.io.FileInputStream(q)))) {
            for (int k = 0; k < NAMES.length; k++) {
                int count = k == 0 ? N / S.length() : N, differ = 0;
                for (int i = 0; i < N; i++) {
                    boolean d = Float.floatToRawIntBits(a.readFloat()) != Float.floatToRawIntBits(b.readFloat());
                    differ += d && i < count ? 1 : 0;
                }
                System.out.printf("%-18s %6.2f %% of %d differ%n", NAMES[k], 100.0 * differ / count, count);
            }
        }
    }
}
