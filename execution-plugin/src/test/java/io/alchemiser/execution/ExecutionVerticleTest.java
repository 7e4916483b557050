package io.alchemiser.execution;

import static org.assertj.core.api.Assertions.assertThat;

import io.alchemiser.shared.account.AccountLeases;
import io.alchemiser.shared.bus.Addresses;
import io.alchemiser.shared.bus.EventCodec;
import io.alchemiser.shared.bus.EventPublisher;
import io.alchemiser.shared.config.ConfigLoader;
import io.alchemiser.shared.event.ErrorCodes;
import io.alchemiser.shared.event.EventMetadata;
import io.alchemiser.shared.event.EventType;
import io.alchemiser.shared.event.RebalancePlanned;
import io.alchemiser.shared.event.TradeExecuted;
import io.alchemiser.shared.event.WorkflowCompleted;
import io.alchemiser.shared.event.WorkflowEvent;
import io.alchemiser.shared.event.WorkflowFailed;
import io.alchemiser.shared.metrics.AlchemiserMetrics;
import io.alchemiser.shared.plugin.PluginContext;
import io.alchemiser.shared.trading.PlannedTrade;
import io.alchemiser.shared.trading.RebalancePlan;
import io.alchemiser.shared.trading.TradeAction;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The execution module's verticles on their own with the paper broker: a plan handed over on the
 * bus is placed while the workflow holds its account, reported event by event, and the account is
 * given back; a plan for an account another workflow holds places nothing.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class ExecutionVerticleTest {
  private String account;

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext context) throws IOException {
    Path dataDir = Files.createTempDirectory("alchemiser-execution");
    PluginContext plugin = new PluginContext(ConfigLoader.bundledDefaults(), dataDir, AlchemiserMetrics.NOOP, "node-test");
    Future.all(new ExecutionPlugin().verticles(plugin).stream().map(vertx::deployVerticle).toList())
        .compose(v -> vertx.eventBus().<JsonObject>request(Addresses.BROKER_IDENTITY, null))
        .onSuccess(reply -> account = reply.body().getString("account"))
        .onComplete(context.succeedingThenComplete());
  }

  private static RebalancePlanned buyOneSpy(String id) {
    PlannedTrade buy = new PlannedTrade("SPY", new BigDecimal("429.08"), BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO,
        new BigDecimal("0.01"), new BigDecimal("1000"), new BigDecimal("429.08"), BigDecimal.ONE, TradeAction.BUY);
    RebalancePlan plan = new RebalancePlan(new BigDecimal("100000"), new BigDecimal("100000"), BigDecimal.ZERO, BigDecimal.ZERO,
        new BigDecimal("429.08"), List.of(buy));
    return new RebalancePlanned(EventMetadata.next(EventType.REBALANCE_PLANNED, id, null, "portfolio"), plan, false);
  }

  /** Every event published, decoded as any observer would. */
  private static void observe(Vertx vertx, Consumer<WorkflowEvent> onEvent) {
    io.alchemiser.shared.bus.EventSubscription.everyEvent(vertx, message -> {
      try {
        onEvent.accept(EventCodec.decode(message.headers(), message.body()));
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
  }

  @Test
  void aPlanIsPlacedUnderTheWorkflowsLeaseAndTheAccountIsGivenBack(Vertx vertx, VertxTestContext context) {
    Checkpoint traded = context.checkpoint();
    Checkpoint completed = context.checkpoint();
    AccountLeases.start(vertx, AlchemiserMetrics.NOOP, "node-portfolio")
        // The portfolio module's part: the lease taken at planning.
        .compose(leases -> leases.acquire(account, "x-1", Instant.now().plusSeconds(5), () -> true))
        .onComplete(context.succeeding(lease -> {
          observe(vertx, event -> {
            if (event instanceof TradeExecuted trade) {
              context.verify(() -> {
                assertThat(trade.order().symbol()).isEqualTo("SPY");
                assertThat(trade.order().filledQuantity()).isEqualByComparingTo("1");
                assertThat(trade.order().clientOrderId()).startsWith("x-1-");
              });
              traded.flag();
            } else if (event instanceof WorkflowCompleted done) {
              context.verify(() -> assertThat(done.summary().ordersFilled()).isEqualTo(1));
              // Released once the last order is settled.
              vertx.setTimer(100, t -> AccountLeases.reader(vertx).snapshot().onComplete(context.succeeding(held -> {
                context.verify(() -> assertThat(held).isEmpty());
                completed.flag();
              })));
            } else if (event instanceof WorkflowFailed failed) {
              context.failNow(failed.failureReason());
            }
          });
          new EventPublisher(vertx, "test").emit(buyOneSpy("x-1"));
        }));
  }

  @Test
  void aPlanForAnAccountAnotherWorkflowHoldsPlacesNothing(Vertx vertx, VertxTestContext context) {
    AccountLeases.start(vertx, AlchemiserMetrics.NOOP, "node-portfolio")
        .compose(leases -> leases.acquire(account, "other", Instant.now().plusSeconds(5), () -> true))
        .onComplete(context.succeeding(held -> {
          observe(vertx, event -> {
            if (event instanceof TradeExecuted) {
              context.failNow("an order was placed for an account another workflow holds");
            } else if (event instanceof WorkflowFailed failed) {
              context.verify(() -> {
                assertThat(failed.errorCode()).isEqualTo(ErrorCodes.ACCOUNT_BUSY);
                assertThat(failed.failureReason()).contains("workflow other").contains("nothing was placed");
              });
              context.completeNow();
            }
          });
          new EventPublisher(vertx, "test").emit(buyOneSpy("x-2"));
        }));
  }
}
