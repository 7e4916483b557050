package io.alchemiser.shared;

/** What the plan does with one symbol. */
public enum TradeAction {
  BUY, SELL, HOLD
}
