package a3c.engine.cluster;

import java.io.NotSerializableException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.ByteBufferSerializer;
import org.apache.pekko.serialization.SerializerWithStringManifest;

import a3c.engine.cluster.Messages.DeltaPart;
import a3c.engine.cluster.Messages.Game;
import a3c.engine.cluster.Messages.Hello;
import a3c.engine.cluster.Messages.ParametersPart;
import a3c.engine.cluster.Messages.Refused;
import a3c.engine.cluster.Messages.Stop;
import a3c.engine.cluster.Messages.Sync;
import a3c.engine.cluster.Messages.Synced;
import a3c.engine.cluster.Messages.Welcome;

/**
 * The cluster's messages in bytes, little-endian, written straight into Artery's buffers
 * ({@link ByteBufferSerializer}): counters and numbers as themselves, strings as UTF-8 with their length,
 * actor references in Pekko's string form, parameters as the raw floats they already are.
 */
public final class MessageSerializer extends SerializerWithStringManifest implements ByteBufferSerializer {
    /** Pekko reserves 0-40 for itself. */
    static final int IDENTIFIER = 4_103;

    private final ExtendedActorSystem system;
    private volatile ActorRefResolver resolver;

    public MessageSerializer(ExtendedActorSystem system) {
        this.system = system;
    }

    @Override
    public int identifier() {
        return IDENTIFIER;
    }

    @Override
    public String manifest(Object o) {
        return switch (o) {
            case Hello h -> "H";
            case Welcome w -> "W";
            case Refused r -> "R";
            case DeltaPart p -> "P";
            case Sync s -> "S";
            case ParametersPart p -> "Q";
            case Synced s -> "D";
            case Stop s -> "X";
            default -> throw new IllegalArgumentException("not a cluster message: " + o.getClass());
        };
    }

    @Override
    public byte[] toBinary(Object o) {
        ByteBuffer buf = ByteBuffer.allocate(size(o));
        toBinary(o, buf);
        return buf.array();
    }

    @Override
    public Object fromBinary(byte[] bytes, String manifest) throws NotSerializableException {
        return fromBinary(ByteBuffer.wrap(bytes), manifest);
    }

    @Override
    public void toBinary(Object o, ByteBuffer buffer) {
        ByteBuffer b = buffer.order(ByteOrder.LITTLE_ENDIAN);
        switch (o) {
            case Hello h -> {
                putString(b, h.version());
                b.putInt(h.threads());
                putRef(b, h.replyTo());
            }
            case Welcome w -> {
                b.putInt(w.node()).putLong(w.seed()).putLong(w.frames()).putLong(w.updates());
                putString(b, w.signature());
                b.putInt(w.config().size());
                w.config().forEach((k, v) -> {
                    putString(b, k);
                    putString(b, v);
                });
                putBytes(b, w.parameters());
            }
            case Refused r -> putString(b, r.reason());
            case Sync s -> {
                b.putInt(s.node()).putLong(s.frames()).putLong(s.updates());
                b.putInt(s.games().length);
                for (Game g : s.games()) {
                    b.putDouble(g.rawReturn()).putLong(g.length());
                }
                b.putDouble(s.policyLoss()).putDouble(s.valueLoss()).putDouble(s.entropy()).putDouble(s.gradNorm());
                b.put((byte) (s.last() ? 1 : 0));
                putRef(b, s.replyTo());
            }
            case DeltaPart p -> {
                b.putInt(p.node()).putLong(p.parameters()).putInt(p.offset());
                putBytes(b, p.delta());
                putRef(b, p.replyTo());
            }
            case ParametersPart p -> {
                b.putInt(p.offset());
                putBytes(b, p.parameters());
            }
            case Synced s -> b.putLong(s.frames()).putLong(s.updates());
            case Stop s -> {
                putString(b, s.reason());
                b.put((byte) s.kind().ordinal());
            }
            default -> throw new IllegalArgumentException("not a cluster message: " + o.getClass());
        }
    }

    @Override
    public Object fromBinary(ByteBuffer buffer, String manifest) throws NotSerializableException {
        ByteBuffer b = buffer.order(ByteOrder.LITTLE_ENDIAN);
        return switch (manifest) {
            case "H" -> new Hello(getString(b), b.getInt(), getRef(b));
            case "W" -> {
                int node = b.getInt();
                long seed = b.getLong(), frames = b.getLong(), updates = b.getLong();
                String signature = getString(b);
                int n = b.getInt();
                Map<String, String> config = new LinkedHashMap<>();
                for (int i = 0; i < n; i++) {
                    config.put(getString(b), getString(b));
                }
                yield new Welcome(node, seed, signature, config, frames, updates, getBytes(b));
            }
            case "R" -> new Refused(getString(b));
            case "S" -> {
                int node = b.getInt();
                long frames = b.getLong(), updates = b.getLong();
                Game[] games = new Game[b.getInt()];
                for (int i = 0; i < games.length; i++) {
                    games[i] = new Game(b.getDouble(), b.getLong());
                }
                double pl = b.getDouble(), vl = b.getDouble(), ent = b.getDouble(), norm = b.getDouble();
                boolean last = b.get() != 0;
                yield new Sync(node, frames, updates, games, pl, vl, ent, norm, last, getRef(b));
            }
            case "P" -> {
                int node = b.getInt();
                long parameters = b.getLong();
                int offset = b.getInt();
                byte[] delta = getBytes(b);
                yield new DeltaPart(node, parameters, offset, delta, getRef(b));
            }
            case "Q" -> {
                int offset = b.getInt();
                yield new ParametersPart(offset, getBytes(b));
            }
            case "D" -> {
                long frames = b.getLong();
                yield new Synced(frames, b.getLong());
            }
            case "X" -> {
                String reason = getString(b);
                int kind = b.get();
                if (kind < 0 || kind >= Stop.Kind.values().length) {
                    throw new NotSerializableException("unknown kind of stop " + kind + " (a node of another engine version?)");
                }
                yield new Stop(reason, Stop.Kind.values()[kind]);
            }
            default -> throw new NotSerializableException("unknown cluster message kind '" + manifest + "' (a node of another engine version?)");
        };
    }

    /** The bytes {@code o} takes (for the byte-array path only; Artery writes into its own buffers). */
    int size(Object o) {
        return switch (o) {
            case Hello h -> stringSize(h.version()) + 4 + stringSize(refString(h.replyTo()));
            case Welcome w -> {
                int s = 4 + 24 + stringSize(w.signature()) + 4 + 4 + w.parameters().length;
                for (Map.Entry<String, String> e : w.config().entrySet()) {
                    s += stringSize(e.getKey()) + stringSize(e.getValue());
                }
                yield s;
            }
            case Refused r -> stringSize(r.reason());
            case Sync s -> 4 + 16 + 4 + 16 * s.games().length + 32 + 1 + stringSize(refString(s.replyTo()));
            case DeltaPart p -> 4 + 8 + 4 + 4 + p.delta().length + stringSize(refString(p.replyTo()));
            case ParametersPart p -> 4 + 4 + p.parameters().length;
            case Synced s -> 16;
            case Stop s -> stringSize(s.reason()) + 1;
            default -> throw new IllegalArgumentException("not a cluster message: " + o.getClass());
        };
    }

    private ActorRefResolver resolver() {
        if (resolver == null) {
            resolver = ActorRefResolver.get(Adapter.toTyped(system));
        }
        return resolver;
    }

    private String refString(ActorRef<?> ref) {
        return resolver().toSerializationFormat(ref);
    }

    private void putRef(ByteBuffer b, ActorRef<?> ref) {
        putString(b, refString(ref));
    }

    private <T> ActorRef<T> getRef(ByteBuffer b) {
        return resolver().resolveActorRef(getString(b));
    }

    private static int stringSize(String s) {
        return 4 + s.getBytes(StandardCharsets.UTF_8).length;
    }

    private static void putString(ByteBuffer b, String s) {
        putBytes(b, s.getBytes(StandardCharsets.UTF_8));
    }

    private static String getString(ByteBuffer b) {
        return new String(getBytes(b), StandardCharsets.UTF_8);
    }

    private static void putBytes(ByteBuffer b, byte[] bytes) {
        b.putInt(bytes.length).put(bytes);
    }

    private static byte[] getBytes(ByteBuffer b) {
        int n = b.getInt();
        if (n < 0 || n > b.remaining()) {
            throw new IllegalArgumentException("a cluster message is cut short: " + n + " bytes announced, " + b.remaining() + " left");
        }
        byte[] bytes = new byte[n];
        b.get(bytes);
        return bytes;
    }
}
