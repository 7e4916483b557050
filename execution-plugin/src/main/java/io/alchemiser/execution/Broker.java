package io.alchemiser.execution;

import io.alchemiser.shared.trading.OrderReport;
import io.alchemiser.shared.trading.OrderSide;
import io.vertx.core.Future;
import java.math.BigDecimal;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the execution module needs of a broker. Orders are market orders for the day, identified by
 * a client order id that the broker keeps unique: submitting an id it already has returns that
 * order instead of placing a second one.
 */
interface Broker {

  /** Short name for logs and config: paper, alpaca. */
  String name();

  /** A broker where real orders meet a real market, so market hours matter. */
  boolean live();

  /**
   * Which account this broker trades, stable across processes and nodes that trade the same one
   * ({@code paper:<directory>}, {@code alpaca:<account number>}): the key of the account's lease.
   */
  Future<String> accountId();

  /**
   * Cash, buying power, equity, positions, the current price of every position and of {@code
   * symbols}, and which of them trade in whole shares only. Fails when the broker does not trade one
   * of {@code symbols}.
   */
  Future<Account> account(Collection<String> symbols);

  Future<Clock> clock();

  Future<Optional<BrokerOrder>> orderByClientOrderId(String clientOrderId);

  /**
   * Submits (or, for a known client order id, finds) a market order; it may not be done yet. An
   * order the broker refuses comes back as a done, rejected order with the broker's reason.
   */
  Future<BrokerOrder> submitMarketOrder(String symbol, OrderSide side, BigDecimal quantity, String clientOrderId);

  /** The order as the broker sees it now. */
  Future<BrokerOrder> order(String brokerOrderId);

  /** Asks the broker to cancel what is left of an order. */
  Future<Void> cancel(String brokerOrderId);

  /**
   * {@code wholeShares}: the symbols of the account and of the request that this broker trades in
   * whole shares only (an order for a fraction of one is refused).
   */
  record Account(BigDecimal cash, BigDecimal buyingPower, BigDecimal equity, Map<String, BigDecimal> positions,
                 Map<String, BigDecimal> prices, Set<String> wholeShares) {
    Account(BigDecimal cash, BigDecimal buyingPower, BigDecimal equity, Map<String, BigDecimal> positions, Map<String, BigDecimal> prices) {
      this(cash, buyingPower, equity, positions, prices, Set.of());
    }
  }

  record Clock(boolean open, String nextOpen) {
  }

  /** An order and whether it has reached a state that will not change any more. */
  record BrokerOrder(OrderReport report, boolean done) {
  }
}
