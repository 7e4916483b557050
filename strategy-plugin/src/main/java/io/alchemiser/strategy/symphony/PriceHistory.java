package io.alchemiser.strategy.symphony;

import io.alchemiser.shared.marketdata.Bar;
import io.alchemiser.shared.marketdata.MarketDataException;
import io.alchemiser.shared.marketdata.MarketDataProvider;
import io.vertx.core.Future;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The daily closes of every ticker one evaluation needs, up to its as-of date, with every indicator
 * value it computes remembered: a value asked for by several nodes, or several strategies of one
 * workflow, is computed once.
 */
public final class PriceHistory {
  private final LocalDate asOf;
  private final Map<String, double[]> closes;
  /** How many closes of each series count: a backtest shares one full series across all its days. */
  private final Map<String, Integer> lengths;
  private final Map<String, Double> cache = new HashMap<>();
  private final boolean traced;

  public PriceHistory(LocalDate asOf, Map<String, double[]> closes) {
    this(asOf, closes, null, true);
  }

  /**
   * The first {@code lengths.get(ticker)} closes of each series (all of them when lengths is null).
   * {@code traced}: whether evaluations on it record their decision trace. A backtest's days do not:
   * nobody reads the trace of a simulated day, and building it costs a good part of the day.
   */
  public PriceHistory(LocalDate asOf, Map<String, double[]> closes, Map<String, Integer> lengths, boolean traced) {
    this.asOf = asOf;
    this.closes = closes;
    this.lengths = lengths;
    this.traced = traced;
  }

  boolean traced() {
    return traced;
  }

  /**
   * Loads the tickers' bars up to {@code requestedAsOf} (null: all). The as-of date is the latest
   * date on which every ticker has a bar; each series is cut there.
   */
  public static Future<PriceHistory> load(MarketDataProvider provider, Collection<String> tickers, LocalDate requestedAsOf) {
    List<String> ordered = new ArrayList<>(tickers);
    List<Future<List<Bar>>> loads = new ArrayList<>();
    for (String ticker : ordered) {
      loads.add(provider.dailyBars(ticker, requestedAsOf));
    }
    return Future.all(loads).map(all -> {
      LocalDate asOf = requestedAsOf;
      for (int i = 0; i < ordered.size(); i++) {
        List<Bar> bars = all.resultAt(i);
        LocalDate last = bars.get(bars.size() - 1).date();
        asOf = asOf == null || last.isBefore(asOf) ? last : asOf;
      }
      Map<String, double[]> closes = new HashMap<>();
      for (int i = 0; i < ordered.size(); i++) {
        List<Bar> bars = all.resultAt(i);
        int length = bars.size();
        while (length > 0 && bars.get(length - 1).date().isAfter(asOf)) {
          length--;
        }
        double[] series = new double[length];
        for (int j = 0; j < length; j++) {
          series[j] = bars.get(j).close().doubleValue();
        }
        closes.put(ordered.get(i), series);
      }
      return new PriceHistory(asOf, closes);
    });
  }

  /** The closes of a ticker up to the as-of date (for tests and diagnostics). */
  double[] closes(String ticker) {
    double[] series = closes.get(ticker);
    return series == null ? null : java.util.Arrays.copyOf(series, length(ticker, series));
  }

  private int length(String ticker, double[] series) {
    return lengths == null ? series.length : lengths.getOrDefault(ticker, 0);
  }

  public LocalDate asOf() {
    return asOf;
  }

  double value(Indicator indicator, String ticker, int window, SExpr.Position at) {
    String key = indicator.ordinal() + "|" + ticker + "|" + window;
    Double cached = cache.get(key);
    if (cached != null) {
      return cached;
    }
    double[] series = closes.get(ticker);
    if (series == null) {
      throw new MarketDataException(at + ": no price history loaded for " + ticker);
    }
    int needed = indicator.closesNeeded(window);
    int length = length(ticker, series);
    if (length < needed) {
      throw new MarketDataException(at + ": " + indicator.dslName() + "(" + ticker + (indicator.takesWindow() ? ", " + window : "")
          + ") needs " + needed + " daily closes up to " + asOf + ", " + ticker + " has " + length);
    }
    double value = indicator.compute(series, length, window);
    if (!Double.isFinite(value)) {
      throw new MarketDataException(at + ": " + indicator.dslName() + "(" + ticker + ") is not a number on " + asOf
          + " (a zero or missing close?)");
    }
    cache.put(key, value);
    return value;
  }
}
