package io.alchemiser.orchestrator;

import io.alchemiser.orchestrator.app.Node;

import static org.assertj.core.api.Assertions.assertThat;

import io.alchemiser.shared.plugin.AlchemiserPlugin;
import io.alchemiser.shared.metrics.AlchemiserMetrics;
import io.alchemiser.shared.event.ErrorCodes;
import io.alchemiser.shared.trading.OrderReport;
import io.alchemiser.shared.trading.OrderSide;
import io.alchemiser.shared.trading.OrderStatus;
import io.alchemiser.shared.trading.PlannedTrade;
import io.alchemiser.shared.plugin.PluginContext;
import io.alchemiser.shared.plugin.Plugins;
import io.alchemiser.shared.client.StartRequest;
import io.alchemiser.shared.trading.TradeAction;
import io.alchemiser.shared.client.WorkflowClient;
import io.alchemiser.shared.client.WorkflowRecord;
import io.alchemiser.shared.client.WorkflowStatus;
import io.vertx.core.Deployable;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The real modules, deployed the way the launcher deploys them, through whole workflows. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class FullWorkflowTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  @Test
  void happyPathBuysTheTargetsAndASecondRunBuysNothing(Vertx vertx) throws Exception {
    Path dataDir = TestNodes.tempDir();
    Node node = Node.start(vertx, TestNodes.allModules(dataDir)).await();
    WorkflowClient client = node.client();

    String id = client.start(StartRequest.of("happy-1", false, "test")).await();
    assertThat(id).isEqualTo("happy-1");
    WorkflowRecord first = client.awaitCompletion(id, WAIT).await();

    assertThat(first.status()).isEqualTo(WorkflowStatus.COMPLETED);
    assertThat(first.stage()).isEqualTo("WorkflowCompleted");
    assertThat(first.stageTimes()).containsOnlyKeys(
        "WorkflowStarted", "SignalGenerated", "RebalancePlanned", "TradeExecuted", "WorkflowCompleted");
    // The default config: the four example symphonies on the bundled sample data.
    assertThat(first.strategySignals().strategies()).extracting(s -> s.name())
        .containsExactly("Trend momentum", "Risk parity", "Leveraged regimes", "Balanced 60/40");
    assertThat(first.strategySignals().asOf()).isEqualTo(java.time.LocalDate.of(2025, 10, 31));
    assertThat(first.strategySignals().allocation().values().stream().reduce(BigDecimal.ZERO, BigDecimal::add))
        .isEqualByComparingTo("1");
    assertThat(first.rebalancePlan().equity()).isEqualByComparingTo("100000");
    assertThat(first.rebalancePlan().trades()).allMatch(t -> t.action() == TradeAction.BUY);
    int buys = first.rebalancePlan().buys().size();
    assertThat(buys).isEqualTo(first.strategySignals().allocation().size());
    assertThat(first.ordersExecuted()).hasSize(buys).allMatch(o -> o.status() == OrderStatus.FILLED)
        .allMatch(o -> o.side() == OrderSide.BUY)
        .allMatch(o -> o.clientOrderId().startsWith("happy-1-"));
    assertThat(first.executionSummary().ordersPlaced()).isEqualTo(buys);
    assertThat(first.executionSummary().ordersFilled()).isEqualTo(buys);
    BigDecimal traded = first.ordersExecuted().stream().map(OrderReport::tradedValue).reduce(BigDecimal.ZERO, BigDecimal::add);
    assertThat(traded).isLessThanOrEqualTo(new BigDecimal("100000")).isGreaterThan(new BigDecimal("99990"));
    assertThat(Files.readString(dataDir.resolve("paper-broker/account.json"))).contains("happy-1-SPY-b");

    WorkflowRecord second = client.awaitCompletion(client.start(StartRequest.of("happy-2", false, "test")).await(), WAIT).await();
    assertThat(second.status()).isEqualTo(WorkflowStatus.COMPLETED);
    assertThat(second.ordersExecuted()).isEmpty();
    assertThat(second.rebalancePlan().trades()).allMatch(t -> t.action() == TradeAction.HOLD);
    assertThat(second.rebalancePlan().trades()).extracting(PlannedTrade::currentQuantity).allMatch(q -> q.signum() > 0);
    assertThat(client.activeWorkflows().await()).isEmpty();
  }

  @Test
  void dryRunPlansButPlacesNoOrder(Vertx vertx) throws Exception {
    Path dataDir = TestNodes.tempDir();
    WorkflowClient client = Node.start(vertx, TestNodes.allModules(dataDir)).await().client();

    WorkflowRecord record = client.awaitCompletion(client.start(StartRequest.of("dry-1", true, "test")).await(), WAIT).await();

    assertThat(record.status()).isEqualTo(WorkflowStatus.COMPLETED);
    assertThat(record.dryRun()).isTrue();
    assertThat(record.rebalancePlan().buys()).hasSize(record.strategySignals().allocation().size());
    assertThat(record.ordersExecuted()).isEmpty();
    assertThat(record.executionSummary().dryRun()).isTrue();
    assertThat(dataDir.resolve("paper-broker/account.json")).doesNotExist();
  }

  @Test
  void aPlanOverTheTurnoverLimitPlacesNothingAndFailsSayingWhyWhileADryRunShowsIt(Vertx vertx) throws Exception {
    Path dataDir = TestNodes.tempDir();
    JsonObject config = TestNodes.allModules(dataDir);
    // A new account is all cash: its first plan buys about its whole equity, a turnover of about 1.
    config.put("portfolio", config.getJsonObject("portfolio", new JsonObject()).copy().put("maxTurnover", 0.5));
    WorkflowClient client = Node.start(vertx, config).await().client();

    WorkflowRecord refused = client.awaitCompletion(client.start(StartRequest.of("too-much", false, "test")).await(), WAIT).await();
    assertThat(refused.status()).isEqualTo(WorkflowStatus.FAILED);
    assertThat(refused.errorCode()).isEqualTo(ErrorCodes.RISK_LIMIT);
    assertThat(refused.failureReason()).contains("over portfolio.maxTurnover 0.5").contains("no order was placed");
    assertThat(refused.ordersExecuted()).isEmpty();
    assertThat(dataDir.resolve("paper-broker/account.json")).doesNotExist();

    WorkflowRecord dry = client.awaitCompletion(client.start(StartRequest.of("too-much-dry", true, "test")).await(), WAIT).await();
    assertThat(dry.status()).isEqualTo(WorkflowStatus.COMPLETED);
    assertThat(dry.rebalancePlan().totalBuyValue()).isGreaterThan(new BigDecimal("50000"));

    // The refused workflow let its account go: no account is held.
    assertThat(io.alchemiser.shared.account.AccountLeases.reader(vertx).snapshot().await()).isEmpty();
  }

  @Test
  void aStrategyFailureFailsTheWorkflowWithTheReason(Vertx vertx) throws Exception {
    JsonObject config = TestNodes.withFixedStrategy(TestNodes.allModules(TestNodes.tempDir()),
        new JsonObject().put("SPY", 0.5).put("NOSUCH", 0.5));
    WorkflowClient client = Node.start(vertx, config).await().client();

    WorkflowRecord record = client.awaitCompletion(client.start(StartRequest.of("bad-data", false, "test")).await(), WAIT).await();

    assertThat(record.status()).isEqualTo(WorkflowStatus.FAILED);
    assertThat(record.errorCode()).isEqualTo(ErrorCodes.MARKET_DATA_ERROR);
    assertThat(record.failureReason()).contains("NOSUCH");
    assertThat(record.stage()).isEqualTo("WorkflowFailed");
    assertThat(record.ordersExecuted()).isEmpty();
    assertThat(record.toResultJson(java.time.Instant.now()).get("success").asBoolean()).isFalse();
  }

  @Test
  void aMissingModuleFailsAtOnceAndTheFailedIdCanBeRetried(Vertx vertx) throws Exception {
    Path dataDir = TestNodes.tempDir();
    JsonObject config = TestNodes.config(dataDir, List.of("orchestrator", "portfolio", "execution"));
    WorkflowClient client = Node.start(vertx, config).await().client();

    WorkflowRecord failed = client.awaitCompletion(client.start(StartRequest.of("retry-me", false, "test")).await(), WAIT).await();
    assertThat(failed.status()).isEqualTo(WorkflowStatus.FAILED);
    assertThat(failed.errorCode()).isEqualTo(ErrorCodes.MODULE_UNAVAILABLE);
    assertThat(failed.failureReason()).contains("'strategy'");

    // The strategy module comes up; the same correlation id may now be started again.
    AlchemiserPlugin strategy = Plugins.discover().get("strategy");
    for (Deployable verticle : strategy.verticles(new PluginContext(config, dataDir, AlchemiserMetrics.NOOP, "test"))) {
      vertx.deployVerticle(verticle).await();
    }
    WorkflowRecord retried = client.awaitCompletion(client.start(StartRequest.of("retry-me", false, "test")).await(), WAIT).await();
    assertThat(retried.status()).isEqualTo(WorkflowStatus.COMPLETED);
    assertThat(retried.failureReason()).isNull();
    assertThat(retried.ordersExecuted()).hasSize(retried.rebalancePlan().buys().size()).isNotEmpty();
    assertThat(Map.copyOf(retried.strategySignals().allocation())).containsKey("SPY");
  }
}
