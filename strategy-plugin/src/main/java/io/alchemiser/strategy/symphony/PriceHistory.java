package io.alchemiser.strategy.symphony;

import io.alchemiser.strategy.symphony.syntax.SExpr;

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
 * The data one evaluation sees: the closes of every ticker it needs, up to its as-of date. It is a
 * view of a {@link Timeline} at one day, so what is computed for one day (indicator values,
 * synthetic series) is there for the next: a live workflow's strategies share one, and a
 * backtest's days share one timeline.
 */
public final class PriceHistory {
  private final Timeline timeline;
  private final int index;
  private final LocalDate asOf;
  private final boolean traced;

  /** Closes up to {@code asOf}, oldest first, each series ending on that day (for tests and benchmarks). */
  public PriceHistory(LocalDate asOf, Map<String, double[]> closes) {
    this(Timeline.alignedAtEnd(closes), -1, asOf, true);
  }

  private PriceHistory(Timeline timeline, int index, LocalDate asOf, boolean traced) {
    this.timeline = timeline;
    this.index = index < 0 ? timeline.size() - 1 : index;
    this.asOf = asOf;
    this.traced = traced;
  }

  /**
   * A backtest's whole history, loaded once: each simulated day is a {@link Days#on} view of it.
   * {@code closes} and {@code dates} are the bars of each ticker, oldest first.
   */
  public static Days days(Map<String, double[]> closes, Map<String, LocalDate[]> dates) {
    return new Days(Timeline.dated(closes, dates));
  }

  /** A backtest's history: a view on each simulated day, sharing what was computed for the days before. */
  public static final class Days {
    private final Timeline timeline;

    private Days(Timeline timeline) {
      this.timeline = timeline;
    }

    /**
     * The history up to {@code day}, on which every ticker must trade. Untraced: nobody reads the
     * trace of a simulated day, and building it costs a good part of the day.
     */
    public PriceHistory on(LocalDate day) {
      int k = timeline.indexOf(day);
      for (String ticker : timeline.tickers()) {
        if (k < 0 || !timeline.tradesOn(ticker, k)) {
          throw new MarketDataException(ticker + " has no bar on " + day + ", a day the backtest simulates");
        }
      }
      return new PriceHistory(timeline, k, day, false);
    }

    /** The trading day before {@code day} in the data, or null when there is none. */
    public LocalDate previousDay(LocalDate day) {
      int k = timeline.indexOf(day);
      return k <= 0 ? null : timeline.day(k - 1);
    }
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
      Map<String, LocalDate[]> dates = new HashMap<>();
      for (int i = 0; i < ordered.size(); i++) {
        List<Bar> bars = all.resultAt(i);
        int length = bars.size();
        while (length > 0 && bars.get(length - 1).date().isAfter(asOf)) {
          length--;
        }
        double[] series = new double[length];
        LocalDate[] days = new LocalDate[length];
        for (int j = 0; j < length; j++) {
          series[j] = bars.get(j).close().doubleValue();
          days[j] = bars.get(j).date();
        }
        closes.put(ordered.get(i), series);
        dates.put(ordered.get(i), days);
      }
      return new PriceHistory(Timeline.dated(closes, dates), -1, asOf, true);
    });
  }

  /**
   * The same data cut at the last day of its calendar on or before {@code day} ({@code inclusive})
   * or before it, and no later than this history's own day; null when there is none.
   */
  public PriceHistory cutAt(LocalDate day, boolean inclusive) {
    for (int k = index; k >= 0; k--) {
      LocalDate d = timeline.day(k);
      if (d != null && (d.isBefore(day) || inclusive && d.equals(day))) {
        return new PriceHistory(timeline, k, d, traced);
      }
    }
    return null;
  }

  /** The first day of the data (null for undated closes). */
  public LocalDate firstDay() {
    return timeline.size() == 0 ? null : timeline.day(0);
  }

  /** The first trading day of the data on or after {@code day}, or null when the data has none. */
  public LocalDate dayOnOrAfter(LocalDate day) {
    return timeline.dayOnOrAfter(day);
  }

  public LocalDate asOf() {
    return asOf;
  }

  boolean traced() {
    return traced;
  }

  Timeline timeline() {
    return timeline;
  }

  int index() {
    return index;
  }

  /** The closes of a ticker up to the as-of date (for tests and diagnostics). */
  double[] closes(String ticker) {
    return timeline.closesUpTo(ticker, index);
  }

  /** The indicator on the ticker's closes up to calendar day k. */
  double value(Indicator indicator, String ticker, Window window, SExpr.Position at, int k) {
    if (!timeline.has(ticker)) {
      throw new MarketDataException(at + ": no price history loaded for " + ticker);
    }
    int needed = indicator.closesNeeded(window);
    int length = timeline.count(ticker, k);
    LocalDate day = k == index ? asOf : timeline.day(k);
    if (length < needed) {
      throw new MarketDataException(at + ": " + indicator.dslName() + "(" + ticker + (indicator.takesWindow() ? ", " + window.text() : "")
          + ") needs " + needed + " daily closes up to " + day + ", " + ticker + " has " + length);
    }
    double value = timeline.values(indicator, ticker, window).at(length);
    if (!Double.isFinite(value)) {
      throw new MarketDataException(at + ": " + indicator.dslName() + "(" + ticker + ") is not a number on " + day
          + " (a zero or missing close?)");
    }
    return value;
  }
}
