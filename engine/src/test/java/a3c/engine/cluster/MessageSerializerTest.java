package a3c.engine.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.NotSerializableException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import a3c.engine.cluster.Messages.DeltaPart;
import a3c.engine.cluster.Messages.Game;
import a3c.engine.cluster.Messages.Hello;
import a3c.engine.cluster.Messages.ParametersPart;
import a3c.engine.cluster.Messages.Refused;
import a3c.engine.cluster.Messages.Stop;
import a3c.engine.cluster.Messages.Sync;
import a3c.engine.cluster.Messages.Synced;
import a3c.engine.cluster.Messages.Welcome;

/** Every cluster message through Pekko's serialization as configured (our serializer, both its paths) and back. */
class MessageSerializerTest {
    private static ActorSystem<Void> system;
    private static ActorRef<Messages.ToWorker> ref;

    @BeforeAll
    static void start() throws Exception {
        ClusterSystem.Address self = new ClusterSystem.Address("127.0.0.1", 0);
        CompletableFuture<ActorRef<Messages.ToWorker>> link = new CompletableFuture<>();
        system = ActorSystem.create(Behaviors.setup(ctx -> {
            link.complete(ctx.spawn(Behaviors.<Messages.ToWorker>ignore(), "link"));
            return Behaviors.<Void>empty();
        }), ClusterSystem.NAME, ClusterSystem.config(self, self));
        ref = link.get(10, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() {
        ClusterSystem.stop(system);
    }

    @Test
    void everyMessageComesBackAsItWent() throws Exception {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("env", "catch");
        config.put("lr", "7.0E-4");
        byte[] floats = {1, 2, 3, 4, 5, 6, 7, (byte) 0xff};
        Hello hello = (Hello) roundTrip(new Hello("0.1.0 (jar abc)", 3, ref));
        assertEquals("0.1.0 (jar abc)", hello.version());
        assertEquals(3, hello.threads());
        assertEquals(ref, hello.replyTo());
        Welcome w = (Welcome) roundTrip(new Welcome(2, -5L, "ff:sig", config, 123_456_789_012L, 77, floats));
        assertEquals(2, w.node());
        assertEquals(-5L, w.seed());
        assertEquals("ff:sig", w.signature());
        assertEquals(config, w.config());
        assertEquals(123_456_789_012L, w.frames());
        assertEquals(77, w.updates());
        assertArrayEquals(floats, w.parameters());
        Sync s = (Sync) roundTrip(new Sync(4, 1_000, 12, new Game[] {new Game(-21, 800), new Game(3.5, 12)}, 0.1, 0.2, Double.NaN, 4.5, true, ref));
        assertEquals(4, s.node());
        assertEquals(1_000, s.frames());
        assertEquals(12, s.updates());
        assertEquals(2, s.games().length);
        assertEquals(new Game(3.5, 12), s.games()[1]);
        assertEquals(0.2, s.valueLoss());
        assertEquals(Double.NaN, s.entropy());
        assertEquals(4.5, s.gradNorm());
        assertTrue(s.last());
        assertFalse(((Sync) roundTrip(new Sync(4, 0, 0, new Game[0], 0, 0, 0, 0, false, ref))).last());
        assertEquals(ref, s.replyTo());
        DeltaPart p = (DeltaPart) roundTrip(new DeltaPart(5, 3_000_000_000L, 131_072, floats, ref));
        assertEquals(5, p.node());
        assertEquals(3_000_000_000L, p.parameters());
        assertEquals(131_072, p.offset());
        assertArrayEquals(floats, p.delta());
        assertEquals(ref, p.replyTo());
        ParametersPart q = (ParametersPart) roundTrip(new ParametersPart(65_536, floats));
        assertEquals(65_536, q.offset());
        assertArrayEquals(floats, q.parameters());
        Synced d = (Synced) roundTrip(new Synced(9, 8));
        assertEquals(9, d.frames());
        assertEquals(8, d.updates());
        assertEquals("über", ((Refused) roundTrip(new Refused("über"))).reason());
        for (Stop.Kind kind : Stop.Kind.values()) {
            Stop stop = (Stop) roundTrip(new Stop("done", kind));
            assertEquals("done", stop.reason());
            assertEquals(kind, stop.kind());
        }
    }

    /**
     * G1 puts an object of half a region or more straight into old regions and starts a concurrent cycle for it:
     * a full change part in fp16 stays under half of the smallest region (1 MB), a full answer part in fp32 under
     * half of the 2 MB regions of this machine's default heap, with their headers.
     */
    @Test
    void aFullPartIsNeverHumongous() throws Exception {
        MessageSerializer serializer = new MessageSerializer((ExtendedActorSystem) Adapter.toClassic(system));
        byte[] half = new byte[ParameterSync.PART * ParameterSync.CHANGE_BYTES];
        byte[] full = new byte[ParameterSync.PART * Float.BYTES];
        DeltaPart change = new DeltaPart(3, 10L * ParameterSync.PART, 7 * ParameterSync.PART, half, ref);
        ParametersPart answer = new ParametersPart(7 * ParameterSync.PART, full);
        assertTrue(serializer.size(change) < (1 << 20) / 2, serializer.size(change) + " bytes for a change part");
        assertTrue(serializer.size(answer) < (2 << 20) / 2, serializer.size(answer) + " bytes for an fp32 answer part");
        assertEquals(serializer.size(change), serializer.toBinary(change).length);
        assertArrayEquals(full, ((ParametersPart) roundTrip(answer)).parameters());
    }

    @Test
    void aMessageCutShortOrOfAnUnknownKindIsRefused() {
        MessageSerializer serializer = new MessageSerializer((ExtendedActorSystem) Adapter.toClassic(system));
        byte[] whole = serializer.toBinary(new ParametersPart(0, new byte[40]));
        byte[] cut = Arrays.copyOf(whole, whole.length - 4);
        assertThrows(IllegalArgumentException.class, () -> serializer.fromBinary(cut, "Q"));
        assertThrows(NotSerializableException.class, () -> serializer.fromBinary(whole, "?"));
    }

    /** Through the actor system's serialization (which must pick ours), then through the ByteBuffer path. */
    private static Object roundTrip(Object message) throws Exception {
        Serialization serialization = SerializationExtension.get(Adapter.toClassic(system));
        org.apache.pekko.serialization.Serializer chosen = serialization.findSerializerFor(message);
        assertInstanceOf(MessageSerializer.class, chosen);
        String manifest = Serializers.manifestFor(chosen, message);
        byte[] bytes = serialization.serialize(message).get();
        Object back = serialization.deserialize(bytes, chosen.identifier(), manifest).get();
        MessageSerializer ours = (MessageSerializer) chosen;
        ByteBuffer buffer = ByteBuffer.allocate(ours.size(message) + 16);
        ours.toBinary(message, buffer);
        buffer.flip();
        assertEquals(bytes.length, buffer.remaining(), "both paths write the same bytes");
        Object viaBuffer = ours.fromBinary(buffer, manifest);
        assertEquals(back.getClass(), viaBuffer.getClass());
        return back;
    }
}
