package io.alchemiser.execution;

import io.alchemiser.shared.marketdata.Bar;
import io.alchemiser.shared.event.ErrorCodes;
import io.alchemiser.shared.json.Json;
import io.alchemiser.shared.json.JsonFiles;
import io.alchemiser.shared.marketdata.MarketDataProvider;
import io.alchemiser.shared.trading.OrderSide;
import io.alchemiser.shared.trading.OrderStatus;
import io.alchemiser.shared.event.WorkflowException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The embedded paper broker: market orders fill at once at the latest close of the market data
 * provider, moved against the trader by the configured slippage. The account is written to
 * {@code account.json} under its directory after every order, through a temporary file, fsync and
 * an atomic rename, so a crash in the middle of a write leaves the previous account intact.
 */
final class PaperBroker implements Broker {
  static final String FILE = "account.json";
  private static final BigDecimal BPS = new BigDecimal("10000");

  record Settings(Path dir, BigDecimal startingCash, BigDecimal slippageBps) {
  }

  private final Vertx vertx;
  private final Settings settings;
  private final MarketDataProvider marketData;
  private final Object lock = new Object();
  private PaperAccount account;
  private final Map<String, PaperAccount.Order> byClientOrderId = new LinkedHashMap<>();

  PaperBroker(Vertx vertx, Settings settings, MarketDataProvider marketData) {
    this.vertx = vertx;
    this.settings = settings;
    this.marketData = marketData;
  }

  @Override
  public String name() {
    return "paper";
  }

  @Override
  public boolean live() {
    return false;
  }

  @Override
  public Future<String> accountId() {
    return Future.succeededFuture("paper:" + settings.dir().toAbsolutePath().normalize());
  }

  @Override
  public Future<Clock> clock() {
    return Future.succeededFuture(new Clock(true, null));
  }

  @Override
  public Future<BrokerOrder> order(String brokerOrderId) {
    return vertx.executeBlocking(() -> {
      synchronized (lock) {
        return loaded().orders().stream().filter(o -> o.brokerOrderId().equals(brokerOrderId)).findFirst()
            .map(o -> new BrokerOrder(o.report(), true))
            .orElseThrow(() -> new WorkflowException(ErrorCodes.BROKER_ERROR, "the paper broker has no order " + brokerOrderId));
      }
    }, false);
  }

  /** Paper orders fill at once; there is never anything left to cancel. */
  @Override
  public Future<Void> cancel(String brokerOrderId) {
    return Future.succeededFuture();
  }

  @Override
  public Future<Account> account(Collection<String> symbols) {
    return vertx.executeBlocking(() -> {
      synchronized (lock) {
        return loaded();
      }
    }, false).compose(state -> {
      TreeSet<String> all = new TreeSet<>(symbols);
      all.addAll(state.positions().keySet());
      return prices(all).map(prices -> {
        BigDecimal equity = state.cash();
        for (Map.Entry<String, BigDecimal> position : state.positions().entrySet()) {
          equity = equity.add(position.getValue().multiply(prices.get(position.getKey())));
        }
        return new Account(state.cash(), state.cash(), equity.setScale(2, RoundingMode.HALF_EVEN), state.positions(), prices);
      });
    });
  }

  @Override
  public Future<BrokerOrder> submitMarketOrder(String symbol, OrderSide side, BigDecimal quantity, String clientOrderId) {
    if (quantity.signum() <= 0) {
      return Future.<BrokerOrder>failedFuture(new WorkflowException(ErrorCodes.EXECUTION_ERROR,
          "order " + clientOrderId + ": quantity must be positive, was " + quantity.toPlainString()));
    }
    return marketData.latestBar(symbol).compose(bar -> vertx.executeBlocking(() -> {
      synchronized (lock) {
        loaded();
        PaperAccount.Order existing = byClientOrderId.get(clientOrderId);
        if (existing != null) {
          return new BrokerOrder(existing.report(), true);
        }
        PaperAccount.Order order = fill(symbol, side, quantity, clientOrderId, bar);
        save(apply(order));
        return new BrokerOrder(order.report(), true);
      }
    }, false));
  }

  @Override
  public Future<Optional<BrokerOrder>> orderByClientOrderId(String clientOrderId) {
    return vertx.executeBlocking(() -> {
      synchronized (lock) {
        loaded();
        return Optional.ofNullable(byClientOrderId.get(clientOrderId)).map(o -> new BrokerOrder(o.report(), true));
      }
    }, false);
  }

  private PaperAccount.Order fill(String symbol, OrderSide side, BigDecimal quantity, String clientOrderId, Bar bar) {
    BigDecimal slip = settings.slippageBps().divide(BPS);
    BigDecimal price = (side == OrderSide.BUY
        ? bar.close().multiply(BigDecimal.ONE.add(slip))
        : bar.close().multiply(BigDecimal.ONE.subtract(slip))).setScale(4, RoundingMode.HALF_EVEN).stripTrailingZeros();
    BigDecimal value = quantity.multiply(price).setScale(2, RoundingMode.HALF_EVEN);
    String id = UUID.randomUUID().toString();
    Instant now = Instant.now();
    String rejection = null;
    if (side == OrderSide.BUY && value.compareTo(account.cash()) > 0) {
      rejection = "insufficient buying power: order costs " + value.toPlainString() + ", cash is " + account.cash().toPlainString();
    } else if (side == OrderSide.SELL && quantity.compareTo(account.positions().getOrDefault(symbol, BigDecimal.ZERO)) > 0) {
      rejection = "cannot sell " + quantity.toPlainString() + " " + symbol + ": position is "
          + account.positions().getOrDefault(symbol, BigDecimal.ZERO).toPlainString();
    }
    if (rejection != null) {
      return new PaperAccount.Order(id, clientOrderId, symbol, side, quantity, BigDecimal.ZERO, null, OrderStatus.REJECTED, rejection, now);
    }
    return new PaperAccount.Order(id, clientOrderId, symbol, side, quantity, quantity, price, OrderStatus.FILLED, null, now);
  }

  private PaperAccount apply(PaperAccount.Order order) {
    BigDecimal cash = account.cash();
    Map<String, BigDecimal> positions = new TreeMap<>(account.positions());
    if (order.status() == OrderStatus.FILLED) {
      BigDecimal value = order.filledQuantity().multiply(order.fillPrice()).setScale(2, RoundingMode.HALF_EVEN);
      BigDecimal held = positions.getOrDefault(order.symbol(), BigDecimal.ZERO);
      if (order.side() == OrderSide.BUY) {
        cash = cash.subtract(value);
        positions.put(order.symbol(), held.add(order.filledQuantity()));
      } else {
        cash = cash.add(value);
        BigDecimal left = held.subtract(order.filledQuantity());
        if (left.signum() == 0) {
          positions.remove(order.symbol());
        } else {
          positions.put(order.symbol(), left);
        }
      }
    }
    List<PaperAccount.Order> orders = new ArrayList<>(account.orders());
    orders.add(order);
    return new PaperAccount(PaperAccount.VERSION, cash, positions, orders);
  }

  private Future<Map<String, BigDecimal>> prices(Collection<String> symbols) {
    List<String> ordered = new ArrayList<>(symbols);
    List<Future<Bar>> bars = new ArrayList<>();
    for (String symbol : ordered) {
      bars.add(marketData.latestBar(symbol));
    }
    return Future.all(bars).map(all -> {
      Map<String, BigDecimal> prices = new TreeMap<>();
      for (int i = 0; i < ordered.size(); i++) {
        prices.put(ordered.get(i), all.<Bar>resultAt(i).close());
      }
      return prices;
    });
  }

  /** Reads the account on first use; a new account starts with the configured cash. Caller holds the lock. */
  private PaperAccount loaded() throws IOException {
    if (account != null) {
      return account;
    }
    Path file = settings.dir().resolve(FILE);
    if (Files.exists(file)) {
      try {
        account = Json.MAPPER.readValue(file.toFile(), PaperAccount.class);
      } catch (IOException e) {
        throw new WorkflowException(ErrorCodes.BROKER_ERROR, "the paper account " + file + " is unreadable ("
            + Json.describe(e) + "); it was left as it is: fix or move it");
      }
    } else {
      account = new PaperAccount(PaperAccount.VERSION, settings.startingCash().setScale(2, RoundingMode.HALF_EVEN), Map.of(), List.of());
    }
    account.orders().forEach(order -> byClientOrderId.put(order.clientOrderId(), order));
    return account;
  }

  private void save(PaperAccount next) throws IOException {
    JsonFiles.writeDurably(settings.dir().resolve(FILE), next);
    account = next;
    PaperAccount.Order last = next.orders().get(next.orders().size() - 1);
    byClientOrderId.put(last.clientOrderId(), last);
  }
}
