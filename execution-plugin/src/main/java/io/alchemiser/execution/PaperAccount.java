package io.alchemiser.execution;

import io.alchemiser.shared.trading.OrderReport;
import io.alchemiser.shared.trading.OrderSide;
import io.alchemiser.shared.trading.OrderStatus;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The paper broker's durable state: cash, positions and every order ever placed. */
record PaperAccount(int version, BigDecimal cash, Map<String, BigDecimal> positions, List<Order> orders) {
  static final int VERSION = 1;

  PaperAccount {
    if (cash == null || positions == null || orders == null) {
      throw new IllegalArgumentException("cash, positions and orders are required");
    }
  }

  record Order(String brokerOrderId, String clientOrderId, String symbol, OrderSide side, BigDecimal quantity,
               BigDecimal filledQuantity, BigDecimal fillPrice, OrderStatus status, String reason, Instant submittedAt) {

    OrderReport report() {
      return new OrderReport(symbol, side, quantity, filledQuantity, fillPrice, status, brokerOrderId, clientOrderId, reason);
    }
  }
}
