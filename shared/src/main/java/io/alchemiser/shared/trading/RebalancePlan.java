package io.alchemiser.shared.trading;

import java.math.BigDecimal;
import java.util.List;

/** The portfolio module's plan: one line per symbol held or targeted, sells listed before buys. */
public record RebalancePlan(
    BigDecimal equity,
    BigDecimal cash,
    BigDecimal cashReserve,
    BigDecimal totalSellValue,
    BigDecimal totalBuyValue,
    List<PlannedTrade> trades) {

  public RebalancePlan {
    Validation.require(equity, "plan.equity");
    Validation.require(cash, "plan.cash");
    Validation.nonNegative(cashReserve, "plan.cashReserve");
    Validation.nonNegative(totalSellValue, "plan.totalSellValue");
    Validation.nonNegative(totalBuyValue, "plan.totalBuyValue");
    trades = List.copyOf(Validation.require(trades, "plan.trades"));
  }

  public List<PlannedTrade> sells() {
    return trades.stream().filter(t -> t.action() == TradeAction.SELL).toList();
  }

  public List<PlannedTrade> buys() {
    return trades.stream().filter(t -> t.action() == TradeAction.BUY).toList();
  }
}
