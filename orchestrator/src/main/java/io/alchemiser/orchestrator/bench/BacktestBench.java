package io.alchemiser.orchestrator.bench;

import io.alchemiser.orchestrator.app.AlchemiserRuntime;
import io.alchemiser.orchestrator.app.Node;
import io.alchemiser.orchestrator.backtest.BacktestResult;
import io.alchemiser.orchestrator.backtest.BacktestRunner;
import io.alchemiser.shared.client.WorkflowClient;
import io.alchemiser.shared.config.ConfigLoader;
import io.alchemiser.shared.config.ConfigReader;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The benchmark's backtests: simulated days per second through the workflow path, and one live evaluation. */
public final class BacktestBench {
  public static final int TICKERS = 20;
  public static final int NODES = 100;

  /**
   * The plain backtest's first full run in this JVM ({@code first}, while the JIT is still compiling
   * the path) and its runs once warm ({@code warm}, each the same backtest), the JIT's compile time
   * during the warm runs, the one over groups, the best live evaluation of the grouped symphony (ms),
   * and the years of bars.
   */
  public record Figures(BacktestResult first, List<BacktestResult> warm, long warmCompileMs, BacktestResult groups, long liveMs, int years) {
    /** The median warm run: the backtest figure the goal is read against. */
    public BacktestResult plain() {
      List<BacktestResult> sorted = new ArrayList<>(warm);
      sorted.sort(java.util.Comparator.comparing(BacktestResult::daysPerSecond));
      return sorted.get(sorted.size() / 2);
    }

    public BacktestResult slowestWarm() {
      return warm.stream().min(java.util.Comparator.comparing(BacktestResult::daysPerSecond)).orElseThrow();
    }

    public BacktestResult fastestWarm() {
      return warm.stream().max(java.util.Comparator.comparing(BacktestResult::daysPerSecond)).orElseThrow();
    }
  }

  /** Full runs before the measured ones, at most (about a second each once warm). */
  private static final int MAX_WARM_UP_RUNS = 30;
  private static final int WARM_RUNS = 3;

  private BacktestBench() {
  }

  /**
   * Generated 100-node symphonies on 20 tickers of random-walk closes, backtested the way the
   * backtest command does it: one of assets under filters, one whose filters and inverse-volatility
   * weightings rank groups (synthetic series), and that one evaluated live once over all the years.
   */
  public static Figures run(Path dir, boolean quick) throws Exception {
    int bars = quick ? 800 : 2_600;
    java.util.Random random = new java.util.Random(7);
    Files.createDirectories(dir);
    List<java.time.LocalDate> dates = new ArrayList<>();
    for (java.time.LocalDate d = java.time.LocalDate.of(2010, 1, 4); dates.size() < bars; d = d.plusDays(1)) {
      if (d.getDayOfWeek().getValue() <= 5) {
        dates.add(d);
      }
    }
    for (int t = 0; t < TICKERS; t++) {
      double[] closes = io.alchemiser.shared.bench.BenchmarkFixtures.closes(random, bars);
      StringBuilder csv = new StringBuilder("date,open,high,low,close,volume\n");
      for (int i = 0; i < bars; i++) {
        String close = java.math.BigDecimal.valueOf(Math.max(0.01, closes[i])).setScale(2, java.math.RoundingMode.HALF_EVEN).toPlainString();
        csv.append(dates.get(i)).append(',').append(close).append(',').append(close).append(',').append(close).append(',')
            .append(close).append(",1000\n");
      }
      Files.writeString(dir.resolve(io.alchemiser.shared.bench.BenchmarkFixtures.ticker(t) + ".csv"), csv);
    }
    String symphony = io.alchemiser.shared.bench.BenchmarkFixtures.symphony(random, TICKERS, NODES);
    String grouped = io.alchemiser.shared.bench.BenchmarkFixtures.groupedSymphony(new java.util.Random(11), TICKERS, NODES);
    AlchemiserRuntime runtime = AlchemiserRuntime.createStandalone();
    try {
      JsonObject config = BacktestRunner.standaloneConfig(ConfigLoader.bundledDefaults(), dir);
      config.put("dataDir", dir.resolve("data").toString());
      Node.start(runtime.vertx(), config, runtime.registry()).await();
      BacktestRunner runner = new BacktestRunner(runtime.vertx(), WorkflowClient.create(runtime.vertx()),
          io.alchemiser.shared.marketdata.MarketDataProviders.create(runtime.vertx(), ConfigReader.root(config)));
      // After the longest window (61 closes), to the end.
      BacktestRunner.Request request = new BacktestRunner.Request(BacktestRunner.newId(), List.of(
          new BacktestRunner.StrategyInput("benchmark.clj", symphony, java.math.BigDecimal.ONE)), dates.get(70), dates.get(bars - 1),
          new java.math.BigDecimal("100000"), java.math.BigDecimal.ZERO, java.math.BigDecimal.ZERO, java.math.BigDecimal.ZERO,
          java.math.BigDecimal.ZERO);
      System.err.println("backtest: warming up");
      runner.run(new BacktestRunner.Request(BacktestRunner.newId(), request.strategies(), dates.get(70), dates.get(Math.min(bars - 1, 370)),
          request.cash(), request.threshold(), request.feeBps(), request.slippageBps(), request.cashReserve()), (d, t) -> { }).await();
      BacktestResult first = again(runner, request);
      System.err.printf(Locale.ROOT, "backtest: first full run %d days in %d ms%n", first.days(), first.elapsedMs());
      // Until the JIT compiles for less than a tenth of a run (it goes on compiling the path for many
      // runs: the first warm figures of this benchmark moved from 3,500 to 9,800 days/s), bounded.
      ResourceMeter.warmUntilJitQuiet(quick ? MAX_WARM_UP_RUNS / 3 : MAX_WARM_UP_RUNS, 0.1, () -> again(runner, request),
          BacktestResult::elapsedMs, (run, compiled) -> System.err.printf(Locale.ROOT,
              "backtest: warming up, %d days in %d ms, the JIT compiling for %d ms%n", run.days(), run.elapsedMs(), compiled));
      long compiledBefore = ResourceMeter.compiledMs();
      List<BacktestResult> warm = new ArrayList<>();
      for (int i = 0; i < WARM_RUNS; i++) {
        warm.add(again(runner, request));
        System.err.printf(Locale.ROOT, "backtest: warm run %d days in %d ms%n", warm.get(i).days(), warm.get(i).elapsedMs());
      }
      long warmCompileMs = ResourceMeter.compiledMs() - compiledBefore;
      // Nested windows over synthetic series need a longer warm-up: six levels of up to 61 days.
      BacktestRunner.Request groups = new BacktestRunner.Request(BacktestRunner.newId(), List.of(
          new BacktestRunner.StrategyInput("grouped.clj", grouped, java.math.BigDecimal.ONE)), dates.get(400), dates.get(bars - 1),
          request.cash(), request.threshold(), request.feeBps(), request.slippageBps(), request.cashReserve());
      BacktestResult groupsResult = runner.run(groups, (d, t) -> { }).await();
      System.err.printf(Locale.ROOT, "backtest with filters over groups: %d days in %d ms%n", groupsResult.days(), groupsResult.elapsedMs());
      JsonObject evaluate = new JsonObject().put("asOf", dates.get(bars - 1).toString()).put("strategies", new io.vertx.core.json.JsonArray()
          .add(new JsonObject().put("file", "grouped.clj").put("source", grouped).put("weight", "1")));
      long live = Long.MAX_VALUE;
      for (int i = 0; i < 3; i++) {
        long started = System.nanoTime();
        runtime.vertx().eventBus().request(io.alchemiser.shared.bus.Addresses.STRATEGY_EVALUATE, evaluate,
            new io.vertx.core.eventbus.DeliveryOptions().setSendTimeout(120_000)).await();
        live = Math.min(live, (System.nanoTime() - started) / 1_000_000);
      }
      return new Figures(first, warm, warmCompileMs, groupsResult, live, bars / 252);
    } finally {
      runtime.vertx().close().await();
    }
  }

  /** The same backtest under a new id (each run has its own scratch account and workflows). */
  private static BacktestResult again(BacktestRunner runner, BacktestRunner.Request request) {
    return runner.run(new BacktestRunner.Request(BacktestRunner.newId(), request.strategies(), request.from(), request.to(), request.cash(),
        request.threshold(), request.feeBps(), request.slippageBps(), request.cashReserve()), (d, t) -> { }).await();
  }
}
