package io.alchemiser.strategy.symphony;

import java.util.Optional;

/**
 * The indicators of the symphony DSL, on daily closes, for any positive window. Conventions are
 * pinned (see the README) so two implementations agree exactly: Wilder's RSI seeded with the simple
 * mean of the first n changes, EMA seeded with the simple mean of the first n closes, sample
 * standard deviations computed in two passes (no cancellation), returns and drawdowns in percent.
 * {@code closes[0..length)} is the history up to the evaluation date, oldest first.
 *
 * <p>Over 300 lines: eleven indicators, each a few lines of arithmetic beside its warm-up, in one
 * enum so that a reader compares their conventions in one place.
 */
enum Indicator {
  RSI("rsi", 1) {
    @Override
    int closesNeeded(Window w) {
      return w.n() + 1;
    }

    @Override
    double compute(double[] c, int length, Window w) {
      return computeAll(c, length, w)[length - 1];
    }

    /** Wilder's recursion once over the series: each prefix's value is the state after its last close, bit for bit. */
    @Override
    double[] computeAll(double[] c, int length, Window w) {
      int n = w.n();
      double[] values = unavailable(length);
      if (length < n + 1) {
        return values;
      }
      double gain = 0;
      double loss = 0;
      for (int i = 1; i <= n; i++) {
        double d = c[i] - c[i - 1];
        if (d > 0) {
          gain += d;
        } else {
          loss -= d;
        }
      }
      gain /= n;
      loss /= n;
      values[n] = loss == 0 ? 100 : 100 - 100 / (1 + gain / loss);
      for (int i = n + 1; i < length; i++) {
        double d = c[i] - c[i - 1];
        gain = (gain * (n - 1) + (d > 0 ? d : 0)) / n;
        loss = (loss * (n - 1) + (d < 0 ? -d : 0)) / n;
        values[i] = loss == 0 ? 100 : 100 - 100 / (1 + gain / loss);
      }
      return values;
    }
  },
  CURRENT_PRICE("current-price", 1) {
    @Override
    int closesNeeded(Window w) {
      return 1;
    }

    @Override
    double compute(double[] c, int length, Window w) {
      return c[length - 1];
    }
  },
  MOVING_AVERAGE_PRICE("moving-average-price", 1) {
    @Override
    int closesNeeded(Window w) {
      return w.n();
    }

    @Override
    double compute(double[] c, int length, Window w) {
      int n = w.n();
      return mean(c, length - n, length);
    }
  },
  EXPONENTIAL_MOVING_AVERAGE_PRICE("exponential-moving-average-price", 1) {
    @Override
    int closesNeeded(Window w) {
      return w.n();
    }

    @Override
    double compute(double[] c, int length, Window w) {
      return computeAll(c, length, w)[length - 1];
    }
    @Override
    double[] computeAll(double[] c, int length, Window w) {
      return ema(c, 0, length, w.n());
    }
  },
  MOVING_AVERAGE_RETURN("moving-average-return", 1) {
    @Override
    int closesNeeded(Window w) {
      return w.n() + 1;
    }

    @Override
    double compute(double[] c, int length, Window w) {
      int n = w.n();
      double sum = 0;
      for (int i = length - n; i < length; i++) {
        sum += c[i] / c[i - 1] - 1;
      }
      return sum / n * 100;
    }
  },
  CUMULATIVE_RETURN("cumulative-return", 1) {
    @Override
    int closesNeeded(Window w) {
      return w.n() + 1;
    }

    @Override
    double compute(double[] c, int length, Window w) {
      int n = w.n();
      return (c[length - 1] / c[length - 1 - n] - 1) * 100;
    }
  },
  STDEV_RETURN("stdev-return", 2) {
    @Override
    int closesNeeded(Window w) {
      return w.n() + 1;
    }

    @Override
    double compute(double[] c, int length, Window w) {
      int n = w.n();
      double[] returns = new double[n];
      for (int i = 0; i < n; i++) {
        int t = length - n + i;
        returns[i] = c[t] / c[t - 1] - 1;
      }
      return sampleStdev(returns, 0, n) * 100;
    }
  },
  STDEV_PRICE("stdev-price", 2) {
    @Override
    int closesNeeded(Window w) {
      return w.n();
    }

    @Override
    double compute(double[] c, int length, Window w) {
      int n = w.n();
      return sampleStdev(c, length - n, length);
    }
  },
  MAX_DRAWDOWN("max-drawdown", 1) {
    @Override
    int closesNeeded(Window w) {
      return w.n();
    }

    @Override
    double compute(double[] c, int length, Window w) {
      int n = w.n();
      double peak = c[length - n];
      double worst = 0;
      for (int i = length - n; i < length; i++) {
        peak = Math.max(peak, c[i]);
        worst = Math.max(worst, (peak - c[i]) / peak);
      }
      return worst * 100;
    }
  },
  /** (EMA_short − EMA_long) / EMA_long × 100. */
  PERCENTAGE_PRICE_OSCILLATOR("percentage-price-oscillator", 1) {
    @Override
    int closesNeeded(Window w) {
      return Math.max(w.n(), w.longN());
    }

    @Override
    double compute(double[] c, int length, Window w) {
      return computeAll(c, length, w)[length - 1];
    }

    @Override
    double[] computeAll(double[] c, int length, Window w) {
      return ppo(c, length, w);
    }
  },
  /** The EMA over {@code smooth} days of the oscillator's own series, seeded like any EMA. */
  PERCENTAGE_PRICE_OSCILLATOR_SIGNAL("percentage-price-oscillator-signal", 1) {
    @Override
    int closesNeeded(Window w) {
      return Math.max(w.n(), w.longN()) + w.smooth() - 1;
    }

    @Override
    double compute(double[] c, int length, Window w) {
      return computeAll(c, length, w)[length - 1];
    }

    @Override
    double[] computeAll(double[] c, int length, Window w) {
      double[] oscillator = ppo(c, length, w);
      int first = Math.max(w.n(), w.longN()) - 1;
      return first >= length ? oscillator : ema(oscillator, first, length, w.smooth());
    }
  };

  private final String dslName;
  private final int minWindow;

  Indicator(String dslName, int minWindow) {
    this.dslName = dslName;
    this.minWindow = minWindow;
  }

  String dslName() {
    return dslName;
  }

  int minWindow() {
    return minWindow;
  }

  /** Whether the DSL call takes a window ({@code current-price} does not need one). */
  boolean takesWindow() {
    return this != CURRENT_PRICE;
  }

  /** Whether one value costs a pass over the whole series (a recursion from its start), so all prefixes cost the same. */
  boolean recursive() {
    return this == RSI || this == EXPONENTIAL_MOVING_AVERAGE_PRICE || oscillator();
  }

  /** The oscillators take {@code {:short-window s :long-window l}} (and {@code :smooth-window m}) instead of one window. */
  boolean oscillator() {
    return this == PERCENTAGE_PRICE_OSCILLATOR || this == PERCENTAGE_PRICE_OSCILLATOR_SIGNAL;
  }

  abstract int closesNeeded(Window window);

  abstract double compute(double[] closes, int length, Window window);

  /**
   * The value for every prefix of the series: {@code values[L - 1]} is {@code compute(closes, L, window)}
   * (NaN where the prefix is too short). A backtest and a synthetic series read many prefixes of one
   * series; the recursive indicators override this to take one pass.
   */
  double[] computeAll(double[] closes, int length, Window window) {
    double[] values = unavailable(length);
    for (int l = Math.max(1, closesNeeded(window)); l <= length; l++) {
      values[l - 1] = compute(closes, l, window);
    }
    return values;
  }

  int closesNeeded(int window) {
    return closesNeeded(Window.of(window));
  }

  double compute(double[] closes, int length, int window) {
    return compute(closes, length, Window.of(window));
  }

  /** A name with its window as a trace or an error shows it: {@code rsi(10)}, {@code current-price}. */
  String label(Window window) {
    return takesWindow() ? dslName + "(" + window.text() + ")" : dslName;
  }

  private static double[] unavailable(int length) {
    double[] values = new double[length];
    java.util.Arrays.fill(values, Double.NaN);
    return values;
  }

  /**
   * The EMA over {@code n} values of {@code v[from..length)}, seeded with the simple mean of the first n:
   * {@code result[i]} is its value with {@code v[i]} the latest (NaN before the seed).
   */
  static double[] ema(double[] v, int from, int length, int n) {
    double[] result = unavailable(length);
    if (length - from < n) {
      return result;
    }
    double alpha = 2.0 / (n + 1);
    double value = mean(v, from, from + n);
    result[from + n - 1] = value;
    for (int i = from + n; i < length; i++) {
      value = alpha * v[i] + (1 - alpha) * value;
      result[i] = value;
    }
    return result;
  }

  private static double[] ppo(double[] c, int length, Window w) {
    double[] fast = ema(c, 0, length, w.n());
    double[] slow = ema(c, 0, length, w.longN());
    double[] result = unavailable(length);
    for (int i = Math.max(w.n(), w.longN()) - 1; i < length; i++) {
      result[i] = (fast[i] - slow[i]) / slow[i] * 100;
    }
    return result;
  }

  /** Every DSL name, for an error that lists them. */
  static String names() {
    return String.join(", ", java.util.Arrays.stream(values()).map(Indicator::dslName).toList());
  }

  static Optional<Indicator> byName(String name) {
    for (Indicator indicator : values()) {
      if (indicator.dslName.equals(name)) {
        return Optional.of(indicator);
      }
    }
    return Optional.empty();
  }

  static double mean(double[] values, int from, int to) {
    double sum = 0;
    for (int i = from; i < to; i++) {
      sum += values[i];
    }
    return sum / (to - from);
  }

  /** Two passes: the mean first, then squared deviations from it, so large prices lose no precision. */
  static double sampleStdev(double[] values, int from, int to) {
    double mean = mean(values, from, to);
    double squares = 0;
    double compensation = 0;
    for (int i = from; i < to; i++) {
      double d = values[i] - mean;
      squares += d * d;
      compensation += d;
    }
    int n = to - from;
    // The corrected two-pass formula removes the rounding left in the mean.
    return Math.sqrt((squares - compensation * compensation / n) / (n - 1));
  }
}
