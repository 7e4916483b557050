package io.alchemiser.orchestrator;

import io.alchemiser.orchestrator.app.Node;

import static org.assertj.core.api.Assertions.assertThat;

import io.alchemiser.shared.event.ErrorCodes;
import io.alchemiser.shared.FakeAlpaca;
import io.alchemiser.shared.FakeAlpacaTrading;
import io.alchemiser.shared.trading.OrderReport;
import io.alchemiser.shared.trading.OrderSide;
import io.alchemiser.shared.trading.OrderStatus;
import io.alchemiser.shared.client.StartRequest;
import io.alchemiser.shared.client.WorkflowClient;
import io.alchemiser.shared.client.WorkflowRecord;
import io.alchemiser.shared.client.WorkflowStatus;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Whole workflows trading at a local server that speaks Alpaca's trading and market data APIs. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 90, timeUnit = TimeUnit.SECONDS)
class AlpacaWorkflowTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private FakeAlpaca alpaca;
  private FakeAlpacaTrading trading;

  @BeforeEach
  void start(Vertx vertx) {
    alpaca = FakeAlpaca.start(vertx, true, 1000);
    trading = alpaca.trading(new BigDecimal("100000"));
  }

  @AfterEach
  void stop() {
    alpaca.close();
  }

  private JsonObject config(JsonObject allocation) throws Exception {
    JsonObject config = TestNodes.withFixedStrategy(TestNodes.allModules(TestNodes.tempDir()), allocation);
    config.put("alpaca", new JsonObject().put("keyId", FakeAlpaca.KEY_ID).put("secretKey", FakeAlpaca.SECRET)
        .put("baseUrl", alpaca.url()).put("dataUrl", alpaca.url()));
    config.put("marketData", new JsonObject().put("provider", "alpaca"));
    config.put("execution", new JsonObject().put("broker", "alpaca").put("fillTimeoutSeconds", 1).put("pollIntervalMs", 50));
    return config;
  }

  private static WorkflowRecord run(WorkflowClient client, String id) {
    return client.awaitCompletion(client.start(StartRequest.of(id, false, "test")).await(), WAIT).await();
  }

  @Test
  void rebalancingSellsFirstAndASecondRunTradesNothing(Vertx vertx) throws Exception {
    WorkflowClient client = Node.start(vertx, config(new JsonObject().put("SPY", 0.5).put("TLT", 0.5))).await().client();
    WorkflowRecord first = run(client, "alp-1");
    assertThat(first.status()).as(first.failureReason()).isEqualTo(WorkflowStatus.COMPLETED);
    assertThat(first.ordersExecuted()).extracting(OrderReport::symbol).containsExactlyInAnyOrder("SPY", "TLT");

    // New targets: TLT goes entirely, GLD comes in, SPY stays.
    Vertx second = Vertx.vertx();
    try {
      WorkflowClient client2 = Node.start(second, config(new JsonObject().put("SPY", 0.5).put("GLD", 0.5))).await().client();
      WorkflowRecord rebalance = run(client2, "alp-2");
      assertThat(rebalance.status()).as(rebalance.failureReason()).isEqualTo(WorkflowStatus.COMPLETED);
      List<OrderReport> orders = rebalance.ordersExecuted();
      assertThat(orders).extracting(OrderReport::side).containsExactly(OrderSide.SELL, OrderSide.BUY);
      assertThat(orders.get(0).symbol()).isEqualTo("TLT");
      assertThat(orders.get(1).symbol()).isEqualTo("GLD");
      assertThat(trading.positions()).containsOnlyKeys("SPY", "GLD");

      WorkflowRecord quiet = run(client2, "alp-3");
      assertThat(quiet.ordersExecuted()).isEmpty();
      assertThat(quiet.status()).isEqualTo(WorkflowStatus.COMPLETED);
    } finally {
      second.close().await();
    }
  }

  @Test
  void anOrderAlreadyAtTheBrokerIsAdoptedAndReported(Vertx vertx) throws Exception {
    // A crashed earlier attempt of workflow "adopt-1" had already bought SPY.
    trading.preexisting("SPY", "buy", new BigDecimal("50"), "adopt-1-SPY-b");
    WorkflowClient client = Node.start(vertx, config(new JsonObject().put("SPY", 0.5).put("TLT", 0.5))).await().client();
    WorkflowRecord record = run(client, "adopt-1");
    assertThat(record.status()).isEqualTo(WorkflowStatus.COMPLETED);
    // The plan was made on an account that already held the 50 SPY: the rest of SPY's target goes out
    // as the workflow's second SPY order, and the first is reported with the others.
    assertThat(record.ordersExecuted()).extracting(OrderReport::clientOrderId)
        .containsExactlyInAnyOrder("adopt-1-SPY-b", "adopt-1-SPY-b-2", "adopt-1-TLT-b");
    assertThat(trading.orders()).extracting(o -> o.getString("client_order_id")).doesNotHaveDuplicates().hasSize(3);
    assertThat(trading.orderPosts()).isEqualTo(2);
    assertThat(record.rebalancePlan().buys()).filteredOn(t -> t.symbol().equals("SPY")).singleElement()
        .satisfies(t -> assertThat(t.currentQuantity()).isEqualByComparingTo("50"));

    // Retrying a workflow whose orders are all in (say it failed just after them) places nothing new.
    Vertx again = Vertx.vertx();
    try {
      JsonObject config = config(new JsonObject().put("SPY", 0.5).put("TLT", 0.5));
      WorkflowClient retry = Node.start(again, config).await().client();
      WorkflowRecord replay = run(retry, "adopt-1");
      assertThat(replay.status()).isEqualTo(WorkflowStatus.COMPLETED);
      assertThat(replay.ordersExecuted()).extracting(OrderReport::clientOrderId)
          .containsExactlyInAnyOrder("adopt-1-SPY-b", "adopt-1-SPY-b-2", "adopt-1-TLT-b");
      assertThat(trading.orderPosts()).isEqualTo(2);
    } finally {
      again.close().await();
    }
  }

  @Test
  void aClosedMarketFailsTheWorkflowBeforeAnyOrder(Vertx vertx) throws Exception {
    trading.marketOpen(false);
    WorkflowClient client = Node.start(vertx, config(new JsonObject().put("SPY", 1))).await().client();
    WorkflowRecord record = run(client, "closed-1");
    assertThat(record.status()).isEqualTo(WorkflowStatus.FAILED);
    assertThat(record.errorCode()).isEqualTo(ErrorCodes.EXECUTION_ERROR);
    assertThat(record.failureReason()).contains("market is closed").contains("next open");
    assertThat(trading.orderPosts()).isZero();
  }

  @Test
  void anAssetAlpacaTradesInWholeSharesOnlyIsPlannedInWholeShares(Vertx vertx) throws Exception {
    // Alpaca refuses an order for a fraction of a share of such an asset; a plan in fractions would
    // leave its part of the account in cash.
    trading.wholeSharesOnly("TLT");
    WorkflowClient client = Node.start(vertx, config(new JsonObject().put("SPY", 0.5).put("TLT", 0.5))).await().client();
    WorkflowRecord record = run(client, "whole-1");
    assertThat(record.status()).as(record.failureReason()).isEqualTo(WorkflowStatus.COMPLETED);
    assertThat(record.ordersExecuted()).hasSize(2).allSatisfy(order -> assertThat(order.status()).isEqualTo(OrderStatus.FILLED));
    OrderReport tlt = record.ordersExecuted().stream().filter(o -> o.symbol().equals("TLT")).findFirst().orElseThrow();
    OrderReport spy = record.ordersExecuted().stream().filter(o -> o.symbol().equals("SPY")).findFirst().orElseThrow();
    assertThat(tlt.filledQuantity().stripTrailingZeros().scale()).as("TLT %s", tlt.filledQuantity()).isLessThanOrEqualTo(0);
    assertThat(tlt.filledQuantity()).isPositive();
    assertThat(spy.filledQuantity().stripTrailingZeros().scale()).as("SPY stays fractional").isPositive();
    // Every plan asks again, from what it read a moment ago.
    int reads = trading.assetReads();
    run(client, "whole-2");
    assertThat(trading.assetReads()).isEqualTo(reads);
  }

  @Test
  void anAssetAlpacaDoesNotTradeFailsTheWorkflowBeforeAnyOrder(Vertx vertx) throws Exception {
    trading.untradable("GLD");
    WorkflowClient client = Node.start(vertx, config(new JsonObject().put("SPY", 0.5).put("GLD", 0.5))).await().client();
    WorkflowRecord record = run(client, "untradable-1");
    assertThat(record.status()).isEqualTo(WorkflowStatus.FAILED);
    assertThat(record.errorCode()).isEqualTo(ErrorCodes.BROKER_ERROR);
    assertThat(record.failureReason()).contains("Alpaca does not trade GLD").contains("no order was placed");
    assertThat(trading.orderPosts()).isZero();
  }

  @Test
  void ordersNotFilledInTimeAreCancelledAndReportedAsPartial(Vertx vertx) throws Exception {
    trading.fillMode(FakeAlpacaTrading.FillMode.HALF);
    WorkflowClient client = Node.start(vertx, config(new JsonObject().put("SPY", 1))).await().client();
    WorkflowRecord record = run(client, "half-1");
    assertThat(record.status()).isEqualTo(WorkflowStatus.COMPLETED);
    assertThat(record.ordersExecuted()).singleElement().satisfies(order -> {
      assertThat(order.status()).isEqualTo(OrderStatus.PARTIALLY_FILLED);
      assertThat(order.filledQuantity()).isLessThan(order.requestedQuantity()).isPositive();
    });
    assertThat(record.executionSummary().ordersPartiallyFilled()).isEqualTo(1);
    assertThat(trading.orders().get(0).getString("status")).isEqualTo("canceled");
  }

  @Test
  void aRefusedOrderIsReportedAndTheRejectionPolicyDecides(Vertx vertx) throws Exception {
    trading.refuseOrdersFor("TLT");
    WorkflowClient client = Node.start(vertx, config(new JsonObject().put("SPY", 0.5).put("TLT", 0.5))).await().client();
    WorkflowRecord partial = run(client, "rej-1");
    assertThat(partial.status()).isEqualTo(WorkflowStatus.COMPLETED);
    assertThat(partial.executionSummary().ordersRejected()).isEqualTo(1);
    assertThat(partial.ordersExecuted()).filteredOn(o -> o.symbol().equals("TLT")).singleElement().satisfies(order -> {
      assertThat(order.status()).isEqualTo(OrderStatus.REJECTED);
      assertThat(order.reason()).contains("insufficient buying power");
    });

    Vertx strict = Vertx.vertx();
    try {
      JsonObject config = config(new JsonObject().put("SPY", 0.4).put("TLT", 0.6));
      config.getJsonObject("execution").put("onRejection", "fail");
      WorkflowClient strictClient = Node.start(strict, config).await().client();
      WorkflowRecord failed = run(strictClient, "rej-2");
      assertThat(failed.status()).isEqualTo(WorkflowStatus.FAILED);
      assertThat(failed.errorCode()).isEqualTo(ErrorCodes.EXECUTION_ERROR);
      assertThat(failed.failureReason()).contains("TLT").contains("insufficient buying power").contains("onRejection");
      assertThat(failed.ordersExecuted()).isNotEmpty();
    } finally {
      strict.close().await();
    }
  }

  @Test
  void sixWorkflowsAtOnceOnOneAlpacaAccountPlaceOneSetOfOrders(Vertx vertx) throws Exception {
    // Orders take two polls to fill, so the first workflow holds the account for a while.
    trading.fillMode(FakeAlpacaTrading.FillMode.AFTER_TWO_POLLS);
    JsonObject config = config(new JsonObject().put("SPY", 0.5).put("TLT", 0.3).put("GLD", 0.2));
    config.getJsonObject("execution").put("fillTimeoutSeconds", 10);
    WorkflowClient client = Node.start(vertx, config).await().client();
    List<io.vertx.core.Future<String>> started = new java.util.ArrayList<>();
    for (int i = 1; i <= 6; i++) {
      started.add(client.start(StartRequest.of("alp-six-" + i, false, "api")));
    }
    io.vertx.core.Future.all(started).await();
    List<WorkflowRecord> records = new java.util.ArrayList<>();
    for (int i = 1; i <= 6; i++) {
      records.add(client.awaitCompletion("alp-six-" + i, WAIT).await());
    }
    assertThat(records).allSatisfy(r -> assertThat(r.status()).as(r.failureReason()).isEqualTo(WorkflowStatus.COMPLETED));
    List<WorkflowRecord> traded = records.stream().filter(r -> !r.ordersExecuted().isEmpty()).toList();
    assertThat(traded).hasSize(1);
    assertThat(traded.get(0).ordersExecuted()).extracting(OrderReport::symbol).containsExactlyInAnyOrder("SPY", "TLT", "GLD");
    // At the broker: three orders posted in all, and the positions of those fills.
    assertThat(trading.orderPosts()).isEqualTo(3);
    for (OrderReport order : traded.get(0).ordersExecuted()) {
      assertThat(trading.positions().get(order.symbol())).isEqualByComparingTo(order.filledQuantity());
    }
  }
}
