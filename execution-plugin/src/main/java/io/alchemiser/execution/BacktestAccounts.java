package io.alchemiser.execution;

import io.alchemiser.shared.backtest.BacktestSpec;
import io.alchemiser.shared.cluster.ClusterMap;
import io.alchemiser.shared.event.ErrorCodes;
import io.alchemiser.shared.trading.OrderReport;
import io.alchemiser.shared.trading.OrderSide;
import io.alchemiser.shared.trading.OrderStatus;
import io.alchemiser.shared.event.Simulation;
import io.alchemiser.shared.event.WorkflowException;
import io.vertx.core.Future;
import java.math.BigDecimal;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The scratch paper accounts of running backtests, one per backtest, in memory: shared by the
 * account verticle (which answers the planner) and the execution verticle (which places the
 * orders), so it is thread-safe. Orders fill at once at the simulated day's close, moved by the
 * slippage (up for buys, down for sells); the fee is charged to cash on the filled value. Cash and
 * quantities stay exact. There is no buying-power check: a day's fees and slippage may leave cash
 * a little below zero, which the next day's rebalance settles.
 */
final class BacktestAccounts {
  private static final BigDecimal BPS = BigDecimal.valueOf(10_000);
  /** Which execution module holds each running backtest's account (shared by every node of a cluster). */
  private final Map<String, Scratch> accounts = new ConcurrentHashMap<>();
  private final String owner = "execution-" + java.util.UUID.randomUUID();

  /**
   * The backtest's account as a broker on the given day. An account lives in one execution module;
   * the first to touch a backtest claims it cluster-wide, and another replica that is handed one of
   * its days fails that day, saying so, rather than trade on an account of its own.
   */
  io.vertx.core.Future<Broker> on(io.vertx.core.Vertx vertx, BacktestSpec spec, Simulation day) {
    if (!spec.id().equals(day.backtestId())) {
      return io.vertx.core.Future.failedFuture(new IllegalArgumentException(
          "simulation of backtest " + day.backtestId() + " on the account of " + spec.id()));
    }
    Scratch known = accounts.get(spec.id());
    if (known != null) {
      return io.vertx.core.Future.succeededFuture(new DayBroker(known, day));
    }
    return ClusterMap.BACKTEST_ACCOUNTS.<String, String>open(vertx)
        .compose(map -> map.putIfAbsent(spec.id(), owner, java.time.Duration.ofHours(24).toMillis()))
        .compose(previous -> {
          if (previous != null && !previous.equals(owner)) {
            return io.vertx.core.Future.failedFuture(new WorkflowException(ErrorCodes.BACKTEST_ERROR, "backtest " + spec.id()
                + " trades on a scratch account held by another execution module; with several execution replicas, "
                + "run backtests with the backtest command (or where one execution module runs)"));
          }
          return io.vertx.core.Future.<Broker>succeededFuture(new DayBroker(accounts.computeIfAbsent(spec.id(), id -> new Scratch(spec)), day));
        });
  }

  void forget(io.vertx.core.Vertx vertx, String backtestId) {
    if (accounts.remove(backtestId) != null) {
      ClusterMap.BACKTEST_ACCOUNTS.<String, String>open(vertx).compose(map -> map.remove(backtestId));
    }
  }

  private static final class Scratch {
    private final BigDecimal slippage;
    private final BigDecimal fee;
    private BigDecimal cash;
    private final Map<String, BigDecimal> positions = new TreeMap<>();
    /** The orders of the day being simulated only: client order ids are per workflow, and a workflow is one day. */
    private final Map<String, OrderReport> orders = new HashMap<>();
    private java.time.LocalDate ordersOf;

    Scratch(BacktestSpec spec) {
      this.slippage = spec.slippageBps().divide(BPS);
      this.fee = spec.feeBps().divide(BPS);
      this.cash = spec.cash();
    }

    synchronized Broker.Account snapshot(Simulation day, Collection<String> symbols) {
      TreeSet<String> all = new TreeSet<>(symbols);
      all.addAll(positions.keySet());
      Map<String, BigDecimal> prices = new TreeMap<>();
      BigDecimal equity = cash;
      for (String symbol : all) {
        BigDecimal price = price(day, symbol);
        prices.put(symbol, price);
        equity = equity.add(positions.getOrDefault(symbol, BigDecimal.ZERO).multiply(price));
      }
      return new Broker.Account(cash, cash, equity, new TreeMap<>(positions), prices);
    }

    synchronized Optional<OrderReport> order(Simulation day, String clientOrderId) {
      return day.date().equals(ordersOf) ? Optional.ofNullable(orders.get(clientOrderId)) : Optional.empty();
    }

    synchronized OrderReport fill(Simulation day, String symbol, OrderSide side, BigDecimal quantity, String clientOrderId) {
      if (!day.date().equals(ordersOf)) {
        orders.clear();
        ordersOf = day.date();
      }
      OrderReport known = orders.get(clientOrderId);
      if (known != null) {
        return known;
      }
      BigDecimal close = price(day, symbol);
      BigDecimal held = positions.getOrDefault(symbol, BigDecimal.ZERO);
      String brokerOrderId = clientOrderId;
      OrderReport report;
      if (side == OrderSide.SELL && quantity.compareTo(held) > 0) {
        report = new OrderReport(symbol, side, quantity, BigDecimal.ZERO, null, OrderStatus.REJECTED, brokerOrderId, clientOrderId,
            "cannot sell " + quantity.toPlainString() + " " + symbol + ": position is " + held.toPlainString());
      } else {
        BigDecimal price = side == OrderSide.BUY ? close.multiply(BigDecimal.ONE.add(slippage)) : close.multiply(BigDecimal.ONE.subtract(slippage));
        BigDecimal value = quantity.multiply(price);
        BigDecimal charged = value.multiply(fee);
        if (side == OrderSide.BUY) {
          cash = cash.subtract(value).subtract(charged);
          positions.put(symbol, held.add(quantity));
        } else {
          cash = cash.add(value).subtract(charged);
          BigDecimal left = held.subtract(quantity);
          if (left.signum() == 0) {
            positions.remove(symbol);
          } else {
            positions.put(symbol, left);
          }
        }
        report = new OrderReport(symbol, side, quantity, quantity, price.stripTrailingZeros(), OrderStatus.FILLED, brokerOrderId,
            clientOrderId, null);
      }
      orders.put(clientOrderId, report);
      return report;
    }

    private static BigDecimal price(Simulation day, String symbol) {
      BigDecimal price = day.prices().get(symbol);
      if (price == null) {
        throw new WorkflowException(ErrorCodes.BACKTEST_ERROR, "no close for " + symbol + " on " + day.date() + " in the simulated day");
      }
      return price;
    }
  }

  /** One account on one simulated day, seen through the broker interface the execution module uses. */
  private record DayBroker(Scratch account, Simulation day) implements Broker {
    @Override
    public String name() {
      return "backtest";
    }

    @Override
    public boolean live() {
      return false;
    }

    @Override
    public Future<String> accountId() {
      return Future.succeededFuture("backtest:" + day.backtestId());
    }

    @Override
    public Future<Account> account(Collection<String> symbols) {
      try {
        return Future.succeededFuture(account.snapshot(day, symbols));
      } catch (WorkflowException e) {
        return Future.failedFuture(e);
      }
    }

    @Override
    public Future<Clock> clock() {
      return Future.succeededFuture(new Clock(true, null));
    }

    @Override
    public Future<Optional<BrokerOrder>> orderByClientOrderId(String clientOrderId) {
      return Future.succeededFuture(account.order(day, clientOrderId).map(report -> new BrokerOrder(report, true)));
    }

    @Override
    public Future<BrokerOrder> submitMarketOrder(String symbol, OrderSide side, BigDecimal quantity, String clientOrderId) {
      if (quantity.signum() <= 0) {
        return Future.failedFuture(new WorkflowException(ErrorCodes.EXECUTION_ERROR,
            "order " + clientOrderId + ": quantity must be positive, was " + quantity.toPlainString()));
      }
      try {
        return Future.succeededFuture(new BrokerOrder(account.fill(day, symbol, side, quantity, clientOrderId), true));
      } catch (WorkflowException e) {
        return Future.failedFuture(e);
      }
    }

    @Override
    public Future<BrokerOrder> order(String brokerOrderId) {
      return account.order(day, brokerOrderId).map(report -> Future.succeededFuture(new BrokerOrder(report, true)))
          .orElseGet(() -> Future.failedFuture(new WorkflowException(ErrorCodes.BROKER_ERROR, "no order " + brokerOrderId + " on " + day.date())));
    }

    @Override
    public Future<Void> cancel(String brokerOrderId) {
      return Future.succeededFuture();
    }
  }
}
