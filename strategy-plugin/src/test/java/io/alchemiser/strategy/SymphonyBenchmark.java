package io.alchemiser.strategy;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Benchmark, not a test: evaluates a generated 100-node symphony over 20 tickers × 500 bars and
 * prints the median evaluation time. Each evaluation starts with an empty indicator cache, as each
 * workflow does; loading bars is not timed. Run with {@code scripts/bench-strategy}. Goal: median
 * under 1 ms.
 */
public final class SymphonyBenchmark {
  private static final int TICKERS = 20;
  private static final int BARS = 500;
  private static final int TARGET_NODES = 100;

  private SymphonyBenchmark() {
  }

  public static void main(String[] args) {
    int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 5_000;
    Random random = new Random(7);
    Map<String, double[]> closes = new HashMap<>();
    for (int t = 0; t < TICKERS; t++) {
      double[] series = new double[BARS];
      series[0] = 50 + random.nextInt(200);
      for (int i = 1; i < BARS; i++) {
        series[i] = series[i - 1] * (1 + 0.015 * random.nextGaussian());
      }
      closes.put(ticker(t), series);
    }
    String source = symphony(random);
    Symphony symphony = SymphonyCompiler.parseAndCompile("benchmark.clj", source);
    LocalDate asOf = LocalDate.of(2025, 10, 31);

    for (int i = 0; i < 2_000; i++) {
      SymphonyEvaluator.evaluate(symphony, new PriceHistory(asOf, closes));
    }
    long[] nanos = new long[iterations];
    for (int i = 0; i < iterations; i++) {
      long start = System.nanoTime();
      SymphonyEvaluator.evaluate(symphony, new PriceHistory(asOf, closes));
      nanos[i] = System.nanoTime() - start;
    }
    Arrays.sort(nanos);
    System.out.printf(Locale.ROOT, "symphony: %d nodes, %d tickers x %d bars, %d evaluations (fresh indicator cache each)%n",
        symphony.nodeCount(), TICKERS, BARS, iterations);
    System.out.printf(Locale.ROOT, "evaluation time: median %.3f ms, p90 %.3f ms, p99 %.3f ms, max %.3f ms (goal: median < 1 ms)%n",
        nanos[iterations / 2] / 1e6, nanos[iterations * 9 / 10] / 1e6, nanos[iterations * 99 / 100] / 1e6, nanos[iterations - 1] / 1e6);
  }

  private static String ticker(int index) {
    return "T" + (char) ('A' + index);
  }

  /** A random tree of ifs, filters, weightings and assets with about TARGET_NODES nodes. */
  private static String symphony(Random random) {
    int[] budget = {TARGET_NODES - 1};
    StringBuilder branches = new StringBuilder();
    while (budget[0] > 0) {
      branches.append(node(random, budget, 1)).append(' ');
    }
    return "(defsymphony \"benchmark\" {:rebalance-threshold 0.05} (weight-equal [" + branches + "]))";
  }

  private static String node(Random random, int[] budget, int depth) {
    budget[0]--;
    if (budget[0] <= 0 || depth > 12) {
      return asset(random);
    }
    // Operators count one node each; their assets take from the budget too.
    String[] indicators = {"rsi", "moving-average-price", "exponential-moving-average-price", "moving-average-return",
        "cumulative-return", "stdev-return", "stdev-price", "max-drawdown"};
    int window = 2 + random.nextInt(60);
    switch (random.nextInt(5)) {
      case 0 -> {
        String indicator = indicators[random.nextInt(indicators.length)];
        return "(if (> (" + indicator + " \"" + ticker(random.nextInt(TICKERS)) + "\" " + window + ") "
            + "(" + indicators[random.nextInt(indicators.length)] + " \"" + ticker(random.nextInt(TICKERS)) + "\" " + window + "))"
            + " [" + node(random, budget, depth + 1) + "] [" + node(random, budget, depth + 1) + "])";
      }
      case 1 -> {
        StringBuilder children = new StringBuilder();
        for (int i = 0; i < 4 && budget[0] > 0; i++) {
          children.append(asset(random)).append(' ');
          budget[0]--;
        }
        return "(filter (" + indicators[random.nextInt(indicators.length)] + " " + window + ") (select-top 2) [" + children + "])";
      }
      case 2 -> {
        StringBuilder children = new StringBuilder();
        for (int i = 0; i < 3 && budget[0] > 0; i++) {
          children.append(asset(random)).append(' ');
          budget[0]--;
        }
        return "(weight-inverse-volatility " + window + " [" + children + "])";
      }
      case 3 -> {
        return "(weight-specified 60 " + node(random, budget, depth + 1) + " 40 " + node(random, budget, depth + 1) + ")";
      }
      default -> {
        return "(weight-equal [" + node(random, budget, depth + 1) + " " + node(random, budget, depth + 1) + " "
            + node(random, budget, depth + 1) + "])";
      }
    }
  }

  private static String asset(Random random) {
    return "(asset \"" + ticker(random.nextInt(TICKERS)) + "\")";
  }
}
