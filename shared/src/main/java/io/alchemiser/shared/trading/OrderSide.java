package io.alchemiser.shared.trading;

public enum OrderSide {
  BUY, SELL;

  public String wire() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
