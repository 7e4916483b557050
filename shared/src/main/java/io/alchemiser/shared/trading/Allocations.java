package io.alchemiser.shared.trading;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** Target allocations: symbol → weight, every weight in [0, 1], summing to 1. */
public final class Allocations {
  /** Weights are sums of products of fractions; a sum this close to 1 is 1. */
  public static final BigDecimal SUM_TOLERANCE = new BigDecimal("1e-9");
  private static final Pattern SYMBOL = Pattern.compile("[A-Z0-9][A-Z0-9.\\-]{0,14}");

  private Allocations() {
  }

  /** A valid, symbol-sorted, unmodifiable copy, or an error naming {@code where} and what is wrong. */
  public static Map<String, BigDecimal> validated(Map<String, BigDecimal> allocation, String where) {
    if (allocation == null || allocation.isEmpty()) {
      throw new IllegalArgumentException(where + " is empty");
    }
    BigDecimal sum = BigDecimal.ZERO;
    Map<String, BigDecimal> sorted = new TreeMap<>();
    for (Map.Entry<String, BigDecimal> entry : allocation.entrySet()) {
      String symbol = entry.getKey();
      BigDecimal weight = entry.getValue();
      if (symbol == null || !SYMBOL.matcher(symbol).matches()) {
        throw new IllegalArgumentException(where + ": '" + symbol + "' is not a ticker symbol (A-Z, 0-9, '.', '-')");
      }
      if (weight == null || weight.signum() < 0 || weight.compareTo(BigDecimal.ONE) > 0) {
        throw new IllegalArgumentException(where + ": weight of " + symbol + " must be within [0, 1], was " + weight);
      }
      sorted.put(symbol, weight);
      sum = sum.add(weight);
    }
    if (sum.subtract(BigDecimal.ONE).abs().compareTo(SUM_TOLERANCE) > 0) {
      throw new IllegalArgumentException(where + ": weights sum to " + sum.toPlainString() + ", not 1");
    }
    return Collections.unmodifiableMap(new LinkedHashMap<>(sorted));
  }

  /** Σ weight_i × allocation_i over strategies, in exact decimal arithmetic. */
  public static Map<String, BigDecimal> consolidate(Iterable<StrategySignal> signals) {
    Map<String, BigDecimal> total = new TreeMap<>();
    for (StrategySignal signal : signals) {
      signal.allocation().forEach((symbol, weight) ->
          total.merge(symbol, weight.multiply(signal.weight(), MathContext.DECIMAL128), BigDecimal::add));
    }
    total.replaceAll((symbol, weight) -> weight.stripTrailingZeros());
    return total;
  }
}
