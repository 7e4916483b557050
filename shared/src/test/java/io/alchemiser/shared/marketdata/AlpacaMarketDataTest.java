package io.alchemiser.shared.marketdata;

import io.alchemiser.shared.FakeAlpaca;

import io.alchemiser.shared.config.RetryPolicy;
import io.alchemiser.shared.event.WorkflowException;
import io.alchemiser.shared.marketdata.AlpacaMarketData;
import io.alchemiser.shared.marketdata.Bar;
import io.alchemiser.shared.marketdata.MarketDataException;
import io.alchemiser.shared.marketdata.SampleMarketData;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class AlpacaMarketDataTest {
  private static final RetryPolicy FAST = new RetryPolicy(4, Duration.ofMillis(5), 2, Duration.ofMillis(50));
  private FakeAlpaca alpaca;

  @BeforeEach
  void start(Vertx vertx) {
    alpaca = FakeAlpaca.start(vertx, true, 250);
  }

  @AfterEach
  void stop() {
    alpaca.close();
  }

  private AlpacaMarketData provider(Vertx vertx, String secret) {
    return new AlpacaMarketData(vertx, new AlpacaMarketData.Settings(URI.create(alpaca.url()), FakeAlpaca.KEY_ID, secret,
        2000, Duration.ofMinutes(1), FAST));
  }

  @Test
  void readsEveryPageOfAdjustedDailyBars(Vertx vertx) {
    List<Bar> sample = new SampleMarketData(vertx).dailyBars("SPY", null).await();
    List<Bar> bars = provider(vertx, FakeAlpaca.SECRET).dailyBars("SPY", null).await();

    assertThat(alpaca.barRequests()).isEqualTo((sample.size() + 249) / 250);
    assertThat(bars).hasSize(sample.size());
    assertThat(bars.get(bars.size() - 1).close()).isEqualByComparingTo(sample.get(sample.size() - 1).close());
    assertThat(bars.get(0).date()).isEqualTo(alpaca.shifted(sample.get(0).date()));
    assertThat(provider(vertx, FakeAlpaca.SECRET).live()).isTrue();
  }

  @Test
  void historyIsCachedSoOneWorkflowReadsOnePriceSet(Vertx vertx) {
    AlpacaMarketData provider = provider(vertx, FakeAlpaca.SECRET);
    provider.dailyBars("TLT", null).await();
    int requests = alpaca.barRequests();
    Bar latest = provider.latestBar("TLT").await();
    assertThat(alpaca.barRequests()).isEqualTo(requests);
    List<Bar> earlier = provider.dailyBars("TLT", latest.date().minusDays(10)).await();
    assertThat(earlier.get(earlier.size() - 1).date()).isBeforeOrEqualTo(latest.date().minusDays(10));
    assertThat(alpaca.barRequests()).isEqualTo(requests);
  }

  @Test
  void rateLimitsServerErrorsAndDroppedConnectionsAreRetried(Vertx vertx) {
    alpaca.failNext(429, 500, 0);
    List<Bar> bars = provider(vertx, FakeAlpaca.SECRET).dailyBars("GLD", null).await();
    assertThat(bars).isNotEmpty();
  }

  @Test
  void refusalsAreNotRetriedAndQuoteAlpacaButNeverTheKeys(Vertx vertx) {
    alpaca.failNext(403);
    assertThatThrownBy(() -> provider(vertx, FakeAlpaca.SECRET).dailyBars("SPY", null).await())
        .isInstanceOf(WorkflowException.class)
        .hasMessageContaining("(403)").hasMessageContaining("injected failure 403").hasMessageContaining("code 40300000");
    assertThat(alpaca.barRequests()).isZero();

    assertThatThrownBy(() -> provider(vertx, "wrong-secret").dailyBars("SPY", null).await())
        .hasMessageContaining("(401)").hasMessageContaining("not authorized")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("wrong-secret").doesNotContain(FakeAlpaca.KEY_ID));

    alpaca.failNext(500, 500, 500, 500);
    assertThatThrownBy(() -> provider(vertx, FakeAlpaca.SECRET).dailyBars("SPY", null).await())
        .hasMessageContaining("(500)");
  }

  @Test
  void unknownSymbolsAndUnreachableServersAreClearErrors(Vertx vertx) {
    assertThatThrownBy(() -> provider(vertx, FakeAlpaca.SECRET).dailyBars("ZZZZ", null).await())
        .isInstanceOf(MarketDataException.class).hasMessageContaining("no daily bars for ZZZZ");
    AlpacaMarketData nowhere = new AlpacaMarketData(vertx, new AlpacaMarketData.Settings(URI.create("http://127.0.0.1:1"),
        FakeAlpaca.KEY_ID, FakeAlpaca.SECRET, 100, Duration.ofMinutes(1), FAST));
    assertThatThrownBy(() -> nowhere.dailyBars("SPY", null).await()).hasMessageContaining("cannot reach Alpaca");
    assertThat(new AlpacaMarketData.Settings(URI.create("http://x"), "id", "secret", 1, Duration.ZERO, FAST).toString())
        .doesNotContain("secret").doesNotContain("id,");
  }
}
