package io.alchemiser.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.alchemiser.shared.trading.OrderReport;
import io.alchemiser.shared.trading.OrderSide;
import io.alchemiser.shared.trading.OrderStatus;
import io.alchemiser.shared.marketdata.SampleMarketData;
import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class PaperBrokerTest {

  private static PaperBroker broker(Vertx vertx, Path dir, String slippageBps) {
    return new PaperBroker(vertx, new PaperBroker.Settings(dir, new BigDecimal("10000"), new BigDecimal(slippageBps)),
        new SampleMarketData(vertx));
  }

  @Test
  void fillsAtTheLatestCloseWithSlippageAndKeepsTheAccountAcrossRestarts(Vertx vertx) throws Exception {
    Path dir = Files.createTempDirectory("paper");
    BigDecimal close = new SampleMarketData(vertx).latestBar("SPY").await().close();
    PaperBroker broker = broker(vertx, dir, "10");

    OrderReport buy = broker.submitMarketOrder("SPY", OrderSide.BUY, new BigDecimal("2.5"), "wf-SPY-b").await().report();
    assertThat(buy.status()).isEqualTo(OrderStatus.FILLED);
    assertThat(buy.fillPrice()).isEqualByComparingTo(close.multiply(new BigDecimal("1.001")).setScale(4, java.math.RoundingMode.HALF_EVEN));
    Broker.Account account = broker.account(List.of()).await();
    assertThat(account.positions()).containsOnlyKeys("SPY");
    assertThat(account.cash()).isEqualByComparingTo(new BigDecimal("10000").subtract(buy.tradedValue().setScale(2, java.math.RoundingMode.HALF_EVEN)));

    PaperBroker reopened = broker(vertx, dir, "10");
    Broker.Account again = reopened.account(List.of("TLT")).await();
    assertThat(again.positions().get("SPY")).isEqualByComparingTo("2.5");
    assertThat(again.cash()).isEqualByComparingTo(account.cash());
    assertThat(again.prices()).containsKeys("SPY", "TLT");
    assertThat(reopened.orderByClientOrderId("wf-SPY-b").await().map(Broker.BrokerOrder::report)).contains(buy);
  }

  @Test
  void aClientOrderIdIsNeverFilledTwice(Vertx vertx) throws Exception {
    PaperBroker broker = broker(vertx, Files.createTempDirectory("paper"), "0");
    OrderReport first = broker.submitMarketOrder("TLT", OrderSide.BUY, BigDecimal.ONE, "same-id").await().report();
    OrderReport second = broker.submitMarketOrder("TLT", OrderSide.BUY, BigDecimal.ONE, "same-id").await().report();
    assertThat(second).isEqualTo(first);
    assertThat(broker.account(List.of()).await().positions().get("TLT")).isEqualByComparingTo("1");
  }

  @Test
  void rejectsWhatTheAccountCannotCover(Vertx vertx) throws Exception {
    PaperBroker broker = broker(vertx, Files.createTempDirectory("paper"), "0");
    OrderReport tooBig = broker.submitMarketOrder("SPY", OrderSide.BUY, new BigDecimal("1000"), "big").await().report();
    assertThat(tooBig.status()).isEqualTo(OrderStatus.REJECTED);
    assertThat(tooBig.reason()).contains("insufficient buying power");
    OrderReport naked = broker.submitMarketOrder("SPY", OrderSide.SELL, BigDecimal.ONE, "naked").await().report();
    assertThat(naked.status()).isEqualTo(OrderStatus.REJECTED);
    assertThat(naked.reason()).contains("position is 0");
    assertThat(broker.account(List.of()).await().cash()).isEqualByComparingTo("10000");
  }

  @Test
  void aCorruptAccountFileIsReportedAndLeftAlone(Vertx vertx) throws Exception {
    Path dir = Files.createTempDirectory("paper");
    Files.writeString(dir.resolve(PaperBroker.FILE), "{\"cash\": ");
    PaperBroker broker = broker(vertx, dir, "0");
    assertThatThrownBy(() -> broker.account(List.of()).await()).hasMessageContaining("unreadable").hasMessageContaining("account.json");
    assertThat(Files.readString(dir.resolve(PaperBroker.FILE))).isEqualTo("{\"cash\": ");
  }

  @Test
  void clientOrderIdsAreDeterministicAndFitAlpaca() {
    assertThat(ClientOrderIds.of("wf-1", "SPY", OrderSide.BUY)).isEqualTo("wf-1-SPY-b");
    String longId = "x".repeat(64);
    String hashed = ClientOrderIds.of(longId, "SPY", OrderSide.SELL);
    assertThat(hashed).hasSizeLessThanOrEqualTo(48).endsWith("-SPY-s").isEqualTo(ClientOrderIds.of(longId, "SPY", OrderSide.SELL));
    assertThat(hashed).isNotEqualTo(ClientOrderIds.of("y".repeat(64), "SPY", OrderSide.SELL));
  }
}
