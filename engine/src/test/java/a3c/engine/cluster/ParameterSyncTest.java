package a3c.engine.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** The cluster's parameter arithmetic: no node's step is lost or counted twice, whatever the timing of the syncs. */
class ParameterSyncTest {
    private static final int N = 2 * ParameterSync.PART + 5_001; // three parts, the last one chunk and part of another, not a multiple of any vector length

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
                byte[][] deltaA = delta(syncA);
                step(a, r, expected); // A trains on while its sync is away
                byte[][] afterA = add(master, deltaA);
                for (int p = 0; p < afterA.length; p++) {
                    assertArrayEquals(half(master, ParameterSync.offset(p), afterA[p].length / ParameterSync.CHANGE_BYTES), afterA[p],
                            "add answers with the master after it, in fp16");
                }
                byte[][] deltaB = delta(syncB); // B's sync crosses A's
                step(b, r, expected);
                byte[][] afterB = add(master, deltaB);
                apply(syncA, afterA);
                apply(syncB, afterB);
            }
            // the last changes of both nodes, then what fp16 rounded off them: it went with each next change, and a
            // few syncs without training bring the rest
            for (int settle = 0; settle < 3; settle++) {
                apply(syncA, add(master, delta(syncA)));
                apply(syncB, add(master, delta(syncB)));
            }
            for (int i = 0; i < N; i++) {
                assertEquals(expected[i], master.getAtIndex(ValueLayout.JAVA_FLOAT, i), 1e-4, "parameter " + i);
            }
            // and the node that synced last holds the learner's parameters as fp16 rounds them, plus nothing it has not sent
            for (int i = 0; i < N; i++) {
                float m = master.getAtIndex(ValueLayout.JAVA_FLOAT, i);
                assertEquals(Float.float16ToFloat(Float.floatToFloat16(m)), b.getAtIndex(ValueLayout.JAVA_FLOAT, i), 1e-6);
            }
        }
    }

    @Test
    void aChangeTravelsInHalfPrecisionAndWhatItCannotCarryGoesWithTheNextSyncs() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment master = arena.allocate(ValueLayout.JAVA_FLOAT, 3), node = arena.allocate(ValueLayout.JAVA_FLOAT, 3);
            ParameterSync sync = new ParameterSync(node, 3);
            sync.start(ParameterSync.copy(master, 3));
            node.setAtIndex(ValueLayout.JAVA_FLOAT, 0, 200_000f); // past fp16's 65,504
            node.setAtIndex(ValueLayout.JAVA_FLOAT, 1, 1e-3f + 1e-7f); // more digits than fp16's 11 bits
            node.setAtIndex(ValueLayout.JAVA_FLOAT, 2, -0.5f); // exact in fp16
            byte[] change = sync.delta(0);
            assertEquals(3 * ParameterSync.CHANGE_BYTES, change.length, "two bytes a parameter");
            ByteBuffer le = ByteBuffer.wrap(change).order(ByteOrder.LITTLE_ENDIAN);
            assertEquals(65_504f, Float.float16ToFloat(le.getShort(0)), "the bound, the rest later");
            assertEquals(Float.float16ToFloat(Float.floatToFloat16(1e-3f + 1e-7f)), Float.float16ToFloat(le.getShort(2)));
            assertEquals(-0.5f, Float.float16ToFloat(le.getShort(4)));
            sync.apply(0, ParameterSync.add(master, 3, 0, change));
            assertEquals(200_000f, node.getAtIndex(ValueLayout.JAVA_FLOAT, 0), "the node keeps its own value");
            for (int s = 0; s < 3; s++) {
                sync.apply(0, ParameterSync.add(master, 3, 0, sync.delta(0)));
            }
            assertEquals(200_000f, master.getAtIndex(ValueLayout.JAVA_FLOAT, 0), "65,504 x 3 + 3,488 over four syncs");
            // fp16's finest step is 2^-24 (6e-8): the rounding went with the next syncs down to half of it, and the
            // node keeps the rest for later
            assertEquals(1e-3f + 1e-7f, master.getAtIndex(ValueLayout.JAVA_FLOAT, 1), 0x1p-25f, "the rounding went with the next syncs");
            assertTrue(Math.abs(1e-3f + 1e-7f - master.getAtIndex(ValueLayout.JAVA_FLOAT, 1))
                    < Math.abs(1e-3f + 1e-7f - Float.float16ToFloat(Float.floatToFloat16(1e-3f + 1e-7f))), "closer than one fp16 rounding");
            assertEquals(-0.5f, master.getAtIndex(ValueLayout.JAVA_FLOAT, 2));
            // a diverged node's change is not finite, and is not clamped into range
            node.setAtIndex(ValueLayout.JAVA_FLOAT, 1, Float.POSITIVE_INFINITY);
            assertFalse(ParameterSync.finite(sync.delta(0)));
            node.setAtIndex(ValueLayout.JAVA_FLOAT, 1, Float.NaN);
            assertFalse(ParameterSync.finite(sync.delta(0)));
            node.setAtIndex(ValueLayout.JAVA_FLOAT, 1, 1f);
            assertTrue(ParameterSync.finite(sync.delta(0)));
        }
    }

    /** A node's whole change, part by part. */
    private static byte[][] delta(ParameterSync sync) {
        byte[][] parts = new byte[ParameterSync.parts(N)][];
        for (int p = 0; p < parts.length; p++) {
            parts[p] = sync.delta(p);
            assertTrue(parts[p].length <= ParameterSync.PART * ParameterSync.CHANGE_BYTES, "a part holds at most PART parameters");
        }
        return parts;
    }

    /** The learner's side of a whole change: each part added, each answered. */
    private static byte[][] add(MemorySegment master, byte[][] delta) {
        byte[][] answers = new byte[delta.length][];
        for (int p = 0; p < delta.length; p++) {
            answers[p] = ParameterSync.add(master, N, ParameterSync.offset(p), delta[p]);
        }
        return answers;
    }

    private static void apply(ParameterSync sync, byte[][] answers) {
        for (int p = 0; p < answers.length; p++) {
            sync.apply(ParameterSync.offset(p), answers[p]);
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

    /**
     * The learner answers in fp16; a part with a value beyond fp16's range goes in fp32. A node trains on the master
     * rounded to fp16, and the rounding never reaches the master: syncs without training leave it as it is, bit for bit.
     */
    @Test
    void answersAreTheMasterInHalfPrecisionAndTheRoundingNeverReachesTheMaster() {
        int n = ParameterSync.PART + 3; // two parts
        Random r = new Random(5);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment master = arena.allocate(ValueLayout.JAVA_FLOAT, n), node = arena.allocate(ValueLayout.JAVA_FLOAT, n);
            for (int i = 0; i < n; i++) {
                master.setAtIndex(ValueLayout.JAVA_FLOAT, i, (float) (0.05 * r.nextGaussian()));
            }
            master.setAtIndex(ValueLayout.JAVA_FLOAT, n - 1, 70_000f); // the second part holds one value past 65,504
            ParameterSync sync = new ParameterSync(node, n);
            sync.start(ParameterSync.copy(master, n));
            float[] before = new float[n];
            for (int i = 0; i < n; i++) {
                before[i] = master.getAtIndex(ValueLayout.JAVA_FLOAT, i);
            }
            for (int round = 0; round < 3; round++) { // no training: every change is zero
                byte[] first = ParameterSync.add(master, n, 0, sync.delta(0));
                byte[] second = ParameterSync.add(master, n, ParameterSync.PART, sync.delta(1));
                assertEquals(ParameterSync.PART * ParameterSync.CHANGE_BYTES, first.length, "fp16: two bytes a parameter");
                assertEquals(3 * Float.BYTES, second.length, "a part with a value beyond fp16's range: fp32");
                sync.apply(0, first);
                sync.apply(ParameterSync.PART, second);
            }
            for (int i = 0; i < n; i++) {
                float m = master.getAtIndex(ValueLayout.JAVA_FLOAT, i);
                assertEquals(Float.floatToRawIntBits(before[i]), Float.floatToRawIntBits(m), "the master, parameter " + i);
                float expected = i < ParameterSync.PART ? Float.float16ToFloat(Float.floatToFloat16(m)) : m;
                assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(node.getAtIndex(ValueLayout.JAVA_FLOAT, i)), "the node, parameter " + i);
            }
            // a step of training on the node reaches the master whole, though the node holds rounded parameters
            node.setAtIndex(ValueLayout.JAVA_FLOAT, 7, node.getAtIndex(ValueLayout.JAVA_FLOAT, 7) + 1e-3f);
            sync.apply(0, ParameterSync.add(master, n, 0, sync.delta(0)));
            assertEquals(before[7] + 1e-3f, master.getAtIndex(ValueLayout.JAVA_FLOAT, 7), 1e-6f);
        }
    }

    /** The master's {@code n} parameters from {@code offset} on, rounded to fp16, as the wire's bytes. */
    private static byte[] half(MemorySegment master, int offset, int n) {
        ByteBuffer out = ByteBuffer.allocate(n * ParameterSync.CHANGE_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            out.putShort(Float.floatToFloat16(master.getAtIndex(ValueLayout.JAVA_FLOAT, offset + i)));
        }
        return out.array();
    }

    @Test
    void floatsTravelLittleEndianAndAPartOutsideTheNetworkIsRefused() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment master = arena.allocate(ValueLayout.JAVA_FLOAT, 3);
            master.setAtIndex(ValueLayout.JAVA_FLOAT, 0, 1.5f);
            master.setAtIndex(ValueLayout.JAVA_FLOAT, 1, -2f);
            master.setAtIndex(ValueLayout.JAVA_FLOAT, 2, 1e-30f);
            byte[] bytes = ParameterSync.copy(master, 3);
            ByteBuffer le = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            assertArrayEquals(new float[] {1.5f, -2f, 1e-30f}, new float[] {le.getFloat(), le.getFloat(), le.getFloat()});
            ByteBuffer answer = ByteBuffer.wrap(ParameterSync.add(master, 3, 0, new byte[6])).order(ByteOrder.LITTLE_ENDIAN);
            assertArrayEquals(new float[] {1.5f, -2f, 0f}, new float[] {Float.float16ToFloat(answer.getShort()), Float.float16ToFloat(answer.getShort()),
                    Float.float16ToFloat(answer.getShort())}, "adding nothing answers the master as it is, in fp16 (1e-30 rounds to 0)");
            assertThrows(IllegalArgumentException.class, () -> ParameterSync.add(master, 3, 2, new byte[4]), "past the network's end");
            assertThrows(IllegalArgumentException.class, () -> ParameterSync.add(master, 3, 0, new byte[5]), "not whole fp16 floats");
            assertThrows(IllegalArgumentException.class, () -> ParameterSync.add(master, 3, -1, new byte[2]), "before its start");
            assertThrows(IllegalArgumentException.class, () -> new ParameterSync(master, 3).apply(0, new byte[16]), "neither 6 nor 12 bytes");
            assertThrows(IllegalArgumentException.class, () -> new ParameterSync(master, 3).apply(1, new byte[4]), "not a part's start");
            assertThrows(IllegalArgumentException.class, () -> new ParameterSync(master, 3).start(new byte[8]), "a whole network to start from");
        }
    }

    /**
     * The array-view passes give the bytes and floats of their twin (the first version, through heap segments) on
     * every path: ordinary changes, changes past fp16's range, below its subnormals, NaN and infinities (sent as they
     * are, refused by {@code finite}), a last part shorter than the others, answers that cross a later change.
     */
    @Test
    void theArrayViewPassesEqualTheirTwinByteForByte() {
        Random r = new Random(11);
        float[] odd = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 1e6f, -1e6f, 65_504f, 65_520f, 1e-9f, -1e-9f,
                -0f, Float.MIN_VALUE, 6.1e-5f, 5.96e-8f};
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment master = arena.allocate(ValueLayout.JAVA_FLOAT, N), twinMaster = arena.allocate(ValueLayout.JAVA_FLOAT, N);
            MemorySegment node = arena.allocate(ValueLayout.JAVA_FLOAT, N), twinNode = arena.allocate(ValueLayout.JAVA_FLOAT, N);
            for (int i = 0; i < N; i++) {
                float m = (float) r.nextGaussian();
                master.setAtIndex(ValueLayout.JAVA_FLOAT, i, m);
                twinMaster.setAtIndex(ValueLayout.JAVA_FLOAT, i, m);
            }
            byte[] welcome = ParameterSync.copy(master, N);
            assertArrayEquals(ParameterSyncTwin.copy(twinMaster, N), welcome, "copy");
            ParameterSync sync = new ParameterSync(node, N);
            ParameterSyncTwin twin = new ParameterSyncTwin(twinNode, N);
            sync.start(welcome);
            twin.start(welcome);
            assertSegmentsEqual(twinNode, node, "start");
            for (int round = 0; round < 4; round++) {
                for (int i = 0; i < N; i++) { // a step of training, the same on both nodes; some odd values in rounds 1 and 3
                    float v = node.getAtIndex(ValueLayout.JAVA_FLOAT, i) + (float) (0.01 * r.nextGaussian());
                    if (round % 2 == 1 && r.nextInt(50) == 0) {
                        v = odd[r.nextInt(odd.length)];
                    }
                    node.setAtIndex(ValueLayout.JAVA_FLOAT, i, v);
                    twinNode.setAtIndex(ValueLayout.JAVA_FLOAT, i, v);
                }
                for (int part = 0; part < ParameterSync.parts(N); part++) {
                    byte[] change = sync.delta(part);
                    assertArrayEquals(twin.delta(part), change, "delta, round " + round + ", part " + part);
                    assertEquals(ParameterSyncTwin.finite(change), ParameterSync.finite(change), "finite, round " + round + ", part " + part);
                    byte[] answer = ParameterSync.add(master, N, ParameterSync.offset(part), change);
                    assertArrayEquals(ParameterSyncTwin.add(twinMaster, N, ParameterSync.offset(part), change), answer, "add");
                    node.setAtIndex(ValueLayout.JAVA_FLOAT, ParameterSync.offset(part), 0.25f); // a step while the answer is away
                    twinNode.setAtIndex(ValueLayout.JAVA_FLOAT, ParameterSync.offset(part), 0.25f);
                    sync.apply(ParameterSync.offset(part), answer);
                    twin.apply(ParameterSync.offset(part), answer);
                }
                assertSegmentsEqual(twinMaster, master, "the master, round " + round);
                assertSegmentsEqual(twinNode, node, "the node, round " + round);
            }
        }
        byte[] nan = new byte[8];
        ByteBuffer.wrap(nan).order(ByteOrder.LITTLE_ENDIAN).putShort(6, Float.floatToFloat16(Float.NaN));
        assertFalse(ParameterSync.finite(nan), "a NaN in a change's last float");
        assertTrue(ParameterSync.finite(new byte[8]));
    }

    private static void assertSegmentsEqual(MemorySegment expected, MemorySegment actual, String what) {
        for (int i = 0; i < N; i++) {
            assertEquals(Float.floatToRawIntBits(expected.getAtIndex(ValueLayout.JAVA_FLOAT, i)),
                    Float.floatToRawIntBits(actual.getAtIndex(ValueLayout.JAVA_FLOAT, i)), what + ", parameter " + i);
        }
    }
}
