package a3c.engine.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** The cluster's parameter arithmetic: no node's step is lost or counted twice, whatever the timing of the syncs. */
class ParameterSyncTest {
    private static final int N = 1_001; // not a multiple of any vector length

    @Test
    void everyStepOfTwoNodesReachesTheLearnerOnceEvenWhileASyncIsAway() {
        Random r = new Random(7);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment master = arena.allocate(ValueLayout.JAVA_FLOAT, N);
            MemorySegment a = arena.allocate(ValueLayout.JAVA_FLOAT, N), b = arena.allocate(ValueLayout.JAVA_FLOAT, N);
            double[] expected = new double[N];
            for (int i = 0; i < N; i++) {
                float m = (float) r.nextGaussian();
                master.setAtIndex(ValueLayout.JAVA_FLOAT, i, m);
                expected[i] = m;
            }
            ParameterSync syncA = new ParameterSync(a, N), syncB = new ParameterSync(b, N);
            syncA.start(ParameterSync.copy(master, N));
            syncB.start(ParameterSync.copy(master, N));
            for (int round = 0; round < 5; round++) {
                step(a, r, expected);
                step(b, r, expected);
                byte[] deltaA = syncA.delta();
                step(a, r, expected); // A trains on while its sync is away
                byte[] afterA = ParameterSync.add(master, N, deltaA);
                assertArrayEquals(ParameterSync.copy(master, N), afterA, "add answers with the master after it");
                byte[] deltaB = syncB.delta(); // B's sync crosses A's
                step(b, r, expected);
                ParameterSync.add(master, N, deltaB);
                byte[] afterB = ParameterSync.copy(master, N);
                syncA.apply(afterA);
                syncB.apply(afterB);
            }
            // the last changes of both nodes, sent and applied
            ParameterSync.add(master, N, syncA.delta());
            ParameterSync.add(master, N, syncB.delta());
            for (int i = 0; i < N; i++) {
                assertEquals(expected[i], master.getAtIndex(ValueLayout.JAVA_FLOAT, i), 1e-4, "parameter " + i);
            }
            // and the node that synced last holds the learner's parameters plus nothing it has not sent
            byte[] last = ParameterSync.copy(master, N);
            syncB.apply(last);
            for (int i = 0; i < N; i++) {
                assertEquals(master.getAtIndex(ValueLayout.JAVA_FLOAT, i), b.getAtIndex(ValueLayout.JAVA_FLOAT, i), 1e-6);
            }
        }
    }

    /** One training step on a node: a random change of every parameter, also added to the sum the learner must reach. */
    private static void step(MemorySegment node, Random r, double[] expected) {
        for (int i = 0; i < N; i++) {
            float d = (float) (0.01 * r.nextGaussian());
            node.setAtIndex(ValueLayout.JAVA_FLOAT, i, node.getAtIndex(ValueLayout.JAVA_FLOAT, i) + d);
            expected[i] += d;
        }
    }

    @Test
    void floatsTravelLittleEndianAndAWrongSizeIsRefused() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment master = arena.allocate(ValueLayout.JAVA_FLOAT, 3);
            master.setAtIndex(ValueLayout.JAVA_FLOAT, 0, 1.5f);
            master.setAtIndex(ValueLayout.JAVA_FLOAT, 1, -2f);
            master.setAtIndex(ValueLayout.JAVA_FLOAT, 2, 1e-30f);
            byte[] bytes = ParameterSync.copy(master, 3);
            ByteBuffer le = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            assertArrayEquals(new float[] {1.5f, -2f, 1e-30f}, new float[] {le.getFloat(), le.getFloat(), le.getFloat()});
            assertThrows(IllegalArgumentException.class, () -> ParameterSync.add(master, 3, new byte[8]));
            assertThrows(IllegalArgumentException.class, () -> new ParameterSync(master, 3).apply(new byte[16]));
        }
    }
}
