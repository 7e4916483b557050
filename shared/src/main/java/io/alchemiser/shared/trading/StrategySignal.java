package io.alchemiser.shared.trading;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * One strategy's contribution: its name, its weight in the portfolio, the allocation it asks for
 * (symbol → weight, summing to 1) and the decision trace that led there. {@code holding} is null
 * when the strategy's rebalance period begins (always, for a daily one); otherwise it says whose
 * allocation it holds and until when, and the allocation is the one it holds. A workflow in which
 * every strategy holds places no orders.
 */
@com.fasterxml.jackson.databind.annotation.JsonDeserialize(using = StrategySignalReader.class)
public record StrategySignal(String name, BigDecimal weight, Map<String, BigDecimal> allocation, List<String> trace,
                             @JsonInclude(JsonInclude.Include.NON_NULL) String holding) {
  public StrategySignal {
    Validation.require(name, "strategies[].name");
    Validation.nonNegative(weight, "strategies[].weight");
    allocation = Allocations.validated(allocation, "strategies[" + name + "].allocation");
    trace = trace == null ? List.of() : List.copyOf(trace);
  }

  /** A strategy that rebalances today. */
  public StrategySignal(String name, BigDecimal weight, Map<String, BigDecimal> allocation, List<String> trace) {
    this(name, weight, allocation, trace, null);
  }
}
