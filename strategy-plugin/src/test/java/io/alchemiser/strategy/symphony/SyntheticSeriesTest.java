package io.alchemiser.strategy.symphony;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.alchemiser.shared.marketdata.MarketDataException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Non-asset children of filter and weight-inverse-volatility, valued by their synthetic series (a case worked by hand). */
class SyntheticSeriesTest {
  private static final LocalDate AS_OF = LocalDate.of(2025, 1, 10);
  /** A: +10 %, +10 %, 0, +10 %. B: −10 %, +10 %, +10 %, 0. C: flat, then +12 % on the last day. */
  private static final Map<String, double[]> CLOSES = Map.of(
      "A", new double[] {100, 110, 121, 121, 133.1},
      "B", new double[] {100, 90, 99, 108.9, 108.9},
      "C", new double[] {100, 100, 100, 100, 112});
  private static final String G = "(group \"g\" [(asset \"A\") (asset \"B\")])";
  /** Holds B while A is at or under 115 (days 0 and 1), A after. */
  private static final String H = "(if (> (current-price \"A\") 115) [(asset \"A\")] [(asset \"B\")])";

  private static Symphony compile(String node) {
    return SymphonyCompiler.parseAndCompile("s.clj", "(defsymphony \"s\" {} " + node + ")");
  }

  private static SymphonyEvaluator.Result run(String node) {
    return SymphonyEvaluator.evaluate(compile(node), new PriceHistory(AS_OF, CLOSES));
  }

  @Test
  void aGroupsSeriesMovesByTheAllocationItHeldSinceTheCloseBefore() {
    // Equal halves of A and B: 0, +10 %, +5 %, +5 %.
    assertThat(SymphonyEvaluator.syntheticSeries(compile(G).root(), new PriceHistory(AS_OF, CLOSES)))
        .containsExactly(new double[] {100, 100, 110, 115.5, 121.275}, within(1e-9));
    // B held into days 1 and 2 (−10 %, +10 %), A chosen on day 2 held into days 3 and 4 (0, +10 %).
    assertThat(SymphonyEvaluator.syntheticSeries(compile(H).root(), new PriceHistory(AS_OF, CLOSES)))
        .containsExactly(new double[] {100, 90, 99, 99, 108.9}, within(1e-9));
  }

  @Test
  void filterRanksGroupsAndAssetsTogetherAndAKeptGroupKeepsItsOwnAllocation() {
    String children = "[" + G + " " + H + " (asset \"C\")]";
    // cumulative-return(2) on the last day: g 121.275/110 → 10.25 %, the if 108.9/99 → 10 %, C 12 %.
    SymphonyEvaluator.Result top = run("(filter (cumulative-return 2) (select-top 1) " + children + ")");
    assertThat(top.allocation()).containsExactlyEntriesOf(Map.of("C", BigDecimal.ONE));
    assertThat(top.trace().get(0)).contains("group \"g\"=10.25").contains("if@1:").contains("=10 ").contains("C=12")
        .endsWith("→ top 1: C");
    SymphonyEvaluator.Result bottom = run("(filter (cumulative-return 2) (select-bottom 1) " + children + ")");
    assertThat(bottom.allocation()).containsExactlyEntriesOf(Map.of("A", BigDecimal.ONE));
    // The kept if's own decision is traced after the line that kept it.
    assertThat(bottom.trace()).hasSize(2);
    assertThat(bottom.trace().get(1)).contains("current-price(A)=133.1 > 115 → then");
    SymphonyEvaluator.Result two = run("(filter (cumulative-return 2) (select-top 2) " + children + ")");
    assertThat(two.allocation()).containsEntry("C", new BigDecimal("0.5")).containsEntry("A", new BigDecimal("0.25"))
        .containsEntry("B", new BigDecimal("0.25"));
  }

  @Test
  void inverseVolatilityWeighsGroupsByTheirSeries() {
    // stdev-return(3) of g (10, 5, 5 %) and of the if (10, 0, 10 %): 2.887 % and 5.774 %, so weights 2/3 and 1/3.
    SymphonyEvaluator.Result result = run("(weight-inverse-volatility 3 [" + G + " " + H + "])");
    assertThat(result.allocation().get("A").doubleValue()).isCloseTo(2.0 / 3 / 2 + 1.0 / 3, within(1e-9));
    assertThat(result.allocation().get("B").doubleValue()).isCloseTo(2.0 / 3 / 2, within(1e-9));
    assertThat(result.trace().get(0)).contains("group \"g\" stdev=2.8868%").contains("stdev=5.7735%");
  }

  /** A backtest evaluates light symphonies on its event loop: shallow ones that rank assets only. */
  @Test
  void onlyShallowSymphoniesThatRankAssetsAreLight() {
    assertThat(compile("(filter (cumulative-return 2) (select-top 1) [(asset \"A\") (asset \"C\")])").light()).isTrue();
    assertThat(compile("(filter (cumulative-return 2) (select-top 1) [" + G + " (asset \"C\")])").light()).isFalse();
    assertThat(compile("(weight-inverse-volatility 3 [" + G + " " + H + "])").light()).isFalse();
    assertThat(compile("(group \"x\" [".repeat(200) + "(asset \"A\")" + "])".repeat(200)).light()).isFalse();
  }

  @Test
  void aSeriesTooShortGetsTheSameKindOfErrorAsATicker() {
    assertThatThrownBy(() -> run("(filter (rsi 10) (select-top 1) [" + G + " (asset \"C\")])"))
        .isInstanceOf(MarketDataException.class)
        .hasMessageContaining("s.clj:1:")
        .hasMessageContaining("rsi(10) of group \"g\" needs 11 days of its synthetic series")
        .hasMessageContaining("it has 5");
  }

  /**
   * A day evaluated in a backtest (one timeline, every day's series shared) equals the same day
   * evaluated on the data cut at that day: nothing reaches into the future, and what is remembered
   * from earlier days is what the day would compute afresh.
   */
  @Test
  void aBacktestsSharedSeriesGiveWhatEachDayComputesAfresh() {
    Random random = new Random(7);
    int days = 120;
    Map<String, double[]> closes = new HashMap<>();
    Map<String, LocalDate[]> dates = new HashMap<>();
    LocalDate[] calendar = new LocalDate[days];
    for (int i = 0; i < days; i++) {
      calendar[i] = LocalDate.of(2024, 1, 1).plusDays(i);
    }
    for (String ticker : new String[] {"A", "B", "C", "D"}) {
      double[] series = new double[days];
      series[0] = 100;
      for (int i = 1; i < days; i++) {
        series[i] = series[i - 1] * (1 + random.nextGaussian() * 0.02);
      }
      closes.put(ticker, series);
      dates.put(ticker, calendar);
    }
    Symphony symphony = compile("(filter (rsi 5) (select-top 1) ["
        + "(filter (moving-average-return 3) (select-bottom 1) [(group \"ab\" [(asset \"A\") (asset \"B\")]) (asset \"C\")]) "
        + "(weight-inverse-volatility 4 [(asset \"D\") (if (> (rsi \"A\" 3) 50) [(asset \"A\")] [(asset \"B\")])]) "
        + "(asset \"C\")])");
    PriceHistory.Days backtest = PriceHistory.days(closes, dates);
    int compared = 0;
    for (int day = 30; day < days; day++) {
      Map<String, double[]> cut = new HashMap<>();
      for (Map.Entry<String, double[]> series : closes.entrySet()) {
        cut.put(series.getKey(), Arrays.copyOf(series.getValue(), day + 1));
      }
      Map<String, BigDecimal> afresh = SymphonyEvaluator.evaluate(symphony, new PriceHistory(calendar[day], cut)).allocation();
      assertThat(SymphonyEvaluator.evaluate(symphony, backtest.on(calendar[day])).allocation()).as("day %d", day).isEqualTo(afresh);
      compared++;
    }
    assertThat(compared).isEqualTo(90);
  }
}
