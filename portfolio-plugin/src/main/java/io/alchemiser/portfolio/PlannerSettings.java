package io.alchemiser.portfolio;

import io.alchemiser.shared.config.ConfigException;
import io.alchemiser.shared.config.ConfigReader;
import io.alchemiser.shared.event.ErrorCodes;
import io.alchemiser.shared.event.WorkflowException;
import io.alchemiser.shared.trading.RebalancePlan;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * How plans are made: dollars kept in cash, the smallest trade worth making, whole or fractional
 * shares, and the drift (fraction of equity) under which a position is left alone; and the most of
 * the account a plan that trades may turn over (sells plus buys, a fraction of equity; null: no limit).
 */
record PlannerSettings(BigDecimal cashReserve, BigDecimal minTradeValue, boolean fractionalShares, BigDecimal driftThreshold,
                       BigDecimal maxTurnover) {

  static PlannerSettings from(ConfigReader section) {
    BigDecimal maxTurnover = section.nonNegativeDecimal("maxTurnover", null);
    if (maxTurnover != null && maxTurnover.signum() == 0) {
      throw new ConfigException(section.key("maxTurnover"), "must be above 0 (a fraction of equity: 2 allows a full rotation); "
          + "leave it unset for no limit");
    }
    return new PlannerSettings(
        section.nonNegativeDecimal("cashReserve", BigDecimal.ZERO),
        section.nonNegativeDecimal("minTradeValue", BigDecimal.ONE),
        section.bool("fractionalShares", true),
        section.nonNegativeDecimal("driftThreshold", BigDecimal.ZERO),
        maxTurnover);
  }

  /**
   * The plan, when it trades no more than {@link #maxTurnover} of its equity; otherwise the workflow
   * fails before any order is placed. A guard against a strategy or data gone wrong: a plan that sells
   * everything and buys it back elsewhere turns over 2.
   */
  RebalancePlan withinTurnover(RebalancePlan plan) {
    if (maxTurnover == null || plan.equity().signum() <= 0) {
      return plan;
    }
    BigDecimal traded = plan.totalSellValue().add(plan.totalBuyValue());
    if (traded.compareTo(maxTurnover.multiply(plan.equity())) <= 0) {
      return plan;
    }
    BigDecimal turnover = traded.divide(plan.equity(), 4, RoundingMode.UP);
    throw new WorkflowException(ErrorCodes.RISK_LIMIT, "the plan would trade $" + traded.setScale(2, RoundingMode.HALF_UP).toPlainString()
        + " (sells $" + plan.totalSellValue().setScale(2, RoundingMode.HALF_UP).toPlainString() + ", buys $"
        + plan.totalBuyValue().setScale(2, RoundingMode.HALF_UP).toPlainString() + "), " + turnover.stripTrailingZeros().toPlainString()
        + " of the account's equity $" + plan.equity().setScale(2, RoundingMode.HALF_UP).toPlainString()
        + ", over portfolio.maxTurnover " + maxTurnover.stripTrailingZeros().toPlainString()
        + ": no order was placed (a dry run shows the plan)");
  }
}
