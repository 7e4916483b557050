package io.alchemiser.orchestrator;

import io.alchemiser.orchestrator.app.Node;
import io.alchemiser.orchestrator.backtest.BacktestException;
import io.alchemiser.orchestrator.backtest.BacktestResult;
import io.alchemiser.orchestrator.backtest.BacktestRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.alchemiser.shared.bus.Addresses;
import io.alchemiser.shared.backtest.BacktestSpecs;
import io.alchemiser.shared.config.ConfigReader;
import io.alchemiser.shared.bus.EventCodec;
import io.alchemiser.shared.marketdata.MarketDataProviders;
import io.alchemiser.shared.client.WorkflowClientException;
import io.alchemiser.shared.event.WorkflowCompleted;
import io.alchemiser.shared.event.WorkflowEvent;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Backtests through the real modules. The small cases are worked out by hand (two tickers, three
 * days, prices chosen so that every share count is exact):
 * <pre>
 *            AAA   BBB   holdings before the close      equity at the close
 * 2024-01-02 100    50   cash 10000                      10000   → buy 60 AAA, 80 BBB
 * 2024-01-03 120    40   60 AAA, 80 BBB                  10400   → sell 8 AAA, buy 24 BBB
 * 2024-01-04  90    45   52 AAA, 104 BBB                  9360   → buy 10.4 AAA, sell 20.8 BBB
 * </pre>
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 120, timeUnit = TimeUnit.SECONDS)
class BacktestTest {
  private static final String SIXTY_FORTY = """
      ; its own threshold (0.05) must not apply: a backtest trades to the exact target unless told otherwise
      (defsymphony "Sixty forty" {:rebalance-threshold 0.05}
        (weight-specified 60 (asset "AAA") 40 (asset "BBB")))
      """;
  private Path data;

  @BeforeEach
  void setUp() throws Exception {
    data = TestNodes.tempDir();
    Files.writeString(data.resolve("AAA.csv"), """
        date,open,high,low,close,volume
        2024-01-02,100,100,100,100,1000
        2024-01-03,120,120,120,120,1000
        2024-01-04,90,90,90,90,1000
        2024-01-05,95,95,95,95,1000
        """);
    // BBB has a day AAA lacks and lacks one AAA has: neither is a trading day.
    Files.writeString(data.resolve("BBB.csv"), """
        date,open,high,low,close,volume
        2023-12-29,49,49,49,49,1000
        2024-01-02,50,50,50,50,1000
        2024-01-03,40,40,40,40,1000
        2024-01-04,45,45,45,45,1000
        """);
  }

  private BacktestRunner runner(Vertx vertx) throws Exception {
    JsonObject config = TestNodes.config(TestNodes.tempDir(), List.of("orchestrator", "strategy", "portfolio", "execution"));
    config.put("marketData", new JsonObject().put("provider", "csv").put("dir", data.toString()));
    config.getJsonObject("orchestrator").put("journal", new JsonObject().put("enabled", false));
    Node node = Node.start(vertx, config).await();
    return new BacktestRunner(vertx, node.client(), MarketDataProviders.create(vertx, ConfigReader.root(config)));
  }

  private static BacktestRunner.Request request(String id, String source, String from, String to, String threshold,
                                                String feeBps, String slippageBps) {
    return new BacktestRunner.Request(id, List.of(new BacktestRunner.StrategyInput("sixty-forty.clj", source, BigDecimal.ONE)),
        LocalDate.parse(from), LocalDate.parse(to), new BigDecimal("10000"), new BigDecimal(threshold), new BigDecimal(feeBps),
        new BigDecimal(slippageBps), BigDecimal.ZERO);
  }

  @Test
  void twoTickersThreeDaysToTheCent(Vertx vertx) throws Exception {
    BacktestRunner runner = runner(vertx);
    List<String> completedDays = Collections.synchronizedList(new ArrayList<>());
    io.alchemiser.shared.bus.EventSubscription.everyEvent(vertx, message -> {
      try {
        WorkflowEvent event = EventCodec.decode(message.headers(), message.body());
        if (event instanceof WorkflowCompleted) {
          completedDays.add(event.correlationId());
        }
      } catch (Exception ignored) {
        // not an event of ours
      }
    }).completion().await();
    List<Integer> progress = Collections.synchronizedList(new ArrayList<>());

    BacktestResult r = runner.run(request("hand", SIXTY_FORTY, "2023-12-01", "2024-01-04", "0", "0", "0"),
        (done, total) -> progress.add(done * 10 + total)).await();

    assertThat(r.days()).isEqualTo(3);
    assertThat(r.firstDay()).isEqualTo(LocalDate.of(2024, 1, 2));
    assertThat(r.lastDay()).isEqualTo(LocalDate.of(2024, 1, 4));
    assertThat(r.equity()).containsExactly(
        List.of("2024-01-02", new BigDecimal("10000.00")),
        List.of("2024-01-03", new BigDecimal("10400.00")),
        List.of("2024-01-04", new BigDecimal("9360.00")));
    assertThat(r.finalEquity()).isEqualByComparingTo("9360.00");
    assertThat(r.totalReturnPct()).isEqualByComparingTo("-6.4");
    assertThat(r.maxDrawdownPct()).isEqualByComparingTo("10");
    // Daily returns +4 % and -10 %: mean -3 %, sample stdev 9.8995 %.
    assertThat(r.sharpe()).isEqualByComparingTo("-4.8107");
    assertThat(r.annualVolatilityPct()).isEqualByComparingTo("157.1496");
    assertThat(r.cagrPct()).isEqualByComparingTo(BigDecimal.valueOf((Math.pow(0.936, 365.25 / 2) - 1) * 100)
        .setScale(4, java.math.RoundingMode.HALF_EVEN));
    // 60 + 80 shares, then 8 + 24, then 10.4 + 20.8: six fills worth 10000 + 1920 + 1872.
    assertThat(r.trades()).isEqualTo(6);
    assertThat(r.tradedValue()).isEqualByComparingTo("13792.00");
    assertThat(r.turnover()).isEqualByComparingTo("1.3903");
    assertThat(r.allocation().get(1)).isEqualTo(List.of("2024-01-03", Map.of("AAA", new BigDecimal("0.6"), "BBB", new BigDecimal("0.4"))));
    // 50 AAA and 100 BBB bought on the first day and held.
    assertThat(r.buyAndHold()).extracting(day -> day.get(1))
        .containsExactly(new BigDecimal("10000.00"), new BigDecimal("10000.00"), new BigDecimal("9000.00"));
    assertThat(r.drawdownPct()).extracting(day -> day.get(1))
        .containsExactly(new BigDecimal("0.0000"), new BigDecimal("0.0000"), new BigDecimal("10.0000"));
    assertThat(progress).containsExactly(13, 23, 33);

    // Each day was a real workflow the orchestrator tracked, and is forgotten once the result is made.
    for (int i = 0; i < 50 && completedDays.size() < 3; i++) {
      Thread.sleep(20);
    }
    assertThat(completedDays).containsExactlyInAnyOrder(
        "backtest-hand-2024-01-02", "backtest-hand-2024-01-03", "backtest-hand-2024-01-04");
    WorkflowClientException gone = null;
    for (int i = 0; i < 50 && gone == null; i++) {
      try {
        io.alchemiser.shared.client.WorkflowClient.create(vertx).get("backtest-hand-2024-01-04").await();
        Thread.sleep(100);
      } catch (WorkflowClientException e) {
        gone = e;
      }
    }
    assertThat(gone).isNotNull();
    assertThat(gone.code()).isEqualTo(WorkflowClientException.NOT_FOUND);

    String csv = r.csv();
    assertThat(csv.lines()).containsExactly(
        "date,equity,drawdown_pct,buy_and_hold,AAA,BBB",
        "2024-01-02,10000.00,0.0000,10000.00,0.6,0.4",
        "2024-01-03,10400.00,0.0000,10000.00,0.6,0.4",
        "2024-01-04,9360.00,10.0000,9000.00,0.6,0.4");
  }

  /**
   * With a 30 % threshold only the first day trades (60 AAA, 80 BBB); fees and slippage of 10 bps
   * each cost 10.00 and 10.01 on its 10000 (slippage lifts the fills to 100.10 and 50.05; the fee is
   * on that filled value), so cash is -20.01 from then on.
   */
  @Test
  void thresholdFeesAndSlippage(Vertx vertx) throws Exception {
    BacktestRunner runner = runner(vertx);
    BacktestResult fees = runner.run(request("costs", SIXTY_FORTY, "2024-01-02", "2024-01-04", "0.3", "10", "10"), (d, t) -> { }).await();
    assertThat(fees.equity()).extracting(day -> day.get(1))
        .containsExactly(new BigDecimal("10000.00"), new BigDecimal("10379.99"), new BigDecimal("8979.99"));
    assertThat(fees.trades()).isEqualTo(2);
    assertThat(fees.tradedValue()).isEqualByComparingTo("10010.00");
  }

  @Test
  void badRangeNoOverlapUnknownTickerAndTooLittleHistoryAreDataErrors(Vertx vertx) throws Exception {
    BacktestRunner runner = runner(vertx);
    assertThatThrownBy(() -> runner.run(request("r1", SIXTY_FORTY, "2024-01-04", "2024-01-02", "0", "0", "0"), (d, t) -> { }).await())
        .isInstanceOfSatisfying(BacktestException.class, e -> {
          assertThat(e.kind()).isEqualTo(BacktestException.Kind.DATA);
          assertThat(e.getMessage()).contains("bad date range").contains("2024-01-02");
        });
    assertThatThrownBy(() -> runner.run(request("r2", SIXTY_FORTY, "2024-01-05", "2024-01-31", "0", "0", "0"), (d, t) -> { }).await())
        .isInstanceOfSatisfying(BacktestException.class, e -> {
          assertThat(e.kind()).isEqualTo(BacktestException.Kind.DATA);
          assertThat(e.getMessage()).contains("no trading day from 2024-01-05 to 2024-01-31")
              .contains("BBB has bars from 2023-12-29 to 2024-01-04");
        });
    String unknown = "(defsymphony \"x\" {} (weight-equal [(asset \"AAA\") (asset \"ZZZ\")]))";
    assertThatThrownBy(() -> runner.run(request("r3", unknown, "2024-01-02", "2024-01-04", "0", "0", "0"), (d, t) -> { }).await())
        .isInstanceOfSatisfying(BacktestException.class, e -> {
          assertThat(e.kind()).isEqualTo(BacktestException.Kind.DATA);
          assertThat(e.getMessage()).contains("ZZZ");
        });
    String longWindow = "(defsymphony \"x\" {} (if (> (moving-average-price \"AAA\" {:window 3}) 1) [(asset \"AAA\")] [(asset \"BBB\")]))";
    assertThatThrownBy(() -> runner.run(request("r4", longWindow, "2024-01-02", "2024-01-04", "0", "0", "0"), (d, t) -> { }).await())
        .isInstanceOfSatisfying(BacktestException.class, e -> {
          assertThat(e.kind()).isEqualTo(BacktestException.Kind.DATA);
          assertThat(e.getMessage()).contains("day 2024-01-02").contains("needs 3 daily closes");
        });
    assertThatThrownBy(() -> runner.run(request("r5", "(defsymphony", "2024-01-02", "2024-01-04", "0", "0", "0"), (d, t) -> { }).await())
        .isInstanceOfSatisfying(BacktestException.class, e -> assertThat(e.kind()).isEqualTo(BacktestException.Kind.STRATEGY_FILE));
  }

  /** The four example symphonies over nearly three years of the bundled sample data. */
  @Test
  void multiYearBacktestOfTheExamplesOnTheSampleData(Vertx vertx) throws Exception {
    JsonObject config = TestNodes.config(TestNodes.tempDir(), List.of("orchestrator", "strategy", "portfolio", "execution"));
    Node node = Node.start(vertx, config).await();
    BacktestRunner runner = new BacktestRunner(vertx, node.client(), MarketDataProviders.create(vertx, ConfigReader.root(config)));
    List<BacktestRunner.StrategyInput> examples = new ArrayList<>();
    for (String name : List.of("trend-momentum", "risk-parity", "leveraged-regimes", "balanced-60-40")) {
      examples.add(new BacktestRunner.StrategyInput("bundled:strategies/" + name + ".clj", null, new BigDecimal("0.25")));
    }
    BacktestResult r = runner.run(new BacktestRunner.Request("examples", examples, LocalDate.of(2023, 1, 1), LocalDate.of(2025, 10, 31),
        new BigDecimal("100000"), BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO), (d, t) -> { }).await();

    assertThat(r.days()).isGreaterThan(700);
    assertThat(r.strategies()).containsExactly("Trend momentum", "Risk parity", "Leveraged regimes", "Balanced 60/40");
    assertThat(r.equity()).hasSize(r.days());
    assertThat(r.equity().get(0).get(1)).isEqualTo(new BigDecimal("100000.00"));
    assertThat(r.finalEquity()).isPositive().isEqualTo(r.equity().get(r.days() - 1).get(1));
    assertThat(r.maxDrawdownPct()).isBetween(BigDecimal.ZERO, new BigDecimal("100"));
    assertThat(r.sharpe()).isNotNull();
    assertThat(r.trades()).isGreaterThan(r.days());
    // Fully invested every day (no fees, no reserve): the weights held sum to 1.
    for (List<Object> day : r.allocation()) {
      @SuppressWarnings("unchecked")
      Map<String, BigDecimal> weights = (Map<String, BigDecimal>) day.get(1);
      assertThat(weights.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add).doubleValue()).as("%s", day.get(0)).isCloseTo(1.0,
          org.assertj.core.data.Offset.offset(1e-4));
    }
    assertThat(new JsonArray(r.tickers()).size()).isGreaterThan(5);
    assertThat(io.alchemiser.shared.event.Simulation.isSimulatedId("backtest-examples-2024-01-02")).isTrue();
  }
}
