package io.alchemiser.execution;

import com.fasterxml.jackson.databind.JsonNode;
import io.alchemiser.shared.alpaca.AlpacaClient;
import io.alchemiser.shared.alpaca.AlpacaHttpException;
import io.alchemiser.shared.marketdata.Bar;
import io.alchemiser.shared.event.ErrorCodes;
import io.alchemiser.shared.marketdata.MarketDataProvider;
import io.alchemiser.shared.trading.OrderReport;
import io.alchemiser.shared.trading.OrderSide;
import io.alchemiser.shared.trading.OrderStatus;
import io.alchemiser.shared.config.RetryPolicy;
import io.alchemiser.shared.event.WorkflowException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import java.math.BigDecimal;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Alpaca's trading API v2. Calls are retried with backoff and jitter on 429, 5xx and lost
 * connections; 401, 403 and 422 are not. An order whose answer was lost is looked up by its client
 * order id before it is sent again, so a retry adopts the order instead of placing a second one. An
 * order Alpaca refuses (403, 422) is reported as rejected with Alpaca's message. Each asset's flags
 * are read before a plan is made, so assets Alpaca trades in whole shares only are planned so, and
 * one it does not trade stops the workflow before any order. The keys travel as headers and appear
 * in no message.
 */
final class AlpacaBroker implements Broker {
  private static final Logger LOG = LoggerFactory.getLogger(AlpacaBroker.class);

  record Settings(URI baseUrl, String keyId, String secretKey, RetryPolicy retry) {
    @Override
    public String toString() {
      return "AlpacaBroker.Settings[baseUrl=" + baseUrl + "]";
    }
  }

  private final Vertx vertx;
  private final AlpacaClient client;
  private final RetryPolicy retry;
  private final MarketDataProvider marketData;
  private final AlpacaAssets assets;

  /** Asked once: an account's number never changes. */
  private volatile String accountNumber;

  AlpacaBroker(Vertx vertx, Settings settings, MarketDataProvider marketData) {
    this.vertx = vertx;
    this.client = new AlpacaClient(vertx, settings.baseUrl(), settings.keyId(), settings.secretKey(), ErrorCodes.BROKER_ERROR, "trading");
    this.retry = settings.retry();
    this.marketData = marketData;
    this.assets = new AlpacaAssets(path -> call("asset", HttpMethod.GET, path, Map.of(), null));
  }

  @Override
  public String name() {
    return "alpaca";
  }

  @Override
  public boolean live() {
    return true;
  }

  private Future<JsonNode> call(String what, HttpMethod method, String path, Map<String, String> query, Object body) {
    return retry.run(vertx, () -> client.call(method, path, query, body), AlpacaHttpException::isRetryable,
        (attempt, delay, cause) -> LOG.warn("Alpaca {}: {}; attempt {} in {} ms", what, cause.getMessage(), attempt, delay));
  }

  @Override
  public Future<String> accountId() {
    String known = accountNumber;
    if (known != null) {
      return Future.succeededFuture(known);
    }
    return call("account", HttpMethod.GET, "/v2/account", Map.of(), null).map(a -> {
      String number = text(a, "account_number", "account");
      if (!number.matches("[A-Za-z0-9_-]{1,64}")) {
        throw invalid("account", "'account_number' is not an account number");
      }
      accountNumber = "alpaca:" + number;
      return accountNumber;
    });
  }

  @Override
  public Future<Account> account(Collection<String> symbols) {
    Future<JsonNode> account = call("account", HttpMethod.GET, "/v2/account", Map.of(), null);
    Future<JsonNode> positions = call("positions", HttpMethod.GET, "/v2/positions", Map.of(), null);
    return Future.all(account, positions).compose(both -> {
      JsonNode a = account.result();
      String status = text(a, "status", "account");
      if (!"ACTIVE".equals(status)) {
        return Future.failedFuture(new WorkflowException(ErrorCodes.BROKER_ERROR, "the Alpaca account is " + status + ", not ACTIVE"));
      }
      if (a.path("trading_blocked").asBoolean(false)) {
        return Future.failedFuture(new WorkflowException(ErrorCodes.BROKER_ERROR, "trading is blocked on the Alpaca account"));
      }
      Map<String, BigDecimal> held = new TreeMap<>();
      Map<String, BigDecimal> prices = new TreeMap<>();
      JsonNode list = positions.result();
      if (!list.isArray()) {
        return Future.failedFuture(invalid("positions", "not a list"));
      }
      for (JsonNode position : list) {
        String symbol = text(position, "symbol", "position");
        BigDecimal qty = decimal(position, "qty", "position " + symbol);
        if (qty.signum() < 0 || "short".equals(position.path("side").asText())) {
          return Future.failedFuture(new WorkflowException(ErrorCodes.BROKER_ERROR,
              "the Alpaca account is short " + symbol + "; short positions are not supported"));
        }
        held.put(symbol, qty);
        prices.put(symbol, decimal(position, "current_price", "position " + symbol));
      }
      Set<String> universe = new TreeSet<>(symbols);
      universe.addAll(held.keySet());
      return Future.all(pricesOf(symbols, prices), assets.wholeSharesOf(universe, symbols)).map(known -> new Account(
          decimal(a, "cash", "account"), decimal(a, "buying_power", "account"), decimal(a, "equity", "account"), held,
          known.resultAt(0), known.resultAt(1)));
    });
  }

  /** Prices of symbols not held come from the market data provider the strategies read. */
  private Future<Map<String, BigDecimal>> pricesOf(Collection<String> symbols, Map<String, BigDecimal> known) {
    List<String> missing = new ArrayList<>(new TreeSet<>(symbols));
    missing.removeAll(known.keySet());
    List<Future<Bar>> bars = new ArrayList<>();
    missing.forEach(symbol -> bars.add(marketData.latestBar(symbol)));
    return Future.all(bars).map(all -> {
      Map<String, BigDecimal> prices = new TreeMap<>(known);
      for (int i = 0; i < missing.size(); i++) {
        prices.put(missing.get(i), all.<Bar>resultAt(i).close());
      }
      return prices;
    });
  }

  @Override
  public Future<Clock> clock() {
    return call("clock", HttpMethod.GET, "/v2/clock", Map.of(), null).map(json -> {
      if (!json.path("is_open").isBoolean()) {
        throw invalid("clock", "'is_open' is not true or false");
      }
      return new Clock(json.get("is_open").asBoolean(), json.path("next_open").asText(null));
    });
  }

  @Override
  public Future<Optional<BrokerOrder>> orderByClientOrderId(String clientOrderId) {
    return call("order " + clientOrderId, HttpMethod.GET, "/v2/orders:by_client_order_id", Map.of("client_order_id", clientOrderId), null)
        .map(json -> Optional.of(report(json)))
        .recover(err -> err instanceof AlpacaHttpException http && http.status() == 404
            ? Future.succeededFuture(Optional.empty()) : Future.failedFuture(err));
  }

  @Override
  public Future<BrokerOrder> submitMarketOrder(String symbol, OrderSide side, BigDecimal quantity, String clientOrderId) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("symbol", symbol);
    body.put("qty", quantity.toPlainString());
    body.put("side", side.wire());
    body.put("type", "market");
    body.put("time_in_force", "day");
    body.put("client_order_id", clientOrderId);
    AtomicInteger attempt = new AtomicInteger();
    // Every retry first asks for the client order id: the last attempt may have been accepted
    // even though its answer never came back.
    return retry.run(vertx, () -> (attempt.incrementAndGet() == 1 ? Future.succeededFuture(Optional.<BrokerOrder>empty())
                : orderByClientOrderId(clientOrderId))
            .compose(found -> found.isPresent() ? Future.succeededFuture(found.get())
                : client.call(HttpMethod.POST, "/v2/orders", Map.of(), body).map(AlpacaBroker::report)),
            AlpacaHttpException::isRetryable,
            (next, delay, cause) -> LOG.warn("Alpaca order {}: {}; attempt {} in {} ms", clientOrderId, cause.getMessage(), next, delay))
        .recover(err -> refused(err, symbol, side, quantity, clientOrderId));
  }

  /** 403 and 422 on an order are Alpaca's refusal of it: reported as a rejected order, or adopted when the id exists. */
  private Future<BrokerOrder> refused(Throwable err, String symbol, OrderSide side, BigDecimal quantity, String clientOrderId) {
    if (!(err instanceof AlpacaHttpException http) || (http.status() != 403 && http.status() != 422)) {
      return Future.failedFuture(err);
    }
    if (http.status() == 422 && http.getMessage().contains("client_order_id")) {
      return orderByClientOrderId(clientOrderId).compose(found -> found.isPresent() ? Future.succeededFuture(found.get())
          : Future.failedFuture(err));
    }
    return Future.succeededFuture(new BrokerOrder(new OrderReport(symbol, side, quantity, BigDecimal.ZERO, null,
        OrderStatus.REJECTED, null, clientOrderId, http.getMessage()), true));
  }

  @Override
  public Future<BrokerOrder> order(String brokerOrderId) {
    return call("order " + brokerOrderId, HttpMethod.GET, "/v2/orders/" + brokerOrderId, Map.of(), null).map(AlpacaBroker::report);
  }

  @Override
  public Future<Void> cancel(String brokerOrderId) {
    return call("cancel " + brokerOrderId, HttpMethod.DELETE, "/v2/orders/" + brokerOrderId, Map.of(), null)
        .<Void>mapEmpty()
        // Too late to cancel (it filled meanwhile): the caller reads the order again either way.
        .recover(err -> err instanceof AlpacaHttpException http && http.status() == 422
            ? Future.succeededFuture() : Future.failedFuture(err));
  }

  static BrokerOrder report(JsonNode order) {
    String id = text(order, "id", "order");
    String clientOrderId = text(order, "client_order_id", "order " + id);
    String symbol = text(order, "symbol", "order " + id);
    String sideText = text(order, "side", "order " + id);
    if (!sideText.equals("buy") && !sideText.equals("sell")) {
      throw invalid("order " + id, "side '" + sideText + "' is neither buy nor sell");
    }
    BigDecimal qty = decimal(order, "qty", "order " + id);
    BigDecimal filled = decimal(order, "filled_qty", "order " + id);
    BigDecimal price = order.hasNonNull("filled_avg_price") ? decimal(order, "filled_avg_price", "order " + id) : null;
    String raw = text(order, "status", "order " + id);
    boolean done = switch (raw) {
      case "filled", "canceled", "expired", "rejected", "done_for_day", "replaced" -> true;
      default -> false;
    };
    OrderStatus status = switch (raw) {
      case "filled" -> OrderStatus.FILLED;
      case "partially_filled" -> OrderStatus.PARTIALLY_FILLED;
      case "canceled", "done_for_day", "replaced" -> filled.signum() > 0 ? OrderStatus.PARTIALLY_FILLED : OrderStatus.CANCELED;
      case "expired" -> filled.signum() > 0 ? OrderStatus.PARTIALLY_FILLED : OrderStatus.EXPIRED;
      case "rejected" -> OrderStatus.REJECTED;
      default -> OrderStatus.PENDING;
    };
    String reason = status == OrderStatus.FILLED || !done ? null : "Alpaca order status: " + raw;
    return new BrokerOrder(new OrderReport(symbol, sideText.equals("buy") ? OrderSide.BUY : OrderSide.SELL, qty, filled, price,
        status, id, clientOrderId, reason), done);
  }

  static String text(JsonNode node, String field, String what) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual() || value.asText().isEmpty()) {
      throw invalid(what, "'" + field + "' is missing");
    }
    return value.asText();
  }

  private static BigDecimal decimal(JsonNode node, String field, String what) {
    JsonNode value = node.get(field);
    try {
      if (value == null || value.isNull()) {
        throw invalid(what, "'" + field + "' is missing");
      }
      return new BigDecimal(value.asText());
    } catch (NumberFormatException e) {
      throw invalid(what, "'" + field + "' is not a number: " + value);
    }
  }

  static WorkflowException invalid(String what, String problem) {
    return new WorkflowException(ErrorCodes.BROKER_ERROR, "Alpaca sent an invalid " + what + ": " + problem);
  }
}
