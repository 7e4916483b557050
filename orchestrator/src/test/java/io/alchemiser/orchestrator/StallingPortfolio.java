package io.alchemiser.orchestrator;

import io.alchemiser.orchestrator.app.AlchemiserRuntime;
import io.alchemiser.orchestrator.app.ClusterSettings;
import io.alchemiser.shared.bus.EventPublisher;
import io.alchemiser.shared.config.ConfigReader;
import io.alchemiser.shared.event.EventMetadata;
import io.alchemiser.shared.event.EventType;
import io.alchemiser.shared.event.RebalancePlanned;
import io.alchemiser.shared.event.SignalGenerated;
import io.alchemiser.shared.inbox.EventInbox;
import io.alchemiser.shared.metrics.AlchemiserMetrics;
import io.alchemiser.shared.trading.PlannedTrade;
import io.alchemiser.shared.trading.RebalancePlan;
import io.alchemiser.shared.trading.TradeAction;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A portfolio module of our own cluster, for {@link LateEventIT}, that holds each signal it is handed
 * (saying {@code held <id>} on stdout) and plans it only when told on stdin: {@code release <id>}
 * through the real publisher (which, having heard of the run's end, sends no deadline, so the
 * execution module asks), {@code release-with-deadline <id>} published and sent with the deadline the
 * signal came with (as a node sends it that has not heard of the end yet).
 *
 * <p>Arguments: its cluster port, the members, the cluster name.
 */
public final class StallingPortfolio {
  private StallingPortfolio() {
  }

  public static void main(String[] args) throws Exception {
    JsonObject config = new JsonObject().put("cluster", new JsonObject().put("host", "127.0.0.1").put("port", args[0])
        .put("members", new JsonArray(List.of(args[1].split(",")))).put("name", args[2]));
    Vertx vertx = AlchemiserRuntime.createClustered(ClusterSettings.from(ConfigReader.root(config))).await().vertx();
    Map<String, SignalGenerated> held = new ConcurrentHashMap<>();
    Map<String, Long> deadlines = new ConcurrentHashMap<>();
    io.alchemiser.shared.bus.WorkflowRuns runs = io.alchemiser.shared.bus.WorkflowRuns.of(vertx);
    EventPublisher publisher = new EventPublisher(vertx, "portfolio");
    EventInbox.of(vertx, publisher, AlchemiserMetrics.NOOP).handle(EventType.SIGNAL_GENERATED, SignalGenerated.class, signal -> {
      held.put(signal.correlationId(), signal);
      deadlines.put(signal.correlationId(), runs.deadline(signal.correlationId()));
      System.out.println("held " + signal.correlationId());
      return Future.succeededFuture();
    }).completion().await();
    // Its consumer reaches the other nodes through the cluster manager a moment later.
    Thread.sleep(2_000);
    System.out.println("ready");
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    while ((line = in.readLine()) != null) {
      if (line.startsWith("release")) {
        boolean withDeadline = line.startsWith("release-with-deadline ");
        SignalGenerated signal = held.get(line.substring(line.indexOf(' ') + 1));
        PlannedTrade buy = new PlannedTrade("SPY", new BigDecimal("429.08"), BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO,
            new BigDecimal("0.5"), new BigDecimal("50000"), new BigDecimal("429.08"), new BigDecimal("100"), TradeAction.BUY);
        RebalancePlanned plan = new RebalancePlanned(
            EventMetadata.next(EventType.REBALANCE_PLANNED, signal.correlationId(), signal.metadata(), "portfolio"),
            new RebalancePlan(new BigDecimal("100000"), new BigDecimal("100000"), BigDecimal.ZERO, BigDecimal.ZERO,
                new BigDecimal("42908"), List.of(buy)), false);
        if (withDeadline) {
          io.vertx.core.eventbus.DeliveryOptions options = io.alchemiser.shared.bus.EventCodec.deliveryOptions(plan)
              .addHeader(io.alchemiser.shared.bus.Headers.DEADLINE, Long.toString(deadlines.get(signal.correlationId())));
          vertx.eventBus().publish(io.alchemiser.shared.bus.Addresses.events(plan.correlationId()), plan, options);
          vertx.eventBus().send(EventType.REBALANCE_PLANNED.handlerAddress(), plan, options);
          System.out.println("released " + signal.correlationId());
        } else {
          vertx.runOnContext(v -> publisher.emit(plan).onComplete(r -> System.out.println("released " + signal.correlationId())));
        }
      }
    }
    vertx.close().await();
  }
}
