package io.alchemiser.orchestrator;

import io.alchemiser.orchestrator.app.AlchemiserRuntime;
import io.alchemiser.orchestrator.app.ClusterSettings;
import io.alchemiser.orchestrator.tls.TlsFiles;
import io.alchemiser.shared.bus.Addresses;
import io.alchemiser.shared.bus.EventCodec;
import io.alchemiser.shared.config.ConfigReader;
import io.alchemiser.shared.event.EventMetadata;
import io.alchemiser.shared.event.EventType;
import io.alchemiser.shared.event.RebalancePlanned;
import io.alchemiser.shared.event.WorkflowStarted;
import io.alchemiser.shared.trading.PlannedTrade;
import io.alchemiser.shared.trading.RebalancePlan;
import io.alchemiser.shared.trading.TradeAction;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stranger on the cluster, for {@link ClusterSecurityIT}: the same Vert.x, Hazelcast or Infinispan,
 * the cluster's name and members known, and no certificate from its CA (none at all, or one of another
 * CA). It tries to join (counting itself a member, so that it runs even when nobody lets it in),
 * listens on the events address, sends a plan with a trade straight to the execution module and
 * publishes a start, then says on stdout what it saw, until its input closes.
 *
 * <p>Arguments: its port, the cluster's members, cluster name, correlation id, cluster manager, then
 * optionally cert, key, CA.
 */
public final class RogueNode {
  private RogueNode() {
  }

  public static void main(String[] args) throws Exception {
    JsonObject config = new JsonObject().put("cluster", new JsonObject().put("host", "127.0.0.1").put("port", args[0])
        .put("members", new JsonArray(List.of((args[1] + ",127.0.0.1:" + args[0]).split(",")))).put("name", args[2]).put("manager", args[4]));
    String id = args[3];
    TlsFiles tls = args.length > 5 ? new TlsFiles(Path.of(args[5]), Path.of(args[6]), Path.of(args[7])) : null;
    Vertx vertx;
    try {
      vertx = AlchemiserRuntime.createClustered(ClusterSettings.from(ConfigReader.root(config)).withTls(tls)).await().vertx();
    } catch (RuntimeException e) {
      // Hazelcast does not run alone when the members it was given answer in another protocol: it never gets in.
      System.out.println("not started: " + e.getMessage());
      System.exit(0);
      return;
    }
    io.alchemiser.shared.client.WorkflowClient.registerCodecs(vertx);
    AtomicInteger received = new AtomicInteger();
    // Every event but those it publishes itself (a publish is delivered locally too).
    io.alchemiser.shared.bus.EventSubscription.everyEvent(vertx, message -> {
      if (!id.equals(message.headers().get(io.alchemiser.shared.bus.Headers.CORRELATION_ID))) {
        received.incrementAndGet();
      }
    }).completion().await();
    // Its consumer reaches the other nodes through Hazelcast a moment later.
    Thread.sleep(3_000);
    System.out.println("started");

    PlannedTrade buy = new PlannedTrade("SPY", new BigDecimal("429.08"), BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO,
        new BigDecimal("0.5"), new BigDecimal("50000"), new BigDecimal("429.08"), new BigDecimal("100"), TradeAction.BUY);
    RebalancePlanned plan = new RebalancePlanned(EventMetadata.next(EventType.REBALANCE_PLANNED, id + "-plan", null, "portfolio"),
        new RebalancePlan(new BigDecimal("100000"), new BigDecimal("100000"), BigDecimal.ZERO, BigDecimal.ZERO,
            new BigDecimal("42908"), List.of(buy)), false);
    String outcome;
    try {
      vertx.eventBus().request(EventType.REBALANCE_PLANNED.handlerAddress(), EventCodec.encode(plan),
          EventCodec.deliveryOptions(plan).setSendTimeout(5_000)).await();
      outcome = "answered";
    } catch (RuntimeException e) {
      outcome = "failed: " + e.getMessage();
    }
    System.out.println("plan " + outcome);
    WorkflowStarted started = new WorkflowStarted(EventMetadata.next(EventType.WORKFLOW_STARTED, id, null, "orchestrator"), false, "rogue");
    vertx.eventBus().publish(Addresses.events(started.correlationId()), EventCodec.encode(started), EventCodec.deliveryOptions(started));
    System.out.println("published");
    vertx.setPeriodic(500, t -> System.out.println("received " + received.get()));
    while (System.in.read() >= 0) {
      // until the test closes our input
    }
    System.out.println("received " + received.get());
    vertx.close().await();
  }
}
