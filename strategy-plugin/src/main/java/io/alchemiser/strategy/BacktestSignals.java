package io.alchemiser.strategy;

import io.alchemiser.strategy.symphony.syntax.DeepStack;
import io.alchemiser.strategy.symphony.PriceHistory;
import io.alchemiser.strategy.symphony.syntax.StrategyFileException;
import io.alchemiser.strategy.symphony.Symphony;
import io.alchemiser.strategy.symphony.SymphonyCompiler;

import io.alchemiser.shared.backtest.BacktestSpec;
import io.alchemiser.shared.backtest.BacktestSpecs;
import io.alchemiser.shared.marketdata.Bar;
import io.alchemiser.shared.event.ErrorCodes;
import io.alchemiser.shared.marketdata.MarketDataException;
import io.alchemiser.shared.marketdata.MarketDataProvider;
import io.alchemiser.shared.event.Simulation;
import io.alchemiser.shared.event.WorkflowException;
import io.vertx.core.Future;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The strategy side of a backtest's simulated days. The strategies are compiled and the whole
 * history is loaded once per backtest; each day is then evaluated on a view of that history cut at
 * the day's date, so a day costs the evaluation alone.
 */
final class BacktestSignals {
  private final MarketDataProvider marketData;
  private final BacktestSpecs specs;
  private final Map<String, Future<Loaded>> backtests = new HashMap<>();

  private record Loaded(List<ConfiguredStrategy> strategies, PriceHistory.Days days, LocalDate from) {
  }

  BacktestSignals(MarketDataProvider marketData, BacktestSpecs specs) {
    this.marketData = marketData;
    this.specs = specs;
  }

  Future<SignalEngine.Signals> evaluate(Simulation day) {
    Future<Loaded> loaded = backtests.computeIfAbsent(day.backtestId(), id -> specs.get(id).compose(this::load));
    io.vertx.core.Context context = io.vertx.core.Vertx.currentContext();
    return loaded.onFailure(err -> backtests.remove(day.backtestId())).compose(backtest -> {
      java.util.function.Supplier<SignalEngine.Signals> evaluation = () -> {
        // One timeline serves all the backtest's days; a retried day could overlap the one before on another thread.
        synchronized (backtest.days()) {
          PriceHistory history = backtest.days().on(day.date());
          return SignalEngine.evaluateOn(backtest.strategies(), history, RebalanceDays.backtest(day.date(), backtest.from(), history));
        }
      };
      if (backtest.strategies().stream().allMatch(ConfiguredStrategy::light)) {
        // A sub-millisecond day: evaluated here, without two thread hops per simulated day.
        try {
          return io.vertx.core.Future.succeededFuture(evaluation.get());
        } catch (RuntimeException e) {
          return io.vertx.core.Future.failedFuture(e);
        }
      }
      return DeepStack.submit(context, evaluation);
    });
  }

  void forget(String backtestId) {
    backtests.remove(backtestId);
    specs.forget(backtestId);
  }

  /** Compiles a backtest's symphonies; a file error is a {@link StrategyFileException} naming the file and position. */
  static List<ConfiguredStrategy> compile(BacktestSpec spec) {
    List<ConfiguredStrategy> strategies = new ArrayList<>();
    for (BacktestSpec.Strategy item : spec.strategies()) {
      Symphony symphony = SymphonyCompiler.parseAndCompile(item.file(), item.source());
      strategies.add(new SymphonyStrategy(symphony.name(), item.file(), item.weight(), symphony));
    }
    return List.copyOf(strategies);
  }

  private Future<Loaded> load(BacktestSpec spec) {
    List<ConfiguredStrategy> strategies;
    try {
      strategies = compile(spec);
    } catch (StrategyFileException e) {
      return Future.failedFuture(new WorkflowException(ErrorCodes.STRATEGY_ERROR, e.getMessage()));
    }
    Set<String> tickers = new TreeSet<>();
    strategies.forEach(s -> tickers.addAll(s.symbols()));
    List<String> ordered = new ArrayList<>(tickers);
    List<Future<List<Bar>>> loads = new ArrayList<>();
    ordered.forEach(ticker -> loads.add(marketData.dailyBars(ticker, spec.to())));
    return Future.all(loads).map(all -> {
      Map<String, double[]> closes = new HashMap<>();
      Map<String, LocalDate[]> dates = new HashMap<>();
      for (int i = 0; i < ordered.size(); i++) {
        List<Bar> bars = all.resultAt(i);
        double[] series = new double[bars.size()];
        LocalDate[] days = new LocalDate[bars.size()];
        for (int j = 0; j < bars.size(); j++) {
          series[j] = bars.get(j).close().doubleValue();
          days[j] = bars.get(j).date();
        }
        closes.put(ordered.get(i), series);
        dates.put(ordered.get(i), days);
      }
      return new Loaded(strategies, PriceHistory.days(closes, dates), spec.from());
    });
  }
}
