package io.alchemiser.strategy.symphony;

/**
 * One indicator over the prefixes of one series, computed as they are asked for: a live workflow
 * asks for one prefix (the latest), a backtest for every one. The recursive indicators (RSI, EMA,
 * the oscillators) are computed for all prefixes in one pass, as one pass is what one value costs;
 * the windowed ones prefix by prefix, each from its own window.
 */
final class PrefixValues {
  private final Indicator indicator;
  private final Window window;
  private final double[] series;
  private final double[] values;
  private final boolean[] known;

  PrefixValues(Indicator indicator, Window window, double[] series) {
    this.indicator = indicator;
    this.window = window;
    this.series = series;
    if (indicator.recursive()) {
      this.values = indicator.computeAll(series, series.length, window);
      this.known = null;
    } else {
      this.values = new double[series.length];
      this.known = new boolean[series.length];
    }
  }

  /** The value on the first {@code length} points, or NaN when they are too few. */
  double at(int length) {
    if (length < Math.max(1, indicator.closesNeeded(window))) {
      return Double.NaN;
    }
    if (known != null && !known[length - 1]) {
      values[length - 1] = indicator.compute(series, length, window);
      known[length - 1] = true;
    }
    return values[length - 1];
  }
}
