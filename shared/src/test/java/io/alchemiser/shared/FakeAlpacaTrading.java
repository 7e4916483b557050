package io.alchemiser.shared;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/** The trading API v2 half of {@link FakeAlpaca}: one account, market orders, Alpaca's JSON. */
public final class FakeAlpacaTrading {
  /** How orders fill: at once, after some polls, or only half of them (until cancelled). */
  public enum FillMode { IMMEDIATE, AFTER_TWO_POLLS, HALF }

  private final FakeAlpaca fake;
  private BigDecimal cash;
  private final Map<String, BigDecimal> positions = new TreeMap<>();
  private final Map<String, JsonObject> orders = new LinkedHashMap<>();
  private final Map<String, Integer> polls = new LinkedHashMap<>();
  private FillMode fillMode = FillMode.IMMEDIATE;
  private boolean open = true;
  private boolean dropNextOrderAnswer;
  private int orderPosts;
  private final java.util.Set<String> refused = new java.util.HashSet<>();
  private final java.util.Set<String> wholeSharesOnly = new java.util.HashSet<>();
  private final java.util.Set<String> untradable = new java.util.HashSet<>();
  private int assetReads;

  FakeAlpacaTrading(FakeAlpaca fake, BigDecimal cash) {
    this.fake = fake;
    this.cash = cash;
  }

  public synchronized FakeAlpacaTrading fillMode(FillMode mode) {
    this.fillMode = mode;
    return this;
  }

  public synchronized FakeAlpacaTrading marketOpen(boolean isOpen) {
    this.open = isOpen;
    return this;
  }

  /** The next order is accepted (and filled), but its answer never arrives: the connection drops. */
  public synchronized FakeAlpacaTrading dropNextOrderAnswer() {
    this.dropNextOrderAnswer = true;
    return this;
  }

  /** Orders for this symbol are refused with 403, as Alpaca refuses one it cannot cover. */
  public synchronized FakeAlpacaTrading refuseOrdersFor(String symbol) {
    refused.add(symbol);
    return this;
  }

  /** This asset is not fractionable: an order for a fraction of a share is refused, as Alpaca refuses it. */
  public synchronized FakeAlpacaTrading wholeSharesOnly(String symbol) {
    wholeSharesOnly.add(symbol);
    return this;
  }

  /** Alpaca lists this asset as not tradable, and refuses its orders. */
  public synchronized FakeAlpacaTrading untradable(String symbol) {
    untradable.add(symbol);
    return this;
  }

  public synchronized int assetReads() {
    return assetReads;
  }

  public synchronized int orderPosts() {
    return orderPosts;
  }

  public synchronized List<JsonObject> orders() {
    return new ArrayList<>(orders.values().stream().map(JsonObject::copy).toList());
  }

  public synchronized BigDecimal cash() {
    return cash;
  }

  public synchronized Map<String, BigDecimal> positions() {
    return new TreeMap<>(positions);
  }

  /** An order placed earlier (say by a run that crashed), filled at once. */
  public synchronized JsonObject preexisting(String symbol, String side, BigDecimal qty, String clientOrderId) {
    JsonObject order = newOrder(symbol, side, qty, clientOrderId);
    fill(order, qty);
    return order.copy();
  }

  synchronized void handle(HttpServerRequest request) {
    String path = request.path();
    HttpMethod method = request.method();
    if (method == HttpMethod.GET && path.equals("/v2/account")) {
      json(request, 200, account());
    } else if (method == HttpMethod.GET && path.equals("/v2/positions")) {
      JsonArray list = new JsonArray();
      positions.forEach((symbol, qty) -> {
        BigDecimal price = fake.latestClose(symbol);
        list.add(new JsonObject().put("asset_id", UUID.nameUUIDFromBytes(symbol.getBytes()).toString()).put("symbol", symbol)
            .put("exchange", "NASDAQ").put("asset_class", "us_equity").put("qty", qty.toPlainString())
            .put("qty_available", qty.toPlainString()).put("side", "long").put("avg_entry_price", price.toPlainString())
            .put("market_value", qty.multiply(price).setScale(2, RoundingMode.HALF_EVEN).toPlainString())
            .put("current_price", price.toPlainString()));
      });
      request.response().setStatusCode(200).putHeader("content-type", "application/json").end(list.encode());
    } else if (method == HttpMethod.GET && path.startsWith("/v2/assets/")) {
      assetReads++;
      String symbol = path.substring("/v2/assets/".length());
      if (fake.latestClose(symbol) == null) {
        FakeAlpaca.error(request, 404, 40410000, "asset not found for " + symbol);
      } else {
        json(request, 200, new JsonObject().put("id", UUID.nameUUIDFromBytes(symbol.getBytes()).toString()).put("class", "us_equity")
            .put("exchange", "ARCA").put("symbol", symbol).put("name", symbol + " fund").put("status", "active")
            .put("tradable", !untradable.contains(symbol)).put("marginable", true).put("shortable", true).put("easy_to_borrow", true)
            .put("fractionable", !wholeSharesOnly.contains(symbol)).put("attributes", new JsonArray()));
      }
    } else if (method == HttpMethod.GET && path.equals("/v2/clock")) {
      json(request, 200, new JsonObject().put("timestamp", Instant.now().toString()).put("is_open", open)
          .put("next_open", "2030-01-02T14:30:00Z").put("next_close", "2030-01-02T21:00:00Z"));
    } else if (method == HttpMethod.POST && path.equals("/v2/orders")) {
      request.body().onSuccess(body -> place(request, body.toString()));
    } else if (method == HttpMethod.GET && path.equals("/v2/orders:by_client_order_id")) {
      String id = request.getParam("client_order_id");
      JsonObject order = orders.values().stream().filter(o -> o.getString("client_order_id").equals(id)).findFirst().orElse(null);
      if (order == null) {
        FakeAlpaca.error(request, 404, 40410000, "order not found for " + id);
      } else {
        json(request, 200, poll(order));
      }
    } else if (path.startsWith("/v2/orders/")) {
      JsonObject order = orders.get(path.substring("/v2/orders/".length()));
      if (order == null) {
        FakeAlpaca.error(request, 404, 40410000, "order not found");
      } else if (method == HttpMethod.GET) {
        json(request, 200, poll(order));
      } else if (method == HttpMethod.DELETE) {
        if (isFinal(order.getString("status"))) {
          FakeAlpaca.error(request, 422, 42210000, "order is not cancelable");
        } else {
          order.put("status", "canceled").put("canceled_at", Instant.now().toString());
          request.response().setStatusCode(204).end();
        }
      } else {
        FakeAlpaca.error(request, 405, 40510000, "method not allowed");
      }
    } else {
      FakeAlpaca.error(request, 404, 40410000, "endpoint not found");
    }
  }

  private JsonObject account() {
    BigDecimal equity = cash;
    for (Map.Entry<String, BigDecimal> position : positions.entrySet()) {
      equity = equity.add(position.getValue().multiply(fake.latestClose(position.getKey())));
    }
    String equityText = equity.setScale(2, RoundingMode.HALF_EVEN).toPlainString();
    return new JsonObject().put("id", "acct-1").put("account_number", "PA1TEST").put("status", "ACTIVE").put("currency", "USD")
        .put("cash", cash.toPlainString()).put("buying_power", cash.toPlainString()).put("equity", equityText)
        .put("portfolio_value", equityText).put("trading_blocked", false).put("pattern_day_trader", false);
  }

  private synchronized void place(HttpServerRequest request, String text) {
    orderPosts++;
    JsonObject body;
    try {
      body = new JsonObject(text);
    } catch (DecodeException e) {
      FakeAlpaca.error(request, 400, 40010000, "request body format is invalid");
      return;
    }
    String symbol = body.getString("symbol");
    String side = body.getString("side");
    String clientOrderId = body.getString("client_order_id");
    BigDecimal price = symbol == null ? null : fake.latestClose(symbol);
    if (price == null) {
      FakeAlpaca.error(request, 422, 40010001, "asset not found: " + symbol);
      return;
    }
    if (!"market".equals(body.getString("type")) || !"day".equals(body.getString("time_in_force"))
        || !("buy".equals(side) || "sell".equals(side)) || !(body.getValue("qty") instanceof String)) {
      FakeAlpaca.error(request, 422, 40010001, "this fake takes market day orders with qty as a string");
      return;
    }
    if (clientOrderId == null || clientOrderId.length() > 48) {
      FakeAlpaca.error(request, 422, 40010001, "client_order_id must be at most 48 characters");
      return;
    }
    if (orders.values().stream().anyMatch(o -> o.getString("client_order_id").equals(clientOrderId))) {
      FakeAlpaca.error(request, 422, 40010001, "client_order_id must be unique");
      return;
    }
    BigDecimal qty = new BigDecimal(body.getString("qty"));
    if (untradable.contains(symbol)) {
      FakeAlpaca.error(request, 422, 42210000, "asset " + symbol + " is not tradable");
      return;
    }
    if (wholeSharesOnly.contains(symbol) && qty.stripTrailingZeros().scale() > 0) {
      FakeAlpaca.error(request, 422, 42210000, "requested asset is not fractionable");
      return;
    }
    if (refused.contains(symbol) || side.equals("buy") && qty.multiply(price).compareTo(cash) > 0) {
      FakeAlpaca.error(request, 403, 40310000, "insufficient buying power");
      return;
    }
    BigDecimal held = positions.getOrDefault(symbol, BigDecimal.ZERO);
    if (side.equals("sell") && qty.compareTo(held) > 0) {
      FakeAlpaca.error(request, 403, 40310000, "insufficient qty available for order (requested: " + qty + ", available: " + held + ")");
      return;
    }
    JsonObject order = newOrder(symbol, side, qty, clientOrderId);
    if (fillMode == FillMode.IMMEDIATE) {
      fill(order, qty);
    } else if (fillMode == FillMode.HALF) {
      fill(order, qty.divide(BigDecimal.valueOf(2), 6, RoundingMode.DOWN));
    }
    if (dropNextOrderAnswer) {
      dropNextOrderAnswer = false;
      request.connection().close();
      return;
    }
    json(request, 200, order);
  }

  private JsonObject newOrder(String symbol, String side, BigDecimal qty, String clientOrderId) {
    String now = Instant.now().toString();
    JsonObject order = new JsonObject().put("id", UUID.randomUUID().toString()).put("client_order_id", clientOrderId)
        .put("created_at", now).put("updated_at", now).put("submitted_at", now).putNull("filled_at")
        .put("asset_class", "us_equity").put("symbol", symbol).put("qty", qty.toPlainString()).put("filled_qty", "0")
        .putNull("filled_avg_price").put("order_type", "market").put("type", "market").put("side", side)
        .put("time_in_force", "day").put("status", "accepted").put("extended_hours", false);
    orders.put(order.getString("id"), order);
    return order;
  }

  private JsonObject poll(JsonObject order) {
    if (fillMode == FillMode.AFTER_TWO_POLLS && "accepted".equals(order.getString("status"))) {
      int count = polls.merge(order.getString("id"), 1, Integer::sum);
      if (count >= 2) {
        fill(order, new BigDecimal(order.getString("qty")));
      }
    }
    return order;
  }

  private void fill(JsonObject order, BigDecimal quantity) {
    String symbol = order.getString("symbol");
    BigDecimal price = fake.latestClose(symbol);
    BigDecimal value = quantity.multiply(price).setScale(2, RoundingMode.HALF_EVEN);
    BigDecimal held = positions.getOrDefault(symbol, BigDecimal.ZERO);
    if (order.getString("side").equals("buy")) {
      cash = cash.subtract(value);
      positions.put(symbol, held.add(quantity));
    } else {
      cash = cash.add(value);
      BigDecimal left = held.subtract(quantity);
      if (left.signum() == 0) {
        positions.remove(symbol);
      } else {
        positions.put(symbol, left);
      }
    }
    boolean complete = quantity.compareTo(new BigDecimal(order.getString("qty"))) == 0;
    order.put("filled_qty", quantity.toPlainString()).put("filled_avg_price", price.toPlainString())
        .put("status", complete ? "filled" : "partially_filled").put("filled_at", complete ? Instant.now().toString() : null);
  }

  private static boolean isFinal(String status) {
    return List.of("filled", "canceled", "expired", "rejected", "done_for_day").contains(status);
  }

  private static void json(HttpServerRequest request, int status, JsonObject body) {
    request.response().setStatusCode(status).putHeader("content-type", "application/json").end(body.encode());
  }
}
