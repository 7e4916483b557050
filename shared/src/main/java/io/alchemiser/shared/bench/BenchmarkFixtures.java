package io.alchemiser.shared.bench;

import java.util.Random;

/**
 * Generated inputs of the speed benchmarks (symphony evaluation, backtests): a random symphony of
 * about a given number of nodes over tickers TA, TB, ..., and random-walk closes. Seeded, so that
 * every run measures the same work.
 */
public final class BenchmarkFixtures {
  private static final String[] INDICATORS = {"rsi", "moving-average-price", "exponential-moving-average-price", "moving-average-return",
      "cumulative-return", "stdev-return", "stdev-price", "max-drawdown"};

  private BenchmarkFixtures() {
  }

  public static String ticker(int index) {
    return "T" + (char) ('A' + index);
  }

  /** Random-walk closes, starting between 50 and 250, 1.5 % daily volatility. */
  public static double[] closes(Random random, int bars) {
    double[] series = new double[bars];
    series[0] = 50 + random.nextInt(200);
    for (int i = 1; i < bars; i++) {
      series[i] = series[i - 1] * (1 + 0.015 * random.nextGaussian());
    }
    return series;
  }

  /** A random tree of ifs, filters, weightings and assets with about {@code nodes} nodes, windows up to 61. */
  public static String symphony(Random random, int tickers, int nodes) {
    int[] budget = {nodes - 1};
    StringBuilder branches = new StringBuilder();
    while (budget[0] > 0) {
      branches.append(node(random, tickers, budget, 1)).append(' ');
    }
    return "(defsymphony \"benchmark\" {:rebalance-threshold 0.05} (weight-equal [" + branches + "]))";
  }

  private static String node(Random random, int tickers, int[] budget, int depth) {
    budget[0]--;
    if (budget[0] <= 0 || depth > 12) {
      return asset(random, tickers);
    }
    // Operators count one node each; their assets take from the budget too.
    int window = 2 + random.nextInt(60);
    switch (random.nextInt(5)) {
      case 0 -> {
        return "(if (> (" + indicator(random) + " \"" + ticker(random.nextInt(tickers)) + "\" " + window + ") "
            + "(" + indicator(random) + " \"" + ticker(random.nextInt(tickers)) + "\" " + window + "))"
            + " [" + node(random, tickers, budget, depth + 1) + "] [" + node(random, tickers, budget, depth + 1) + "])";
      }
      case 1 -> {
        return "(filter (" + indicator(random) + " " + window + ") (select-top 2) [" + assets(random, tickers, budget, 4) + "])";
      }
      case 2 -> {
        return "(weight-inverse-volatility " + window + " [" + assets(random, tickers, budget, 3) + "])";
      }
      case 3 -> {
        return "(weight-specified 60 " + node(random, tickers, budget, depth + 1) + " 40 " + node(random, tickers, budget, depth + 1) + ")";
      }
      default -> {
        return "(weight-equal [" + node(random, tickers, budget, depth + 1) + " " + node(random, tickers, budget, depth + 1) + " "
            + node(random, tickers, budget, depth + 1) + "])";
      }
    }
  }

  /**
   * A random tree of about {@code nodes} nodes whose filters and inverse-volatility weightings rank
   * and weigh groups, weight nodes and ifs as well as assets, the shape real symphonies have.
   */
  public static String groupedSymphony(Random random, int tickers, int nodes) {
    int[] budget = {nodes - 1};
    StringBuilder branches = new StringBuilder();
    while (budget[0] > 0) {
      branches.append(grouped(random, tickers, budget, 1)).append(' ');
    }
    return "(defsymphony \"grouped benchmark\" {:rebalance-threshold 0.05} (weight-equal [" + branches + "]))";
  }

  private static String grouped(Random random, int tickers, int[] budget, int depth) {
    budget[0]--;
    if (budget[0] <= 0 || depth > 6) {
      return asset(random, tickers);
    }
    int window = 2 + random.nextInt(60);
    return switch (random.nextInt(4)) {
      case 0 -> "(filter (" + indicator(random) + " " + window + ") (select-top " + (1 + random.nextInt(2)) + ") ["
          + grouped(random, tickers, budget, depth + 1) + " " + grouped(random, tickers, budget, depth + 1) + " "
          + asset(random, tickers) + "])";
      case 1 -> "(weight-inverse-volatility " + window + " [" + grouped(random, tickers, budget, depth + 1) + " "
          + grouped(random, tickers, budget, depth + 1) + "])";
      case 2 -> "(group \"g" + budget[0] + "\" [(weight-equal [" + grouped(random, tickers, budget, depth + 1) + " "
          + grouped(random, tickers, budget, depth + 1) + "])])";
      default -> "(if (> (" + indicator(random) + " \"" + ticker(random.nextInt(tickers)) + "\" " + window + ") "
          + "(" + indicator(random) + " \"" + ticker(random.nextInt(tickers)) + "\" " + window + "))"
          + " [" + grouped(random, tickers, budget, depth + 1) + "] [" + grouped(random, tickers, budget, depth + 1) + "])";
    };
  }

  private static String indicator(Random random) {
    return INDICATORS[random.nextInt(INDICATORS.length)];
  }

  private static String assets(Random random, int tickers, int[] budget, int most) {
    StringBuilder children = new StringBuilder();
    for (int i = 0; i < most && budget[0] > 0; i++) {
      children.append(asset(random, tickers)).append(' ');
      budget[0]--;
    }
    return children.toString();
  }

  private static String asset(Random random, int tickers) {
    return "(asset \"" + ticker(random.nextInt(tickers)) + "\")";
  }
}
