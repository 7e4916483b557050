package io.alchemiser.shared.trading;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/** The signal part of a workflow's result: what a SignalGenerated event said, without its metadata. */
public record StrategySignals(
    LocalDate asOf, Map<String, BigDecimal> allocation, List<StrategySignal> strategies, BigDecimal rebalanceThreshold) {
}
