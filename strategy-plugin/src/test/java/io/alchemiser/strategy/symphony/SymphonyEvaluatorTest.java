package io.alchemiser.strategy.symphony;

import io.alchemiser.strategy.symphony.Indicator;
import io.alchemiser.strategy.symphony.PriceHistory;
import io.alchemiser.strategy.symphony.Symphony;
import io.alchemiser.strategy.symphony.SymphonyCompiler;
import io.alchemiser.strategy.symphony.SymphonyEvaluator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.alchemiser.shared.marketdata.MarketDataException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SymphonyEvaluatorTest {
  private static final LocalDate AS_OF = LocalDate.of(2025, 1, 31);

  /** UP rises 1 a day, DOWN falls 1 a day, FLAT wobbles ±1 %, WILD swings ±10 %. */
  private static PriceHistory history() {
    Map<String, double[]> closes = new HashMap<>();
    double[] up = new double[30];
    double[] down = new double[30];
    double[] flat = new double[30];
    double[] wild = new double[30];
    for (int i = 0; i < 30; i++) {
      up[i] = 100 + i;
      down[i] = 200 - i;
      flat[i] = i % 2 == 0 ? 100 : 101;
      wild[i] = i % 2 == 0 ? 100 : 110;
    }
    closes.put("UP", up);
    closes.put("DOWN", down);
    closes.put("FLAT", flat);
    closes.put("WILD", wild);
    closes.put("SHORT", new double[] {1, 2, 3});
    return new PriceHistory(AS_OF, closes);
  }

  private static SymphonyEvaluator.Result run(String node) {
    return SymphonyEvaluator.evaluate(SymphonyCompiler.parseAndCompile("t.clj", "(defsymphony \"t\" {} " + node + ")"), history());
  }

  private static Map<String, BigDecimal> allocation(String node) {
    return run(node).allocation();
  }

  @Test
  void weightingNodes() {
    assertThat(allocation("(asset \"UP\")")).containsExactlyEntriesOf(Map.of("UP", BigDecimal.ONE));
    assertThat(allocation("(weight-equal [(asset \"UP\") (asset \"DOWN\") (asset \"FLAT\")])"))
        .containsEntry("DOWN", new BigDecimal("0.333333333334")).containsEntry("UP", new BigDecimal("0.333333333333"));
    assertThat(allocation("(weight-specified 70 (asset \"UP\") 30 (group \"g\" [(asset \"DOWN\") (asset \"FLAT\")]))"))
        .containsEntry("UP", new BigDecimal("0.7")).containsEntry("DOWN", new BigDecimal("0.15")).containsEntry("FLAT", new BigDecimal("0.15"));
    assertThat(allocation("(weight-equal [(asset \"UP\") (group \"again\" [(asset \"UP\")])])"))
        .containsExactlyEntriesOf(Map.of("UP", BigDecimal.ONE));
  }

  @Test
  void everyResultSumsToExactlyOne() {
    for (String node : new String[] {
        "(weight-equal [(asset \"UP\") (asset \"DOWN\") (asset \"FLAT\")])",
        "(weight-inverse-volatility 7 [(asset \"UP\") (asset \"FLAT\") (asset \"WILD\")])",
        "(weight-specified 0.1 (asset \"UP\") 0.2 (asset \"DOWN\") 0.7 (weight-equal [(asset \"FLAT\") (asset \"WILD\") (asset \"UP\")]))"}) {
      assertThat(allocation(node).values().stream().reduce(BigDecimal.ZERO, BigDecimal::add)).isEqualByComparingTo("1");
    }
  }

  @Test
  void ifTakesTheBranchItsConditionChoosesAndTracesWhy() {
    SymphonyEvaluator.Result rising = run("(if (> (rsi \"UP\" {:window 14}) 70) [(asset \"UP\")] [(asset \"DOWN\")])");
    assertThat(rising.allocation()).containsOnlyKeys("UP");
    assertThat(rising.trace()).singleElement().asString()
        .contains("t.clj:1:25").contains("rsi(UP, 14)=100").contains("> 70").endsWith("→ then");

    assertThat(allocation("(if (< (current-price \"DOWN\") (moving-average-price \"DOWN\" 10)) [(asset \"DOWN\")] [(asset \"UP\")])"))
        .containsOnlyKeys("DOWN");
    assertThat(allocation("(if (and (> (current-price \"UP\") 0) (< (current-price \"UP\") 0)) [(asset \"UP\")] [(asset \"FLAT\")])"))
        .containsOnlyKeys("FLAT");
    assertThat(allocation("(if (or (< (current-price \"UP\") 0) (>= (current-price \"UP\") 129)) [(asset \"UP\")] [(asset \"FLAT\")])"))
        .containsOnlyKeys("UP");
    assertThat(allocation("(if (<= (cumulative-return \"DOWN\" 5) 0) [(asset \"FLAT\") (asset \"UP\")] [(asset \"DOWN\")])"))
        .containsOnlyKeys("FLAT", "UP");
  }

  @Test
  void filterKeepsTheTopOrBottomByTheIndicatorWithTiesInTheFilesOrder() {
    SymphonyEvaluator.Result top = run("(filter (cumulative-return {:window 10}) (select-top 2) [(asset \"DOWN\") (asset \"UP\") (asset \"FLAT\")])");
    assertThat(top.allocation()).containsOnlyKeys("UP", "FLAT");
    assertThat(top.trace()).singleElement().asString().contains("UP=").contains("→ top 2: UP, FLAT");
    assertThat(allocation("(filter (cumulative-return 10) (select-bottom 1) [(asset \"UP\") (asset \"DOWN\")])")).containsOnlyKeys("DOWN");
    assertThat(allocation("(filter (current-price) (select-top 5) [(asset \"UP\") (asset \"DOWN\")])")).containsOnlyKeys("UP", "DOWN");
    // FLAT and WILD both end on an even day at 100 after an odd one: equal 1-day cumulative return? No: -0.99 % and -9.09 %.
    assertThat(allocation("(filter (moving-average-price 2) (select-bottom 1) [(asset \"WILD\") (asset \"FLAT\")])"))
        .containsOnlyKeys("FLAT");
    // A one-day drawdown is 0 for both: the tie keeps the child written first.
    assertThat(allocation("(filter (max-drawdown 1) (select-top 1) [(asset \"WILD\") (asset \"FLAT\")])")).containsOnlyKeys("WILD");
    assertThat(allocation("(filter (max-drawdown 1) (select-top 1) [(asset \"FLAT\") (asset \"WILD\")])")).containsOnlyKeys("FLAT");
  }

  @Test
  void inverseVolatilityWeightsByOneOverStdevOfReturns() {
    Map<String, BigDecimal> weights = allocation("(weight-inverse-volatility {:window 7} [(asset \"FLAT\") (asset \"WILD\")])");
    double flat = Indicator.STDEV_RETURN.compute(history().closes("FLAT"), 30, 7);
    double wild = Indicator.STDEV_RETURN.compute(history().closes("WILD"), 30, 7);
    double expected = (1 / flat) / (1 / flat + 1 / wild);
    assertThat(weights.get("FLAT").doubleValue()).isCloseTo(expected, within(1e-12));
  }

  @Test
  void shortHistoryIsAnErrorNamingTheNodeNotASilentDefault() {
    assertThatThrownBy(() -> run("(if (> (rsi \"SHORT\" 10) 50) [(asset \"UP\")] [(asset \"DOWN\")])"))
        .isInstanceOf(MarketDataException.class)
        .hasMessageContaining("t.clj:1:28").hasMessageContaining("rsi(SHORT, 10) needs 11 daily closes up to 2025-01-31, SHORT has 3");
    assertThatThrownBy(() -> run("(weight-inverse-volatility 5 [(asset \"UP\") (asset \"SHORT\")])"))
        .hasMessageContaining("stdev-return(SHORT, 5)");
  }

  @Test
  void aTickerThatNeverMovesCannotBeWeighedByVolatility() {
    Map<String, double[]> closes = new HashMap<>();
    closes.put("STILL", new double[] {5, 5, 5, 5, 5});
    closes.put("UP", new double[] {1, 2, 3, 4, 5});
    PriceHistory history = new PriceHistory(AS_OF, closes);
    Symphony symphony = SymphonyCompiler.parseAndCompile("t.clj",
        "(defsymphony \"t\" {} (weight-inverse-volatility 3 [(asset \"STILL\") (asset \"UP\")]))");
    assertThatThrownBy(() -> SymphonyEvaluator.evaluate(symphony, history)).hasMessageContaining("STILL did not move");
  }
}
