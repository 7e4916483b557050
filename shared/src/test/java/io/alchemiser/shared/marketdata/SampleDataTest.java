package io.alchemiser.shared.marketdata;

import io.alchemiser.shared.SampleDataGenerator;

import io.alchemiser.shared.marketdata.Bar;
import io.alchemiser.shared.marketdata.SampleMarketData;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SampleDataTest {
  private static final Path RESOURCES = Path.of("src/main/resources/" + SampleMarketData.RESOURCE_DIR);

  @Test
  void committedSampleDataIsExactlyWhatTheSeededGeneratorMakes() throws Exception {
    if (Boolean.getBoolean("alchemiser.regenerate")) {
      SampleDataGenerator.write(RESOURCES);
    }
    Map<String, String> expected = SampleDataGenerator.generate();
    for (Map.Entry<String, String> file : expected.entrySet()) {
      try (InputStream in = getClass().getClassLoader().getResourceAsStream(SampleMarketData.RESOURCE_DIR + file.getKey())) {
        assertThat(in).as(file.getKey()).isNotNull();
        assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).as(file.getKey()).isEqualTo(file.getValue());
      }
    }
  }

  @Test
  void everyTickerHasThreeYearsOfValidBarsAndLeveragedFundsMoveAsMultiples() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      SampleMarketData data = new SampleMarketData(vertx);
      assertThat(SampleMarketData.tickers()).contains("SPY", "QQQ", "TLT", "UPRO", "TQQQ", "BIL");
      for (String ticker : SampleMarketData.tickers()) {
        List<Bar> bars = data.dailyBars(ticker, null).await();
        assertThat(bars).hasSizeGreaterThan(3 * 252);
      }
      List<Bar> spy = data.dailyBars("SPY", null).await();
      List<Bar> upro = data.dailyBars("UPRO", null).await();
      for (int i = 1; i < 50; i++) {
        double spyReturn = spy.get(i).close().doubleValue() / spy.get(i - 1).close().doubleValue() - 1;
        double uproReturn = upro.get(i).close().doubleValue() / upro.get(i - 1).close().doubleValue() - 1;
        assertThat(uproReturn).isCloseTo(3 * spyReturn, org.assertj.core.data.Offset.offset(0.002));
      }
      assertThat(spy.get(spy.size() - 1).close()).isGreaterThan(BigDecimal.ONE);
    } finally {
      vertx.close().await();
    }
  }
}
