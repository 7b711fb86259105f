package a3c.engine.cluster;

import java.net.BindException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;

import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;

import a3c.engine.UserError;

/**
 * One node's Pekko actor system: Artery TCP on the node's address, cluster membership with the learner as the
 * seed node, phi-accrual failure detection, and the split-brain resolver's keep-oldest strategy, so the
 * learner (the oldest member) always stays and a node that is cut off from it is removed. Parameters go over
 * Artery's large-message channel to the two actors that take them.
 */
public final class ClusterSystem {
    /** The actor system's name: every node of a run must use the same. */
    static final String NAME = "a3c";
    /** The learner's actor: {@code /user/learner} on the learner's node. */
    static final String LEARNER = "learner";
    /** A worker node's actor that talks to the learner: {@code /user/link}. */
    static final String LINK = "link";
    /** Artery's frames for parameters: the largest network's floats with room to spare. */
    static final int LARGE_FRAME_BYTES = 64 << 20;

    private ClusterSystem() {
    }

    /** A {@code HOST:PORT} flag value. */
    public record Address(String host, int port) {
        /** {@code flag}: the option it came from, for the error. */
        public static Address parse(String flag, String text) {
            int colon = text == null ? -1 : text.lastIndexOf(':');
            if (colon <= 0 || colon == text.length() - 1) {
                throw new UserError(flag + "=" + text + " is not HOST:PORT: give for example " + flag + " 127.0.0.1:25520");
            }
            int port;
            try {
                port = Integer.parseInt(text.substring(colon + 1));
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (port < 0 || port > 65_535) {
                throw new UserError(flag + "=" + text + ": the port must be a number from 0 to 65535");
            }
            return new Address(text.substring(0, colon), port);
        }

        @Override
        public String toString() {
            return host + ":" + port;
        }

        String uri() {
            return "pekko://" + NAME + "@" + host + ":" + port;
        }
    }

    /** The configuration of a node at {@code self} in the cluster whose seed (the learner) is {@code seed}. */
    static Config config(Address self, Address seed) {
        String ours = String.format(Locale.ROOT, """
                pekko {
                  loglevel = WARNING
                  stdout-loglevel = WARNING
                  log-dead-letters = 0
                  log-dead-letters-during-shutdown = off
                  actor {
                    provider = cluster
                    serializers { a3c = "a3c.engine.cluster.MessageSerializer" }
                    serialization-bindings { "a3c.engine.cluster.Messages$Message" = a3c }
                  }
                  remote.artery {
                    transport = tcp
                    canonical.hostname = "%s"
                    canonical.port = %d
                    large-message-destinations = ["/user/%s", "/user/%s"]
                    advanced.maximum-large-frame-size = %d
                  }
                  cluster {
                    seed-nodes = ["%s"]
                    downing-provider-class = "org.apache.pekko.cluster.sbr.SplitBrainResolverProvider"
                    split-brain-resolver {
                      active-strategy = keep-oldest
                      keep-oldest.down-if-alone = off
                      stable-after = 5s
                    }
                    jmx.enabled = off
                    log-info = off
                  }
                  coordinated-shutdown.run-by-jvm-shutdown-hook = off
                  # nor Artery's own hook, which on Ctrl-C shut the transport before a node's last sync could go:
                  # the run's shutdown hook stops training, syncs and then stops the actor system itself
                  jvm-shutdown-hooks = off
                  # the scheduler thread wakes once a tick whether a timer is due or not: 100 times a second at the
                  # default 10 ms, about 1.5 %% of a core a node here; 33 ms is the longest tick the cluster's own
                  # timers share (a longer one gives them a scheduler of their own)
                  scheduler.tick-duration = 33ms
                }
                """, self.host(), self.port(), LEARNER, LINK, LARGE_FRAME_BYTES, seed.uri());
        // -Dpekko.… on the command line still wins (tuning the failure detector, for example)
        return ConfigFactory.systemProperties().withFallback(ConfigFactory.parseString(ours))
                .withFallback(ConfigFactory.load(ClusterSystem.class.getClassLoader()));
    }

    /** Starts a node; a port that is taken or an address this machine does not have is one line. */
    static <T> ActorSystem<T> start(Behavior<T> guardian, Address self, Address seed, String flag) {
        try {
            return ActorSystem.create(guardian, NAME, config(self, seed));
        } catch (RuntimeException e) {
            for (Throwable c = e; c != null; c = c.getCause()) {
                if (c instanceof BindException) {
                    throw new UserError(flag + "=" + self + ": cannot listen there (" + c.getMessage()
                            + "): choose a free port, or an address of this machine", e);
                }
            }
            throw e;
        }
    }

    /** Stops a node and waits a bounded time for it. */
    static void stop(ActorSystem<?> system) {
        system.terminate();
        try {
            system.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            // the JVM exits anyway; nothing is written by the actor system
        }
    }

    /** This machine's address on the route to {@code peer} (no packet is sent), for a worker that was not given --bind. */
    public static String localAddressTowards(String peer) {
        try (DatagramSocket probe = new DatagramSocket()) {
            probe.connect(new InetSocketAddress(InetAddress.getByName(peer), 9));
            InetAddress local = probe.getLocalAddress();
            return local == null || local.isAnyLocalAddress() ? "127.0.0.1" : local.getHostAddress();
        } catch (Exception e) {
            return "127.0.0.1";
        }
    }

    static Duration seconds(double s) {
        return Duration.ofMillis((long) (s * 1000));
    }
}
