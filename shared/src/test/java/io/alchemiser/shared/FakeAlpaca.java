package io.alchemiser.shared;

import io.alchemiser.shared.marketdata.Bar;
import io.alchemiser.shared.marketdata.SampleMarketData;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for Alpaca on 127.0.0.1 that speaks its wire format: market data v2 bars with
 * pagination (the bundled sample bars), and the trading API v2 (account, positions, clock, orders
 * placed, looked up by id or client order id, cancelled) over an account of its own that fills
 * market orders at the latest close. Auth headers and error bodies as Alpaca's. Faults can be queued
 * (a status, or a dropped connection) for the next requests, and an order can be accepted and its
 * answer dropped. Tests start it and close it.
 */
public final class FakeAlpaca implements AutoCloseable {
  public static final String KEY_ID = "PKTESTKEY";
  public static final String SECRET = "test-secret-never-logged";
  private static final ZoneId EXCHANGE = ZoneId.of("America/New_York");

  private final Vertx vertx;
  private final HttpServer server;
  private final java.util.Map<String, List<Bar>> history = new java.util.HashMap<>();
  private final long shiftDays;
  private final int pageSize;
  private final Deque<Integer> faults = new ArrayDeque<>();
  private final AtomicInteger barRequests = new AtomicInteger();

  private FakeAlpaca(Vertx vertx, boolean recent, int pageSize) {
    this.vertx = vertx;
    this.pageSize = pageSize;
    SampleMarketData sample = new SampleMarketData(vertx);
    for (String ticker : SampleMarketData.tickers()) {
      history.put(ticker, sample.dailyBars(ticker, null).await());
    }
    List<Bar> spy = history.get("SPY");
    LocalDate last = spy.get(spy.size() - 1).date();
    LocalDate target = LocalDate.now(EXCHANGE).minusDays(1);
    while (target.getDayOfWeek() == DayOfWeek.SATURDAY || target.getDayOfWeek() == DayOfWeek.SUNDAY) {
      target = target.minusDays(1);
    }
    // Recent: the sample history moved so that its last bar is the last weekday before today.
    this.shiftDays = recent ? ChronoUnit.DAYS.between(last, target) : 0;
    this.server = vertx.createHttpServer().requestHandler(this::handle);
  }

  /** Starts on a free port of 127.0.0.1. */
  public static FakeAlpaca start(Vertx vertx, boolean recent, int pageSize) {
    FakeAlpaca fake = new FakeAlpaca(vertx, recent, pageSize);
    fake.server.listen(0, "127.0.0.1").await();
    return fake;
  }

  public String url() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  public LocalDate shifted(LocalDate date) {
    return date.plusDays(shiftDays);
  }

  /** The next requests answer with these statuses (0: the connection is dropped without an answer). */
  public synchronized FakeAlpaca failNext(int... statuses) {
    for (int status : statuses) {
      faults.add(status);
    }
    return this;
  }

  public int barRequests() {
    return barRequests.get();
  }

  private synchronized Integer nextFault() {
    return faults.poll();
  }

  private void handle(HttpServerRequest request) {
    if (!KEY_ID.equals(request.getHeader("APCA-API-KEY-ID")) || !SECRET.equals(request.getHeader("APCA-API-SECRET-KEY"))) {
      error(request, 401, 40110000, "request is not authorized");
      return;
    }
    Integer fault = nextFault();
    if (fault != null) {
      if (fault == 0) {
        request.connection().close();
      } else {
        error(request, fault, fault * 100_000, fault == 429 ? "too many requests" : "injected failure " + fault);
      }
      return;
    }
    if (request.path().equals("/v2/stocks/bars")) {
      bars(request);
    } else if (request.path().startsWith("/v2/") && trading != null) {
      trading.handle(request);
    } else {
      error(request, 404, 40410000, "endpoint not found");
    }
  }

  private FakeAlpacaTrading trading;

  /** Opens the trading API with an account holding {@code cash}. */
  public FakeAlpacaTrading trading(java.math.BigDecimal cash) {
    trading = new FakeAlpacaTrading(this, cash);
    return trading;
  }

  /** The latest close of a symbol, the price the fake fills at; null for an unknown symbol. */
  java.math.BigDecimal latestClose(String symbol) {
    List<Bar> bars = history.get(symbol);
    return bars == null ? null : bars.get(bars.size() - 1).close();
  }

  private void bars(HttpServerRequest request) {
    barRequests.incrementAndGet();
    String symbol = request.getParam("symbols");
    if (!"1Day".equals(request.getParam("timeframe")) || symbol == null || symbol.contains(",")) {
      error(request, 422, 42210000, "this fake serves one symbol at timeframe 1Day");
      return;
    }
    LocalDate start = LocalDate.parse(request.getParam("start"));
    int limit = Math.min(Integer.parseInt(request.getParam("limit", "1000")), pageSize);
    int offset = request.getParam("page_token") == null ? 0
        : Integer.parseInt(new String(Base64.getDecoder().decode(request.getParam("page_token")), StandardCharsets.UTF_8));
    if (!history.containsKey(symbol)) {
      request.response().putHeader("content-type", "application/json")
          .end(new JsonObject().put("bars", new JsonObject()).putNull("next_page_token").encode());
      return;
    }
    List<Bar> bars = history.get(symbol).stream().filter(b -> !shifted(b.date()).isBefore(start)).toList();
    JsonArray page = new JsonArray();
    for (int i = offset; i < Math.min(bars.size(), offset + limit); i++) {
      Bar bar = bars.get(i);
      page.add(new JsonObject()
          .put("t", DateTimeFormatter.ISO_INSTANT.format(shifted(bar.date()).atStartOfDay(EXCHANGE).toInstant()))
          .put("o", bar.open()).put("h", bar.high()).put("l", bar.low()).put("c", bar.close())
          .put("v", bar.volume()).put("n", 1000).put("vw", bar.close()));
    }
    String next = offset + limit < bars.size()
        ? Base64.getEncoder().encodeToString(Integer.toString(offset + limit).getBytes(StandardCharsets.UTF_8)) : null;
    request.response().putHeader("content-type", "application/json")
        .end(new JsonObject().put("bars", new JsonObject().put(symbol, page)).put("next_page_token", next).encode());
  }

  static void error(HttpServerRequest request, int status, int code, String message) {
    request.response().setStatusCode(status).putHeader("content-type", "application/json")
        .end(new JsonObject().put("code", code).put("message", message).encode());
  }

  @Override
  public void close() {
    server.close().await();
  }

  public Vertx vertx() {
    return vertx;
  }
}
