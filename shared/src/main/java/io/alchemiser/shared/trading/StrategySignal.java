package io.alchemiser.shared.trading;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * One strategy's contribution: its name, its weight in the portfolio, the allocation it asks for
 * (symbol → weight, summing to 1) and the decision trace that led there.
 */
public record StrategySignal(String name, BigDecimal weight, Map<String, BigDecimal> allocation, List<String> trace) {
  public StrategySignal {
    Validation.require(name, "strategies[].name");
    Validation.nonNegative(weight, "strategies[].weight");
    allocation = Allocations.validated(allocation, "strategies[" + name + "].allocation");
    trace = trace == null ? List.of() : List.copyOf(trace);
  }
}
