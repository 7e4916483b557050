package io.alchemiser.orchestrator.backtest;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;

/** The portfolio weights of n strategies: as given (checked), or equal. */
public final class StrategyWeights {
  private StrategyWeights() {
  }

  /** {@code given} null: equal weights; otherwise n non-negative weights summing to 1, or an IllegalArgumentException. */
  public static List<BigDecimal> resolve(List<BigDecimal> given, int n) {
    if (given == null) {
      List<BigDecimal> equal = new ArrayList<>();
      BigDecimal each = BigDecimal.ONE.divide(BigDecimal.valueOf(n), MathContext.DECIMAL64);
      for (int i = 0; i < n; i++) {
        // The last takes the rounding so the weights sum to exactly 1.
        equal.add(i < n - 1 ? each : BigDecimal.ONE.subtract(each.multiply(BigDecimal.valueOf(n - 1))));
      }
      return equal;
    }
    if (given.size() != n) {
      throw new IllegalArgumentException("--weights has " + given.size() + " values for " + n + " strategies");
    }
    BigDecimal sum = given.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
    if (given.stream().anyMatch(w -> w.signum() < 0) || sum.subtract(BigDecimal.ONE).abs().compareTo(new BigDecimal("1e-9")) > 0) {
      throw new IllegalArgumentException("--weights must be non-negative and sum to 1, they sum to " + sum.toPlainString());
    }
    return given;
  }
}
