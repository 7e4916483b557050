package io.alchemiser.strategy;

import io.alchemiser.strategy.symphony.PriceHistory;
import io.alchemiser.strategy.symphony.Symphony;
import io.alchemiser.strategy.symphony.SymphonyEvaluator;

import java.math.BigDecimal;
import java.util.Set;

/** A symphony file, compiled, with its weight in the portfolio. */
record SymphonyStrategy(String name, String source, BigDecimal weight, Symphony symphony) implements ConfiguredStrategy {

  @Override
  public BigDecimal rebalanceThreshold() {
    return symphony.rebalanceThreshold();
  }

  @Override
  public boolean light() {
    return symphony.light();
  }

  @Override
  public io.alchemiser.strategy.symphony.RebalanceFrequency frequency() {
    return symphony.frequency();
  }

  @Override
  public Set<String> symbols() {
    return symphony.tickers();
  }

  @Override
  public Evaluation evaluate(PriceHistory history) {
    SymphonyEvaluator.Result result = SymphonyEvaluator.evaluate(symphony, history);
    return new Evaluation(result.allocation(), result.trace());
  }
}
