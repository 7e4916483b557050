package io.alchemiser.strategy.symphony;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The daily closes of every ticker on one calendar (the union of their trading days), and what is
 * computed from them once and read on many days: each indicator's value for every prefix of a
 * ticker's closes, and each ranked or weighed sub-tree's synthetic series. A live workflow keeps one
 * for all its strategies; a backtest keeps one for all its days. Not thread-safe: one evaluation at
 * a time (the strategy module evaluates one workflow's strategies in order).
 */
final class Timeline {
  private final LocalDate[] days;
  private final int size;
  private final Map<String, double[]> closes;
  private final Map<String, LocalDate[]> dates;
  private final List<String> tickers;
  /** For each ticker and calendar day, how many of its closes fall on or before that day. */
  private final Map<String, int[]> countAt = new HashMap<>();
  private final Map<ValueKey, PrefixValues> values = new HashMap<>();
  private final Map<Symphony.Node, SyntheticSeries> synthetic = new IdentityHashMap<>();

  private record ValueKey(Indicator indicator, String ticker, Window window) {
  }

  private Timeline(LocalDate[] days, int size, Map<String, double[]> closes, Map<String, LocalDate[]> dates) {
    this.days = days;
    this.size = size;
    this.closes = closes;
    this.dates = dates;
    List<String> sorted = new ArrayList<>(closes.keySet());
    sorted.sort(null);
    this.tickers = List.copyOf(sorted);
  }

  /** Closes with their dates (oldest first): the calendar is every date any ticker trades on. */
  static Timeline dated(Map<String, double[]> closes, Map<String, LocalDate[]> dates) {
    TreeSet<LocalDate> all = new TreeSet<>();
    dates.values().forEach(d -> all.addAll(Arrays.asList(d)));
    LocalDate[] days = all.toArray(LocalDate[]::new);
    Timeline timeline = new Timeline(days, days.length, closes, dates);
    for (Map.Entry<String, LocalDate[]> series : dates.entrySet()) {
      LocalDate[] own = series.getValue();
      int[] count = new int[days.length];
      int j = 0;
      for (int k = 0; k < days.length; k++) {
        while (j < own.length && !own[j].isAfter(days[k])) {
          j++;
        }
        count[k] = j;
      }
      timeline.countAt.put(series.getKey(), count);
    }
    return timeline;
  }

  /** Closes without dates, each ending on the same (last) day: the i-th close from the end of each is one day. */
  static Timeline alignedAtEnd(Map<String, double[]> closes) {
    int size = closes.values().stream().mapToInt(c -> c.length).max().orElse(0);
    Timeline timeline = new Timeline(null, size, closes, null);
    for (Map.Entry<String, double[]> series : closes.entrySet()) {
      int offset = size - series.getValue().length;
      int[] count = new int[size];
      for (int k = 0; k < size; k++) {
        count[k] = Math.max(0, k - offset + 1);
      }
      timeline.countAt.put(series.getKey(), count);
    }
    return timeline;
  }

  int size() {
    return size;
  }

  /** The calendar day at index k, or null for undated closes. */
  LocalDate day(int k) {
    return days == null ? null : days[k];
  }

  /** The index of a calendar day, or -1. */
  int indexOf(LocalDate day) {
    if (days == null) {
      return -1;
    }
    int found = Arrays.binarySearch(days, day);
    return found < 0 ? -1 : found;
  }

  /** The first calendar day on or after {@code day}, or null. */
  LocalDate dayOnOrAfter(LocalDate day) {
    if (days == null) {
      return null;
    }
    int found = Arrays.binarySearch(days, day);
    int k = found >= 0 ? found : -found - 1;
    return k < days.length ? days[k] : null;
  }

  /** Whether the ticker has a close dated exactly on calendar day k (undated: whether it has one by then). */
  boolean tradesOn(String ticker, int k) {
    int count = count(ticker, k);
    return count > 0 && (dates == null || dates.get(ticker)[count - 1].equals(days[k]));
  }

  boolean has(String ticker) {
    return closes.containsKey(ticker);
  }

  /** How many closes of the ticker fall on or before calendar day k. */
  int count(String ticker, int k) {
    int[] count = countAt.get(ticker);
    return count == null ? 0 : count[k];
  }

  /** The ticker's latest close on or before calendar day k, or NaN before its first. */
  double close(String ticker, int k) {
    int count = count(ticker, k);
    return count == 0 ? Double.NaN : closes.get(ticker)[count - 1];
  }

  /** The closes of a ticker up to calendar day k (for tests and diagnostics). */
  double[] closesUpTo(String ticker, int k) {
    double[] series = closes.get(ticker);
    return series == null ? null : Arrays.copyOf(series, count(ticker, k));
  }

  /** The indicator over the prefixes of the ticker's closes. */
  PrefixValues values(Indicator indicator, String ticker, Window window) {
    return values.computeIfAbsent(new ValueKey(indicator, ticker, window), key -> new PrefixValues(indicator, window, closes.get(ticker)));
  }

  /** The node's synthetic series, built on first use by the evaluator that asks. */
  SyntheticSeries synthetic(Symphony.Node node, java.util.function.Function<Symphony.Node, SyntheticSeries> build) {
    SyntheticSeries series = synthetic.get(node);
    if (series == null) {
      // Not computeIfAbsent: building one series builds the series of the sub-trees inside it.
      series = build.apply(node);
      synthetic.put(node, series);
    }
    return series;
  }

  /** Tickers in a stable order, for listing. */
  List<String> tickers() {
    return tickers;
  }
}
