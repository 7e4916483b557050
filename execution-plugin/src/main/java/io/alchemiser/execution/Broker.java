package io.alchemiser.execution;

import io.alchemiser.shared.OrderReport;
import io.alchemiser.shared.OrderSide;
import io.vertx.core.Future;
import java.math.BigDecimal;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/** What the execution module needs of a broker. Orders are idempotent on their client order id. */
interface Broker {

  /** Cash, equity, positions, and the current price of every position and of {@code symbols}. */
  Future<Account> account(Collection<String> symbols);

  /**
   * Places a market order, or returns the order already placed under {@code clientOrderId}: an
   * order is never placed twice.
   */
  Future<OrderReport> placeMarketOrder(String symbol, OrderSide side, BigDecimal quantity, String clientOrderId);

  Future<Optional<OrderReport>> orderByClientOrderId(String clientOrderId);

  record Account(BigDecimal cash, BigDecimal equity, Map<String, BigDecimal> positions, Map<String, BigDecimal> prices) {
  }
}
