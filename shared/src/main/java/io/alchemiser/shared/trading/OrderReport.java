package io.alchemiser.shared.trading;

import java.math.BigDecimal;

/**
 * One order as the broker reports it. {@code fillPrice} is the average fill price (null when
 * nothing filled); {@code reason} explains a rejection.
 */
public record OrderReport(
    String symbol,
    OrderSide side,
    BigDecimal requestedQuantity,
    BigDecimal filledQuantity,
    BigDecimal fillPrice,
    OrderStatus status,
    String brokerOrderId,
    String clientOrderId,
    String reason) {

  public OrderReport {
    Validation.require(symbol, "order.symbol");
    Validation.require(side, "order.side");
    Validation.nonNegative(requestedQuantity, "order.requestedQuantity");
    Validation.nonNegative(filledQuantity, "order.filledQuantity");
    Validation.require(status, "order.status");
    Validation.require(clientOrderId, "order.clientOrderId");
  }

  /** Filled quantity × average price; zero when nothing filled. */
  public BigDecimal tradedValue() {
    return fillPrice == null ? BigDecimal.ZERO : filledQuantity.multiply(fillPrice);
  }
}
