package io.alchemiser.shared.event;

import io.alchemiser.shared.trading.Allocations;
import io.alchemiser.shared.trading.StrategySignal;
import io.alchemiser.shared.trading.Validation;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * The strategy module's answer: the consolidated target allocation, each strategy's signal, and
 * the date of the data it was computed on. {@code rebalanceThreshold} is the drift (a fraction)
 * below which no trade is made, when a strategy sets one.
 */
public record SignalGenerated(
    EventMetadata metadata,
    Map<String, BigDecimal> allocation,
    List<StrategySignal> strategies,
    LocalDate asOf,
    BigDecimal rebalanceThreshold,
    boolean dryRun,
    Simulation simulation) implements WorkflowEvent {

  public SignalGenerated {
    Validation.require(metadata, "metadata");
    allocation = Allocations.validated(allocation, "allocation");
    strategies = List.copyOf(Validation.require(strategies, "strategies"));
    Validation.require(asOf, "asOf");
    if (rebalanceThreshold != null) {
      Validation.nonNegative(rebalanceThreshold, "rebalanceThreshold");
    }
  }

  /** A signal of a live workflow. */
  public SignalGenerated(EventMetadata metadata, Map<String, BigDecimal> allocation, List<StrategySignal> strategies,
                         LocalDate asOf, BigDecimal rebalanceThreshold, boolean dryRun) {
    this(metadata, allocation, strategies, asOf, rebalanceThreshold, dryRun, null);
  }

  /** What this signal says, without its metadata: the signal part of a workflow's result. */
  public io.alchemiser.shared.trading.StrategySignals strategySignals() {
    return new io.alchemiser.shared.trading.StrategySignals(asOf, allocation, strategies, rebalanceThreshold);
  }
}
