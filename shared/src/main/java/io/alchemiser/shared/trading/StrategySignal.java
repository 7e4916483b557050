package io.alchemiser.shared.trading;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One strategy's contribution: its name, its weight in the portfolio, the allocation it asks for
 * (symbol → weight, summing to 1) and the decision trace that led there. {@code holding} is null
 * when the strategy's rebalance period begins (always, for a daily one); otherwise it says whose
 * allocation it holds and until when, and the allocation is the one it holds. A workflow in which
 * every strategy holds places no orders.
 */
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

  /**
   * As strict as every other record (no field defaulted) but for {@code holding}, which a strategy
   * that rebalances leaves out: the JSON of such a signal is what it was before frequencies.
   */
  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  static StrategySignal fromJson(Map<String, Object> fields) {
    for (String required : List.of("name", "weight", "allocation", "trace")) {
      if (!fields.containsKey(required)) {
        throw new IllegalArgumentException("strategies[]." + required + " is missing");
      }
    }
    Map<String, BigDecimal> allocation = new LinkedHashMap<>();
    if (!(fields.get("allocation") instanceof Map<?, ?> weights)) {
      throw new IllegalArgumentException("strategies[].allocation must be an object");
    }
    weights.forEach((symbol, value) -> allocation.put(String.valueOf(symbol), decimal(value, "strategies[].allocation." + symbol)));
    Object trace = fields.get("trace");
    if (trace != null && !(trace instanceof List<?>)) {
      throw new IllegalArgumentException("strategies[].trace must be an array");
    }
    List<String> lines = trace == null ? List.of() : ((List<?>) trace).stream().map(String::valueOf).toList();
    Object holding = fields.get("holding");
    return new StrategySignal(text(fields.get("name"), "strategies[].name"), decimal(fields.get("weight"), "strategies[].weight"),
        allocation, lines, holding == null ? null : text(holding, "strategies[].holding"));
  }

  private static BigDecimal decimal(Object value, String where) {
    if (value instanceof BigDecimal d) {
      return d;
    }
    if (value instanceof Number || value instanceof String) {
      try {
        return new BigDecimal(value.toString());
      } catch (NumberFormatException e) {
        // reported below
      }
    }
    throw new IllegalArgumentException(where + " must be a number, was " + value);
  }

  private static String text(Object value, String where) {
    if (value instanceof String s) {
      return s;
    }
    throw new IllegalArgumentException(where + " must be a string, was " + value);
  }
}
