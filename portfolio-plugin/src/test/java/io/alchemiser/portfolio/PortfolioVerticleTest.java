package io.alchemiser.portfolio;

import static org.assertj.core.api.Assertions.assertThat;

import io.alchemiser.shared.bus.Addresses;
import io.alchemiser.shared.bus.EventCodec;
import io.alchemiser.shared.bus.EventPublisher;
import io.alchemiser.shared.config.ConfigLoader;
import io.alchemiser.shared.account.AccountLeases;
import io.alchemiser.shared.event.EventMetadata;
import io.alchemiser.shared.event.EventType;
import io.alchemiser.shared.event.RebalancePlanned;
import io.alchemiser.shared.event.SignalGenerated;
import io.alchemiser.shared.metrics.AlchemiserMetrics;
import io.alchemiser.shared.plugin.PluginContext;
import io.alchemiser.shared.trading.TradeAction;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The portfolio module's verticle on its own, its neighbours as tiny verticles speaking the real
 * bus protocol: a broker that answers the account and its identity, and an execution module that
 * takes the plan.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class PortfolioVerticleTest {
  private static final String ACCOUNT = "paper:/test/account";

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext context) {
    // A broker with $10,000 in cash and nothing held; SPY at 500, TLT at 100.
    vertx.eventBus().consumer(Addresses.BROKER_IDENTITY, m -> m.reply(new JsonObject().put("broker", "paper").put("account", ACCOUNT)));
    vertx.eventBus().consumer(Addresses.BROKER_ACCOUNT, m -> m.reply(new JsonObject().put("cash", "10000").put("buyingPower", "10000")
        .put("equity", "10000").put("positions", new JsonObject()).put("prices", new JsonObject().put("SPY", "500").put("TLT", "100"))));
    PluginContext plugin = new PluginContext(ConfigLoader.bundledDefaults(), Path.of("target"), AlchemiserMetrics.NOOP, "node-test");
    Future.all(new PortfolioPlugin().verticles(plugin).stream().map(vertx::deployVerticle).toList())
        .onComplete(context.succeedingThenComplete());
  }

  private static SignalGenerated signal(String id, boolean dryRun) {
    return new SignalGenerated(EventMetadata.next(EventType.SIGNAL_GENERATED, id, null, "strategy"),
        Map.of("SPY", new BigDecimal("0.5"), "TLT", new BigDecimal("0.5")), List.of(), LocalDate.of(2025, 10, 31), null, dryRun);
  }

  /** The execution module's address: every plan handed over is passed to {@code onPlan} and acknowledged. */
  private static void execution(Vertx vertx, java.util.function.Consumer<RebalancePlanned> onPlan) {
    vertx.eventBus().consumer(EventType.REBALANCE_PLANNED.handlerAddress(), message -> {
      try {
        onPlan.accept((RebalancePlanned) EventCodec.decode(message.headers(), message.body()));
        message.reply(null);
      } catch (Exception e) {
        message.fail(400, e.getMessage());
      }
    });
  }

  @Test
  void aSignalBecomesAPlanMadeWhileTheWorkflowHoldsTheAccount(Vertx vertx, VertxTestContext context) {
    Checkpoint planned = context.checkpoint();
    Checkpoint released = context.checkpoint();
    AccountLeases leases = AccountLeases.reader(vertx);
    EventPublisher publisher = new EventPublisher(vertx, "test");
    // The run's deadline, which the signal carries as every event of the run does.
    long deadline = System.currentTimeMillis() + 60_000;
    io.alchemiser.shared.bus.WorkflowRuns.of(vertx).running("p-1", deadline);
    execution(vertx, plan -> leases.snapshot().onComplete(context.succeeding(held -> context.verify(() -> {
      assertThat(plan.correlationId()).isEqualTo("p-1");
      assertThat(plan.plan().trades()).allMatch(t -> t.action() == TradeAction.BUY);
      assertThat(plan.plan().buys()).extracting(t -> t.quantity().stripTrailingZeros().toPlainString())
          .containsExactlyInAnyOrder("10", "50");
      // While the plan is on its way, the workflow holds the account at planning.
      JsonObject account = held.getJsonObject(0);
      assertThat(account.getString("account")).isEqualTo(ACCOUNT);
      assertThat(account.getJsonObject("holder").getString("correlationId")).isEqualTo("p-1");
      assertThat(account.getJsonObject("holder").getString("stage")).isEqualTo("planning");
      planned.flag();
      // The workflow ends without an execution module taking the lease; the orchestrator's end notice says
      // so, and the portfolio module gives the lease back.
      vertx.eventBus().publish(Addresses.WORKFLOW_ENDED, new io.vertx.core.json.JsonObject().put("ended",
          new io.vertx.core.json.JsonArray().add(io.alchemiser.shared.bus.WorkflowRuns.endedNotice("p-1", deadline, "completed"))));
      awaitNoLease(vertx, leases, context, released, 100);
    }))));
    publisher.emit(signal("p-1", false));
  }

  private static void awaitNoLease(Vertx vertx, AccountLeases leases, VertxTestContext context, Checkpoint released, int tries) {
    leases.snapshot().onComplete(context.succeeding(held -> {
      if (held.isEmpty()) {
        released.flag();
      } else if (tries == 0) {
        context.failNow("the lease was never released: " + held.encode());
      } else {
        vertx.setTimer(20, t -> awaitNoLease(vertx, leases, context, released, tries - 1));
      }
    }));
  }

  @Test
  void aDryRunIsPlannedWithoutALease(Vertx vertx, VertxTestContext context) {
    AccountLeases leases = AccountLeases.reader(vertx);
    execution(vertx, plan -> leases.snapshot().onComplete(context.succeeding(held -> context.verify(() -> {
      assertThat(plan.dryRun()).isTrue();
      assertThat(held).isEqualTo(new JsonArray());
      context.completeNow();
    }))));
    new EventPublisher(vertx, "test").emit(signal("p-dry", true));
  }

  @Test
  void theAccountAsThePortfolioModuleSeesIt(Vertx vertx, VertxTestContext context) {
    vertx.eventBus().<JsonObject>request(Addresses.PORTFOLIO_ACCOUNT, new JsonObject()).onComplete(context.succeeding(reply ->
        context.verify(() -> {
          assertThat(reply.body().getString("cash")).isEqualTo("10000");
          assertThat(reply.body().getString("equity")).isEqualTo("10000");
          assertThat(reply.body().getJsonArray("positions")).isEmpty();
          context.completeNow();
        })));
  }
}
