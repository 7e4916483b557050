package io.alchemiser.shared.trading;

/** What the plan does with one symbol. */
public enum TradeAction {
  BUY, SELL, HOLD
}
