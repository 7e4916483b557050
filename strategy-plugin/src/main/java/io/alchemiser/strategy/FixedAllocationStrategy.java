package io.alchemiser.strategy;

import io.alchemiser.shared.MarketDataProvider;
import io.vertx.core.Future;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A fixed target allocation from the config: the simplest strategy, and a real one (a static mix). */
record FixedAllocationStrategy(String name, BigDecimal weight, Map<String, BigDecimal> allocation) implements ConfiguredStrategy {

  @Override
  public Set<String> symbols() {
    return allocation.keySet();
  }

  @Override
  public Future<Evaluation> evaluate(MarketDataProvider data, LocalDate asOf) {
    return Future.succeededFuture(new Evaluation(allocation, List.of("fixed allocation from config")));
  }
}
