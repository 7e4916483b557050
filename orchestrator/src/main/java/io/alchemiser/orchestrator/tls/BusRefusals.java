package io.alchemiser.orchestrator.tls;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connections on the clustered event bus refused for want of a certificate from the cluster's CA:
 * logged and counted in {@code alchemiser_bus_connections_refused_total{direction}} ({@code probe}:
 * a cluster member that joined failed our handshake, see {@link StrangerProbe}; {@code outbound}: a
 * delivery to a member failed its handshake; {@code membership}: a connection to this node's
 * membership port failed it). Event-bus connections refused as they come in are not seen: Vert.x
 * refuses them inside its event-bus server, which reports nothing. Static, because the
 * logging that reports outbound failures is made by Logback, not by us.
 */
public final class BusRefusals {
  private static final Logger LOG = LoggerFactory.getLogger(BusRefusals.class);
  private static volatile MeterRegistry registry;

  private BusRefusals() {
  }

  /** Counts into this registry from now on (the node's, once its Vert.x is made). */
  public static void countInto(MeterRegistry meters) {
    registry = meters;
    counter("probe");
    counter("outbound");
    counter("membership");
  }

  /** A connection to this node's membership port failed our handshake: a stranger tried to join or to speak. */
  public static void membership(String peer, String why) {
    LOG.warn("cluster membership: refused a connection from {}: it holds no certificate from the cluster's CA, so it can neither "
        + "join nor read the cluster's state ({})", peer, why);
    increment("membership");
  }

  /** A cluster member failed the handshake our nodes would make with it: not one of ours. */
  static void stranger(String member, String why) {
    LOG.warn("event bus: refused a connection with cluster member {}: it holds no certificate from the cluster's CA, so nothing is "
        + "delivered to it or accepted from it ({})", member, why);
    increment("probe");
  }

  /** A delivery to a peer failed its TLS handshake (Vert.x has logged it; see {@link OutboundRefusalAppender}). */
  static void outbound() {
    increment("outbound");
  }

  private static void increment(String direction) {
    Counter counter = counter(direction);
    if (counter != null) {
      counter.increment();
    }
  }

  private static Counter counter(String direction) {
    MeterRegistry meters = registry;
    return meters == null ? null : Counter.builder("alchemiser.bus.connections.refused")
        .description("Event-bus connections refused for want of a certificate from the cluster's CA")
        .tag("direction", direction).register(meters);
  }
}
