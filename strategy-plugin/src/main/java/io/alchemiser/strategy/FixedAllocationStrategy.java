package io.alchemiser.strategy;

import io.alchemiser.strategy.symphony.PriceHistory;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A fixed target allocation from the config: a static mix, the simplest real strategy. */
record FixedAllocationStrategy(String name, BigDecimal weight, Map<String, BigDecimal> allocation) implements ConfiguredStrategy {

  @Override
  public String source() {
    return "config";
  }

  @Override
  public BigDecimal rebalanceThreshold() {
    return null;
  }

  @Override
  public Set<String> symbols() {
    return allocation.keySet();
  }

  @Override
  public Evaluation evaluate(PriceHistory history) {
    return new Evaluation(allocation, List.of("fixed allocation from config"));
  }
}
