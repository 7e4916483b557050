package io.alchemiser.strategy.symphony;

import java.util.Optional;

/**
 * The indicators of the symphony DSL, on daily closes, for any positive window. Conventions are
 * pinned (see the README) so two implementations agree exactly: Wilder's RSI seeded with the simple
 * mean of the first n changes, EMA seeded with the simple mean of the first n closes, sample
 * standard deviations computed in two passes (no cancellation), returns and drawdowns in percent.
 * {@code closes[0..length)} is the history up to the evaluation date, oldest first.
 */
enum Indicator {
  RSI("rsi", 1) {
    @Override
    int closesNeeded(int n) {
      return n + 1;
    }

    @Override
    double compute(double[] c, int length, int n) {
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
      for (int i = n + 1; i < length; i++) {
        double d = c[i] - c[i - 1];
        gain = (gain * (n - 1) + (d > 0 ? d : 0)) / n;
        loss = (loss * (n - 1) + (d < 0 ? -d : 0)) / n;
      }
      return loss == 0 ? 100 : 100 - 100 / (1 + gain / loss);
    }
  },
  CURRENT_PRICE("current-price", 1) {
    @Override
    int closesNeeded(int n) {
      return 1;
    }

    @Override
    double compute(double[] c, int length, int n) {
      return c[length - 1];
    }
  },
  MOVING_AVERAGE_PRICE("moving-average-price", 1) {
    @Override
    int closesNeeded(int n) {
      return n;
    }

    @Override
    double compute(double[] c, int length, int n) {
      return mean(c, length - n, length);
    }
  },
  EXPONENTIAL_MOVING_AVERAGE_PRICE("exponential-moving-average-price", 1) {
    @Override
    int closesNeeded(int n) {
      return n;
    }

    @Override
    double compute(double[] c, int length, int n) {
      double alpha = 2.0 / (n + 1);
      double ema = mean(c, 0, n);
      for (int i = n; i < length; i++) {
        ema = alpha * c[i] + (1 - alpha) * ema;
      }
      return ema;
    }
  },
  MOVING_AVERAGE_RETURN("moving-average-return", 1) {
    @Override
    int closesNeeded(int n) {
      return n + 1;
    }

    @Override
    double compute(double[] c, int length, int n) {
      double sum = 0;
      for (int i = length - n; i < length; i++) {
        sum += c[i] / c[i - 1] - 1;
      }
      return sum / n * 100;
    }
  },
  CUMULATIVE_RETURN("cumulative-return", 1) {
    @Override
    int closesNeeded(int n) {
      return n + 1;
    }

    @Override
    double compute(double[] c, int length, int n) {
      return (c[length - 1] / c[length - 1 - n] - 1) * 100;
    }
  },
  STDEV_RETURN("stdev-return", 2) {
    @Override
    int closesNeeded(int n) {
      return n + 1;
    }

    @Override
    double compute(double[] c, int length, int n) {
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
    int closesNeeded(int n) {
      return n;
    }

    @Override
    double compute(double[] c, int length, int n) {
      return sampleStdev(c, length - n, length);
    }
  },
  MAX_DRAWDOWN("max-drawdown", 1) {
    @Override
    int closesNeeded(int n) {
      return n;
    }

    @Override
    double compute(double[] c, int length, int n) {
      double peak = c[length - n];
      double worst = 0;
      for (int i = length - n; i < length; i++) {
        peak = Math.max(peak, c[i]);
        worst = Math.max(worst, (peak - c[i]) / peak);
      }
      return worst * 100;
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

  abstract int closesNeeded(int window);

  abstract double compute(double[] closes, int length, int window);

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
