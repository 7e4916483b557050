package io.alchemiser.shared.trading;

/** The state an order ended in, as far as one workflow saw it. */
public enum OrderStatus {
  FILLED, PARTIALLY_FILLED, REJECTED, CANCELED, EXPIRED, PENDING;

  public boolean isSuccess() {
    return this == FILLED || this == PARTIALLY_FILLED;
  }
}
