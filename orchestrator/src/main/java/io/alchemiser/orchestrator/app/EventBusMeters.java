package io.alchemiser.orchestrator.app;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.metrics.MetricsOptions;
import io.vertx.core.spi.VertxMetricsFactory;
import io.vertx.core.spi.metrics.EventBusMetrics;
import io.vertx.core.spi.metrics.VertxMetrics;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MetricsNaming;
import java.util.concurrent.atomic.LongAdder;

/**
 * Vert.x's event-bus meters (the same names, labels and meanings as Vert.x's Micrometer metrics with
 * their default labels: {@code vertx_eventbus_published_total{side}} and the rest), each resolved once
 * at start. Vert.x's own implementation looks each meter up in the registry by name and tags on every
 * message sent, received, written and read, and builds the pending gauge anew for every message
 * received: 7.6 % of a cluster orchestrator's CPU samples (JFR, 6 December 2026). Every other Vert.x
 * meter (HTTP, pools, JVM) is Vert.x's own.
 */
final class EventBusMeters implements EventBusMetrics<Object> {
  /** Vert.x's own addresses (replies among them) are not measured, as in Vert.x's implementation. */
  private static final String INTERNAL = "__vertx.";
  /** What {@link #handlerRegistered} returns for a measured handler: its messages are counted by side. */
  private static final Object MEASURED = new Object();

  private final Side local;
  private final Side remote;
  private final LongAdder handlers = new LongAdder();
  private final DistributionSummary bytesWritten;
  private final DistributionSummary bytesRead;
  private final Counter replyFailures;

  /** The meters of one side: messages that stay in this JVM ({@code local}) or cross to another. */
  private static final class Side {
    final Counter published;
    final Counter sent;
    final Counter received;
    final Counter delivered;
    final Counter processed;
    final Counter discarded;
    final LongAdder pending = new LongAdder();

    Side(MeterRegistry registry, MetricsNaming names, String side) {
      Tags tags = Tags.of("side", side);
      published = counter(registry, names.getEbPublished(), "Number of messages published (publish / subscribe)", tags);
      sent = counter(registry, names.getEbSent(), "Number of messages sent (point-to-point)", tags);
      received = counter(registry, names.getEbReceived(), "Number of messages received", tags);
      delivered = counter(registry, names.getEbDelivered(), "Number of messages delivered to handlers", tags);
      processed = counter(registry, names.getEbProcessed(), "Number of processed messages", tags);
      discarded = counter(registry, names.getEbDiscarded(), "Number of discarded messages", tags);
      Gauge.builder(names.getEbPending(), pending, LongAdder::doubleValue).description("Number of messages not processed yet")
          .tags(tags).strongReference(true).register(registry);
    }
  }

  EventBusMeters(MeterRegistry registry) {
    // Named as Vert.x names them: its default naming under the event bus's base name.
    MetricsNaming names = MetricsNaming.v4Names().withBaseName("vertx." + MetricsDomain.EVENT_BUS.toCategory() + ".");
    local = new Side(registry, names, "local");
    remote = new Side(registry, names, "remote");
    Gauge.builder(names.getEbHandlers(), handlers, LongAdder::doubleValue).description("Number of event bus handlers in use")
        .strongReference(true).register(registry);
    bytesWritten = DistributionSummary.builder(names.getEbBytesWritten())
        .description("Number of bytes sent while sending messages to event bus cluster peers").register(registry);
    bytesRead = DistributionSummary.builder(names.getEbBytesRead())
        .description("Number of bytes received while reading messages from event bus cluster peers").register(registry);
    replyFailures = counter(registry, names.getEbReplyFailures(), "Number of message reply failures", Tags.empty());
  }

  /**
   * Vert.x's Micrometer metrics from {@code registry}, with these event-bus meters in place of its own.
   */
  static VertxMetricsFactory factory(MeterRegistry registry) {
    VertxMetricsFactory micrometer = new io.vertx.micrometer.MicrometerMetricsFactory(registry);
    return new VertxMetricsFactory() {
      @Override
      public VertxMetrics metrics(VertxOptions options) {
        return new WithEventBusMeters(micrometer.metrics(options), new EventBusMeters(registry));
      }

      @Override
      public MetricsOptions newOptions() {
        return micrometer.newOptions();
      }

      @Override
      public MetricsOptions newOptions(MetricsOptions options) {
        return micrometer.newOptions(options);
      }

      @Override
      public MetricsOptions newOptions(io.vertx.core.json.JsonObject json) {
        return micrometer.newOptions(json);
      }
    };
  }

  private static Counter counter(MeterRegistry registry, String name, String description, Tags tags) {
    return Counter.builder(name).description(description).tags(tags).register(registry);
  }

  private static boolean measured(String address) {
    return !address.startsWith(INTERNAL);
  }

  private Side side(boolean isLocal) {
    return isLocal ? local : remote;
  }

  @Override
  public Object handlerRegistered(String address) {
    if (!measured(address)) {
      return null;
    }
    handlers.increment();
    return MEASURED;
  }

  @Override
  public void handlerUnregistered(Object handler) {
    if (handler != null) {
      handlers.decrement();
    }
  }

  @Override
  public void messageDelivered(Object handler, boolean isLocal) {
    if (handler != null) {
      Side side = side(isLocal);
      side.pending.decrement();
      side.processed.increment();
    }
  }

  @Override
  public void discardMessage(Object handler, boolean isLocal, Message<?> msg) {
    if (handler != null) {
      Side side = side(isLocal);
      side.pending.decrement();
      side.discarded.increment();
    }
  }

  @Override
  public void messageSent(String address, boolean publish, boolean isLocal, boolean isRemote) {
    if (measured(address)) {
      (publish ? side(isLocal).published : side(isLocal).sent).increment();
    }
  }

  @Override
  public void messageReceived(String address, boolean publish, boolean isLocal, int handlerCount) {
    if (measured(address)) {
      Side side = side(isLocal);
      side.received.increment();
      if (handlerCount > 0) {
        side.pending.add(handlerCount);
        side.delivered.increment();
      }
    }
  }

  @Override
  public void messageWritten(String address, int numberOfBytes) {
    if (measured(address)) {
      bytesWritten.record(numberOfBytes);
    }
  }

  @Override
  public void messageRead(String address, int numberOfBytes) {
    if (measured(address)) {
      bytesRead.record(numberOfBytes);
    }
  }

  @Override
  public void replyFailure(String address, ReplyFailure failure) {
    if (measured(address)) {
      replyFailures.increment();
    }
  }

  /** Vert.x's Micrometer metrics for everything but the event bus. */
  private record WithEventBusMeters(VertxMetrics delegate, EventBusMeters eventBus) implements VertxMetrics {
    @Override
    public EventBusMetrics<?> createEventBusMetrics() {
      return eventBus;
    }

    @Override
    public io.vertx.core.spi.metrics.HttpServerMetrics<?, ?, ?> createHttpServerMetrics(io.vertx.core.http.HttpServerOptions options,
                                                                                        io.vertx.core.net.SocketAddress localAddress) {
      return delegate.createHttpServerMetrics(options, localAddress);
    }

    @Override
    public io.vertx.core.spi.metrics.ClientMetrics<?, ?, ?> createClientMetrics(io.vertx.core.net.SocketAddress remoteAddress, String type,
                                                                                String namespace) {
      return delegate.createClientMetrics(remoteAddress, type, namespace);
    }

    @Override
    public io.vertx.core.spi.metrics.HttpClientMetrics<?, ?, ?> createHttpClientMetrics(io.vertx.core.http.HttpClientOptions options) {
      return delegate.createHttpClientMetrics(options);
    }

    @Override
    public io.vertx.core.spi.metrics.TCPMetrics<?> createNetServerMetrics(io.vertx.core.net.NetServerOptions options,
                                                                          io.vertx.core.net.SocketAddress localAddress) {
      return delegate.createNetServerMetrics(options, localAddress);
    }

    @Override
    public io.vertx.core.spi.metrics.TCPMetrics<?> createNetClientMetrics(io.vertx.core.net.NetClientOptions options) {
      return delegate.createNetClientMetrics(options);
    }

    @Override
    public io.vertx.core.spi.metrics.DatagramSocketMetrics createDatagramSocketMetrics(io.vertx.core.datagram.DatagramSocketOptions options) {
      return delegate.createDatagramSocketMetrics(options);
    }

    @Override
    public io.vertx.core.spi.metrics.PoolMetrics<?, ?> createPoolMetrics(String type, String name, int maxSize) {
      return delegate.createPoolMetrics(type, name, maxSize);
    }

    @Override
    public void vertxCreated(io.vertx.core.Vertx vertx) {
      delegate.vertxCreated(vertx);
    }

    @Override
    public boolean isMetricsEnabled() {
      return delegate.isMetricsEnabled();
    }

    @Override
    public void close() {
      delegate.close();
    }
  }
}
