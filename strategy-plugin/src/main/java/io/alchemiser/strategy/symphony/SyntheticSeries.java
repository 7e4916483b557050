package io.alchemiser.strategy.symphony;

import io.alchemiser.shared.marketdata.MarketDataException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * The synthetic close series of a sub-tree that a {@code filter} ranks or a
 * {@code weight-inverse-volatility} weighs (pinned in the README): 100 on the first day from which
 * the sub-tree can be evaluated every day, then moved each day by the return of the allocation it
 * chose at the previous close. A day on which it cannot be evaluated (an indicator inside lacks
 * data) ends the run; the next run starts again at 100.
 *
 * <p>A day's allocation depends only on data up to that day, so the series is built once over the
 * whole calendar and read on every day of a backtest and by every strategy of a workflow.
 */
final class SyntheticSeries {
  private final double[] price;
  /** The first day of the run that day k belongs to, or -1 where the sub-tree cannot be evaluated. */
  private final int[] start;
  private final Map<String, Double>[] allocations;
  private final Map<RunKey, PrefixValues> values = new HashMap<>();

  /** One run's values of one indicator: looked up for every child on every day of a backtest. */
  private record RunKey(int start, Indicator indicator, Window window) {
  }

  private SyntheticSeries(double[] price, int[] start, Map<String, Double>[] allocations) {
    this.price = price;
    this.start = start;
    this.allocations = allocations;
  }

  /** {@code allocationAt.apply(k)}: the sub-tree's allocation with data up to day k, or a {@link MarketDataException}. */
  @SuppressWarnings("unchecked")
  static SyntheticSeries build(Timeline timeline, IntFunction<Map<String, Double>> allocationAt) {
    int size = timeline.size();
    double[] price = new double[size];
    int[] start = new int[size];
    Map<String, Double>[] allocations = new Map[size];
    for (int k = 0; k < size; k++) {
      Map<String, Double> allocation = evaluable(timeline, allocationAt, k);
      allocations[k] = allocation;
      if (allocation == null) {
        price[k] = Double.NaN;
        start[k] = -1;
      } else if (k == 0 || allocations[k - 1] == null) {
        price[k] = 100;
        start[k] = k;
      } else {
        double change = 0;
        for (Map.Entry<String, Double> held : allocations[k - 1].entrySet()) {
          change += held.getValue() * (timeline.close(held.getKey(), k) / timeline.close(held.getKey(), k - 1) - 1);
        }
        price[k] = price[k - 1] * (1 + change);
        start[k] = start[k - 1];
      }
    }
    return new SyntheticSeries(price, start, allocations);
  }

  /** The allocation on day k, or null when it cannot be had: an indicator lacks data, or a held ticker has no close yet. */
  private static Map<String, Double> evaluable(Timeline timeline, IntFunction<Map<String, Double>> allocationAt, int k) {
    Map<String, Double> allocation;
    try {
      allocation = allocationAt.apply(k);
    } catch (MarketDataException e) {
      return null;
    }
    for (String ticker : allocation.keySet()) {
      if (timeline.count(ticker, k) == 0) {
        return null;
      }
    }
    return allocation;
  }

  /** How many days of the series there are up to day k (0: the sub-tree cannot be evaluated on day k). */
  int points(int k) {
    return start[k] < 0 ? 0 : k - start[k] + 1;
  }

  /** The allocation chosen on day k (null when it cannot be evaluated there). */
  Map<String, Double> allocation(int k) {
    return allocations[k];
  }

  /** The series up to day k, from its run's first day (for tests and traces). */
  double[] prices(int k) {
    return start[k] < 0 ? new double[0] : Arrays.copyOfRange(price, start[k], k + 1);
  }

  /** The indicator on the series up to day k, or NaN when the run is too short. */
  double value(Indicator indicator, Window window, int k) {
    if (start[k] < 0) {
      return Double.NaN;
    }
    // One run's values: a value never reaches back across a day the sub-tree could not be evaluated.
    PrefixValues run = values.computeIfAbsent(new RunKey(start[k], indicator, window),
        key -> new PrefixValues(indicator, window, Arrays.copyOfRange(price, start[k], runEnd(start[k]) + 1)));
    return run.at(k - start[k] + 1);
  }

  private int runEnd(int first) {
    int end = first;
    while (end + 1 < price.length && start[end + 1] == first) {
      end++;
    }
    return end;
  }
}
