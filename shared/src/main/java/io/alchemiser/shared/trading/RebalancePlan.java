package io.alchemiser.shared.trading;

import java.math.BigDecimal;
import java.util.List;

/**
 * The portfolio module's plan: one line per symbol held or targeted, sells listed before buys.
 * {@code holdReason}, when set, says why every line holds: no strategy's rebalance period began.
 */
@com.fasterxml.jackson.databind.annotation.JsonDeserialize(using = RebalancePlanReader.class)
public record RebalancePlan(
    BigDecimal equity,
    BigDecimal cash,
    BigDecimal cashReserve,
    BigDecimal totalSellValue,
    BigDecimal totalBuyValue,
    List<PlannedTrade> trades,
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL) String holdReason) {

  public RebalancePlan {
    Validation.require(equity, "plan.equity");
    Validation.require(cash, "plan.cash");
    Validation.nonNegative(cashReserve, "plan.cashReserve");
    Validation.nonNegative(totalSellValue, "plan.totalSellValue");
    Validation.nonNegative(totalBuyValue, "plan.totalBuyValue");
    trades = List.copyOf(Validation.require(trades, "plan.trades"));
  }

  /** A plan that trades (or holds under the thresholds) as the targets ask. */
  public RebalancePlan(BigDecimal equity, BigDecimal cash, BigDecimal cashReserve, BigDecimal totalSellValue, BigDecimal totalBuyValue,
                       List<PlannedTrade> trades) {
    this(equity, cash, cashReserve, totalSellValue, totalBuyValue, trades, null);
  }

  public List<PlannedTrade> sells() {
    return trades.stream().filter(t -> t.action() == TradeAction.SELL).toList();
  }

  public List<PlannedTrade> buys() {
    return trades.stream().filter(t -> t.action() == TradeAction.BUY).toList();
  }
}
