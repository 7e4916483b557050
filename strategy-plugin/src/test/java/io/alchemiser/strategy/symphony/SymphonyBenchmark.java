package io.alchemiser.strategy.symphony;

import io.alchemiser.strategy.symphony.PriceHistory;
import io.alchemiser.strategy.symphony.Symphony;
import io.alchemiser.strategy.symphony.SymphonyCompiler;
import io.alchemiser.strategy.symphony.SymphonyEvaluator;

import io.alchemiser.shared.bench.BenchmarkFixtures;
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
      closes.put(BenchmarkFixtures.ticker(t), BenchmarkFixtures.closes(random, BARS));
    }
    String source = BenchmarkFixtures.symphony(random, TICKERS, TARGET_NODES);
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
}
