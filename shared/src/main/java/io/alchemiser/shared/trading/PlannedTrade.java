package io.alchemiser.shared.trading;

import java.math.BigDecimal;

/**
 * One line of a rebalance plan. Values are in account currency; {@code tradeValue} is signed
 * (negative sells) and {@code quantity} is the unsigned number of shares to trade.
 */
public record PlannedTrade(
    String symbol,
    BigDecimal price,
    BigDecimal currentQuantity,
    BigDecimal currentValue,
    BigDecimal currentWeight,
    BigDecimal targetWeight,
    BigDecimal targetValue,
    BigDecimal tradeValue,
    BigDecimal quantity,
    TradeAction action) {

  public PlannedTrade {
    Validation.require(symbol, "plan.trades[].symbol");
    Validation.nonNegative(price, "plan.trades[" + symbol + "].price");
    Validation.nonNegative(currentQuantity, "plan.trades[" + symbol + "].currentQuantity");
    Validation.require(currentValue, "plan.trades[" + symbol + "].currentValue");
    Validation.require(currentWeight, "plan.trades[" + symbol + "].currentWeight");
    Validation.nonNegative(targetWeight, "plan.trades[" + symbol + "].targetWeight");
    Validation.require(targetValue, "plan.trades[" + symbol + "].targetValue");
    Validation.require(tradeValue, "plan.trades[" + symbol + "].tradeValue");
    Validation.nonNegative(quantity, "plan.trades[" + symbol + "].quantity");
    Validation.require(action, "plan.trades[" + symbol + "].action");
  }
}
