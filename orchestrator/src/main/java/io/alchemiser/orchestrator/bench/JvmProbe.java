package io.alchemiser.orchestrator.bench;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryContext;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.atomic.LongAdder;

/**
 * One JVM of a benchmark row, measured: what a window cost it ({@link ResourceMeter}), and the event-bus
 * messages it sent (sends, publishes, replies), delivered to handlers (a publish counts once per
 * handler) and wrote to the network (from Vert.x's own event-bus metrics; none in a JVM alone). The
 * driver's JVM measures itself; each member JVM of a cluster row answers the driver's requests on
 * {@link #ADDRESS} plus its name. Messages are counted in a round of their own, outside the rate's
 * window: the interceptors that count them cost a little on every message.
 */
public final class JvmProbe {
  public static final String ADDRESS = "alchemiser.bench.probe.";
  /** The network figure's source: Vert.x's event-bus metric of bytes written to cluster peers, one sample per message. */
  private static final String WRITTEN = "vertx.eventbus.bytes.written";

  /** Bus messages per workflow of a counting round. */
  public record Traffic(double sentPerWorkflow, double deliveredPerWorkflow, double networkPerWorkflow) {
    public Traffic plus(Traffic other) {
      return new Traffic(sentPerWorkflow + other.sentPerWorkflow, deliveredPerWorkflow + other.deliveredPerWorkflow,
          networkPerWorkflow + other.networkPerWorkflow);
    }

    JsonObject toJson() {
      return new JsonObject().put("sent", sentPerWorkflow).put("delivered", deliveredPerWorkflow).put("network", networkPerWorkflow);
    }

    static Traffic fromJson(JsonObject json) {
      return new Traffic(json.getDouble("sent"), json.getDouble("delivered"), json.getDouble("network"));
    }
  }

  private final Vertx vertx;
  private final MeterRegistry registry;
  private final LongAdder sent = new LongAdder();
  private final LongAdder delivered = new LongAdder();
  private final Handler<DeliveryContext<Object>> countSent = delivery -> {
    sent.increment();
    delivery.next();
  };
  private final Handler<DeliveryContext<Object>> countDelivered = delivery -> {
    delivered.increment();
    delivery.next();
  };
  private ResourceMeter meter;
  private long writtenAtStart;

  /** {@code registry}: the Vert.x metrics' registry, or null where the JVM has none (then nothing is written to a network). */
  public JvmProbe(Vertx vertx, MeterRegistry registry) {
    this.vertx = vertx;
    this.registry = registry;
  }

  public void startUsage() {
    meter = new ResourceMeter().start();
  }

  public ResourceMeter.Usage stopUsage(long workflows) {
    return meter.stop(workflows);
  }

  public void startCounting() {
    sent.reset();
    delivered.reset();
    writtenAtStart = written();
    vertx.eventBus().addOutboundInterceptor(countSent);
    vertx.eventBus().addInboundInterceptor(countDelivered);
  }

  public Traffic stopCounting(long workflows) {
    vertx.eventBus().removeOutboundInterceptor(countSent);
    vertx.eventBus().removeInboundInterceptor(countDelivered);
    double n = Math.max(1, workflows);
    return new Traffic(sent.sum() / n, delivered.sum() / n, (written() - writtenAtStart) / n);
  }

  private long written() {
    if (registry == null) {
      return 0;
    }
    long total = 0;
    for (Meter meter : registry.getMeters()) {
      // Vert.x names its meters in Prometheus's style (underscores) or Micrometer's (dots), by option.
      if (meter instanceof DistributionSummary summary && meter.getId().getName().replace('_', '.').equals(WRITTEN)) {
        total += summary.count();
      }
    }
    return total;
  }

  /** Answers the driver's requests on {@link #ADDRESS}{@code name}: start and stop a usage window or a counting round, the JIT's time so far. */
  public Future<Void> serve(String name) {
    return vertx.eventBus().<JsonObject>consumer(ADDRESS + name, request -> {
      JsonObject command = request.body();
      long workflows = command.getLong("workflows", 0L);
      switch (command.getString("do", "")) {
        case "startUsage" -> {
          startUsage();
          request.reply(new JsonObject());
        }
        case "stopUsage" -> request.reply(usageJson(stopUsage(workflows)));
        case "startCounting" -> {
          startCounting();
          request.reply(new JsonObject());
        }
        case "stopCounting" -> request.reply(stopCounting(workflows).toJson());
        case "compiled" -> request.reply(new JsonObject().put("compiledMs", ResourceMeter.compiledMs()));
        default -> request.fail(400, "unknown probe command " + command.getString("do"));
      }
    }).completion();
  }

  /** A member JVM's probe, as the driver reaches it over the bus. */
  public record Remote(Vertx vertx, String name) {
    public void startUsage() {
      ask("startUsage", 0);
    }

    public ResourceMeter.Usage stopUsage(long workflows) {
      JsonObject usage = ask("stopUsage", workflows);
      return new ResourceMeter.Usage(usage.getDouble("cpuMicrosPerWorkflow"), usage.getDouble("bytesPerWorkflow"), usage.getLong("gcCount"),
          usage.getLong("longestGcPauseMs"), usage.getLong("jitCompileMs"));
    }

    /** The member JVM's JIT compile time so far (ms). */
    public long compiledMs() {
      return ask("compiled", 0).getLong("compiledMs");
    }

    public void startCounting() {
      ask("startCounting", 0);
    }

    public Traffic stopCounting(long workflows) {
      return Traffic.fromJson(ask("stopCounting", workflows));
    }

    private JsonObject ask(String command, long workflows) {
      return vertx.eventBus().<JsonObject>request(ADDRESS + name, new JsonObject().put("do", command).put("workflows", workflows),
          new io.vertx.core.eventbus.DeliveryOptions().setSendTimeout(10_000)).await().body();
    }
  }

  private static JsonObject usageJson(ResourceMeter.Usage usage) {
    return new JsonObject().put("cpuMicrosPerWorkflow", usage.cpuMicrosPerWorkflow()).put("bytesPerWorkflow", usage.bytesPerWorkflow())
        .put("gcCount", usage.gcCount()).put("longestGcPauseMs", usage.longestGcPauseMs()).put("jitCompileMs", usage.jitCompileMs());
  }
}
