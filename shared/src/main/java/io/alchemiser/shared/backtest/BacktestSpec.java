package io.alchemiser.shared.backtest;

import io.alchemiser.shared.event.CorrelationIds;
import io.alchemiser.shared.trading.Validation;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * What a backtest simulates: the strategies (their source text, so any node can compile them), the
 * date range, the starting cash and the trading costs. Fees and slippage are in basis points of the
 * traded value; {@code threshold} is the planner's drift threshold (0: every position is traded to
 * its exact target every day).
 */
public record BacktestSpec(
    String id,
    List<Strategy> strategies,
    LocalDate from,
    LocalDate to,
    BigDecimal cash,
    BigDecimal threshold,
    BigDecimal feeBps,
    BigDecimal slippageBps,
    BigDecimal cashReserve) {

  /** One symphony: where it came from (for messages), its text, and its weight in the portfolio. */
  public record Strategy(String file, String source, BigDecimal weight) {
    public Strategy {
      Validation.require(file, "strategies.file");
      Validation.require(source, "strategies.source");
      Validation.nonNegative(weight, "strategies.weight");
    }
  }

  public BacktestSpec {
    Validation.require(id, "id");
    CorrelationIds.validate(id);
    strategies = List.copyOf(Validation.require(strategies, "strategies"));
    if (strategies.isEmpty()) {
      throw new IllegalArgumentException("a backtest needs at least one strategy");
    }
    BigDecimal total = strategies.stream().map(Strategy::weight).reduce(BigDecimal.ZERO, BigDecimal::add);
    if (total.subtract(BigDecimal.ONE).abs().compareTo(new BigDecimal("1e-9")) > 0) {
      throw new IllegalArgumentException("strategy weights must sum to 1, they sum to " + total.toPlainString());
    }
    Validation.require(from, "from");
    Validation.require(to, "to");
    if (to.isBefore(from)) {
      throw new IllegalArgumentException("the range is empty: 'to' (" + to + ") is before 'from' (" + from + ")");
    }
    Validation.require(cash, "cash");
    if (cash.signum() <= 0) {
      throw new IllegalArgumentException("cash must be positive, was " + cash.toPlainString());
    }
    Validation.nonNegative(threshold, "threshold");
    if (threshold.compareTo(BigDecimal.ONE) > 0) {
      throw new IllegalArgumentException("threshold is a fraction of equity between 0 and 1, was " + threshold.toPlainString());
    }
    Validation.nonNegative(feeBps, "feeBps");
    Validation.nonNegative(slippageBps, "slippageBps");
    if (feeBps.compareTo(BigDecimal.valueOf(10_000)) >= 0 || slippageBps.compareTo(BigDecimal.valueOf(10_000)) >= 0) {
      throw new IllegalArgumentException("feeBps and slippageBps must be under 10000 (100%)");
    }
    Validation.nonNegative(cashReserve, "cashReserve");
    if (cashReserve.compareTo(cash) >= 0) {
      throw new IllegalArgumentException("cashReserve (" + cashReserve.toPlainString() + ") leaves nothing of the cash to invest");
    }
  }

  /** The correlation id of the workflow that simulates {@code date}. */
  public String workflowId(LocalDate date) {
    return workflowId(id, date);
  }

  public static String workflowId(String backtestId, LocalDate date) {
    return BacktestSpecs.workflowPrefix(backtestId) + date;
  }
}
