package io.alchemiser.shared;

public enum OrderSide {
  BUY, SELL;

  public String wire() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
