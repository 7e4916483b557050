package io.alchemiser.strategy;

import io.alchemiser.strategy.symphony.PriceHistory;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** One strategy ready to evaluate, with its weight in the portfolio. */
interface ConfiguredStrategy {
  String name();

  /** Where it came from: a file name, or "config" for a fixed allocation. */
  String source();

  BigDecimal weight();

  /** The drift (fraction) under which no trade is made, or null when the strategy sets none. */
  BigDecimal rebalanceThreshold();

  /** Every ticker the strategy allocates to or reads, so the history can be loaded up front. */
  Set<String> symbols();

  Evaluation evaluate(PriceHistory history);

  /** Whether a day's evaluation is light enough to run on an event loop (see {@link io.alchemiser.strategy.symphony.Symphony#light()}). */
  default boolean light() {
    return true;
  }

  /** How often its allocation is recomputed (a fixed allocation: every day, it never changes). */
  default io.alchemiser.strategy.symphony.RebalanceFrequency frequency() {
    return io.alchemiser.strategy.symphony.RebalanceFrequency.DAILY;
  }

  record Evaluation(Map<String, BigDecimal> allocation, List<String> trace) {
  }
}
