package io.alchemiser.strategy;

import io.alchemiser.shared.MarketDataProvider;
import io.vertx.core.Future;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** One strategy from the config with its weight in the portfolio. */
interface ConfiguredStrategy {
  String name();

  BigDecimal weight();

  /** Every ticker the strategy may allocate to or read, so data can be checked up front. */
  Set<String> symbols();

  Future<Evaluation> evaluate(MarketDataProvider data, LocalDate asOf);

  record Evaluation(Map<String, BigDecimal> allocation, List<String> trace) {
  }
}
