package io.alchemiser.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.alchemiser.shared.marketdata.AlpacaMarketData;
import io.alchemiser.shared.FakeAlpaca;
import io.alchemiser.shared.FakeAlpacaTrading;
import io.alchemiser.shared.trading.OrderReport;
import io.alchemiser.shared.trading.OrderSide;
import io.alchemiser.shared.trading.OrderStatus;
import io.alchemiser.shared.config.RetryPolicy;
import io.alchemiser.shared.event.WorkflowException;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The Alpaca broker against a local server that speaks Alpaca's trading API and injects faults. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class AlpacaBrokerTest {
  private static final RetryPolicy FAST = new RetryPolicy(4, Duration.ofMillis(5), 2, Duration.ofMillis(40));
  private FakeAlpaca alpaca;
  private FakeAlpacaTrading trading;

  @BeforeEach
  void start(Vertx vertx) {
    alpaca = FakeAlpaca.start(vertx, true, 1000);
    trading = alpaca.trading(new BigDecimal("50000"));
  }

  @AfterEach
  void stop() {
    alpaca.close();
  }

  private AlpacaBroker broker(Vertx vertx, String secret) {
    URI url = URI.create(alpaca.url());
    return new AlpacaBroker(vertx, new AlpacaBroker.Settings(url, FakeAlpaca.KEY_ID, secret, FAST),
        new AlpacaMarketData(vertx, new AlpacaMarketData.Settings(url, FakeAlpaca.KEY_ID, FakeAlpaca.SECRET, 30, Duration.ofMinutes(1), FAST)));
  }

  @Test
  void placesReadsAndAdoptsOrdersByClientOrderId(Vertx vertx) {
    AlpacaBroker broker = broker(vertx, FakeAlpaca.SECRET);
    Broker.BrokerOrder placed = broker.submitMarketOrder("SPY", OrderSide.BUY, new BigDecimal("10.5"), "wf-1-SPY-b").await();
    assertThat(placed.done()).isTrue();
    OrderReport report = placed.report();
    assertThat(report.status()).isEqualTo(OrderStatus.FILLED);
    assertThat(report.filledQuantity()).isEqualByComparingTo("10.5");
    assertThat(report.fillPrice()).isEqualByComparingTo(alpacaClose("SPY"));
    assertThat(report.brokerOrderId()).isNotBlank();

    assertThat(broker.orderByClientOrderId("wf-1-SPY-b").await()).get().extracting(Broker.BrokerOrder::report).isEqualTo(report);
    assertThat(broker.orderByClientOrderId("never-placed").await()).isEmpty();
    // Submitting a client order id Alpaca already has adopts the order.
    assertThat(broker.submitMarketOrder("SPY", OrderSide.BUY, new BigDecimal("10.5"), "wf-1-SPY-b").await().report()).isEqualTo(report);
    assertThat(trading.orders()).hasSize(1);

    Broker.Account account = broker.account(List.of("TLT")).await();
    assertThat(account.positions()).containsOnlyKeys("SPY");
    assertThat(account.prices()).containsKeys("SPY", "TLT");
    assertThat(account.cash()).isEqualByComparingTo(trading.cash());
    assertThat(broker.clock().await().open()).isTrue();
  }

  private BigDecimal alpacaClose(String symbol) {
    return new BigDecimal(trading.orders().stream().filter(o -> o.getString("symbol").equals(symbol)).findFirst()
        .orElseThrow().getString("filled_avg_price"));
  }

  @Test
  void rateLimitsAndServerErrorsAreRetried(Vertx vertx) {
    AlpacaBroker broker = broker(vertx, FakeAlpaca.SECRET);
    alpaca.failNext(429);
    assertThat(broker.submitMarketOrder("TLT", OrderSide.BUY, BigDecimal.ONE, "retry-429").await().report().status())
        .isEqualTo(OrderStatus.FILLED);
    alpaca.failNext(500, 503);
    assertThat(broker.account(List.of()).await().cash()).isPositive();
    assertThat(trading.orders()).hasSize(1);
  }

  @Test
  void anOrderAcceptedButWhoseAnswerWasLostIsAdoptedNotPlacedTwice(Vertx vertx) {
    trading.dropNextOrderAnswer();
    Broker.BrokerOrder order = broker(vertx, FakeAlpaca.SECRET)
        .submitMarketOrder("GLD", OrderSide.BUY, new BigDecimal("3"), "lost-answer-GLD-b").await();
    assertThat(order.report().status()).isEqualTo(OrderStatus.FILLED);
    assertThat(trading.orderPosts()).isEqualTo(1);
    assertThat(trading.orders()).extracting(o -> o.getString("client_order_id")).containsExactly("lost-answer-GLD-b");
    assertThat(trading.positions().get("GLD")).isEqualByComparingTo("3");
  }

  @Test
  void refusedOrdersAreRejectedWithAlpacasMessageAndNotRetried(Vertx vertx) {
    AlpacaBroker broker = broker(vertx, FakeAlpaca.SECRET);
    Broker.BrokerOrder tooBig = broker.submitMarketOrder("SPY", OrderSide.BUY, new BigDecimal("100000"), "too-big").await();
    assertThat(tooBig.done()).isTrue();
    assertThat(tooBig.report().status()).isEqualTo(OrderStatus.REJECTED);
    assertThat(tooBig.report().reason()).contains("(403)").contains("insufficient buying power").contains("40310000");
    assertThat(trading.orderPosts()).isEqualTo(1);

    Broker.BrokerOrder naked = broker.submitMarketOrder("SPY", OrderSide.SELL, BigDecimal.ONE, "naked").await();
    assertThat(naked.report().reason()).contains("insufficient qty");

    assertThatThrownBy(() -> broker(vertx, "bad-secret").account(List.of()).await())
        .isInstanceOf(WorkflowException.class).hasMessageContaining("(401)").hasMessageContaining("not authorized")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("bad-secret").doesNotContain(FakeAlpaca.KEY_ID));
  }

  @Test
  void pendingAndPartialOrdersAreReportedAsTheyAre(Vertx vertx) {
    AlpacaBroker broker = broker(vertx, FakeAlpaca.SECRET);
    trading.fillMode(FakeAlpacaTrading.FillMode.AFTER_TWO_POLLS);
    Broker.BrokerOrder accepted = broker.submitMarketOrder("QQQ", OrderSide.BUY, BigDecimal.TEN, "slow").await();
    assertThat(accepted.done()).isFalse();
    assertThat(accepted.report().status()).isEqualTo(OrderStatus.PENDING);
    assertThat(broker.order(accepted.report().brokerOrderId()).await().done()).isFalse();
    assertThat(broker.order(accepted.report().brokerOrderId()).await().report().status()).isEqualTo(OrderStatus.FILLED);

    trading.fillMode(FakeAlpacaTrading.FillMode.HALF);
    Broker.BrokerOrder half = broker.submitMarketOrder("QQQ", OrderSide.BUY, BigDecimal.TEN, "half").await();
    assertThat(half.done()).isFalse();
    assertThat(half.report().status()).isEqualTo(OrderStatus.PARTIALLY_FILLED);
    broker.cancel(half.report().brokerOrderId()).await();
    Broker.BrokerOrder canceled = broker.order(half.report().brokerOrderId()).await();
    assertThat(canceled.done()).isTrue();
    assertThat(canceled.report().status()).isEqualTo(OrderStatus.PARTIALLY_FILLED);
    assertThat(canceled.report().filledQuantity()).isEqualByComparingTo("5");
    assertThat(canceled.report().reason()).contains("canceled");
    // Cancelling an order that is already done is not an error.
    broker.cancel(half.report().brokerOrderId()).await();
  }

  @Test
  void invalidAnswersAreClearErrors() {
    JsonObject order = new JsonObject().put("id", "x").put("client_order_id", "c").put("symbol", "SPY").put("side", "buy")
        .put("qty", "1").put("filled_qty", "lots").put("status", "new");
    assertThatThrownBy(() -> AlpacaBroker.report(io.alchemiser.shared.json.Json.MAPPER.valueToTree(order.getMap())))
        .hasMessageContaining("invalid order x").hasMessageContaining("'filled_qty' is not a number");
  }
}
