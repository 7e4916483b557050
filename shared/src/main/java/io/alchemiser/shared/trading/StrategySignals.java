package io.alchemiser.shared.trading;

import io.alchemiser.shared.event.SignalGenerated;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/** The signal part of a workflow's result: what {@link SignalGenerated} said, without its metadata. */
public record StrategySignals(
    LocalDate asOf, Map<String, BigDecimal> allocation, List<StrategySignal> strategies, BigDecimal rebalanceThreshold) {

  public static StrategySignals of(SignalGenerated event) {
    return new StrategySignals(event.asOf(), event.allocation(), event.strategies(), event.rebalanceThreshold());
  }
}
