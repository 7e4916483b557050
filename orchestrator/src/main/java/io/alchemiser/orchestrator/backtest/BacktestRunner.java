package io.alchemiser.orchestrator.backtest;

import com.fasterxml.jackson.databind.JsonNode;
import io.alchemiser.shared.bus.Addresses;
import io.alchemiser.shared.backtest.BacktestSpec;
import io.alchemiser.shared.backtest.BacktestSpecs;
import io.alchemiser.shared.marketdata.Bar;
import io.alchemiser.shared.event.ErrorCodes;
import io.alchemiser.shared.json.Json;
import io.alchemiser.shared.marketdata.MarketDataProvider;
import io.alchemiser.shared.trading.OrderReport;
import io.alchemiser.shared.trading.OrderSide;
import io.alchemiser.shared.trading.PlannedTrade;
import io.alchemiser.shared.event.Simulation;
import io.alchemiser.shared.client.StartRequest;
import io.alchemiser.shared.client.WorkflowClient;
import io.alchemiser.shared.client.WorkflowRecord;
import io.alchemiser.shared.client.WorkflowStatus;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiConsumer;

/**
 * Runs a backtest through the production path: the strategy module compiles the strategies and names
 * their tickers, the bars give the trading days, and then each day is a real workflow on the bus
 * (correlation id {@code backtest-<id>-<date>}), started only when the previous one has finished,
 * whose orders fill on the backtest's scratch account at the day's closes. The result is made from
 * the days' workflow records.
 */
public final class BacktestRunner {
  static final Duration DAY_TIMEOUT = Duration.ofSeconds(60);
  private static final long DESCRIBE_TIMEOUT_MS = 60_000;

  /** What to backtest, as given: a strategy's {@code source} may be null for a {@code bundled:} file. */
  public record Request(String id, List<StrategyInput> strategies, LocalDate from, LocalDate to, BigDecimal cash,
                 BigDecimal threshold, BigDecimal feeBps, BigDecimal slippageBps, BigDecimal cashReserve) {
  }

  public record StrategyInput(String file, String source, BigDecimal weight) {
  }

  private final Vertx vertx;
  private final WorkflowClient client;
  private final MarketDataProvider marketData;

  public BacktestRunner(Vertx vertx, WorkflowClient client, MarketDataProvider marketData) {
    this.vertx = vertx;
    this.client = client;
    this.marketData = marketData;
  }

  /** A backtest checked and ready to simulate: its spec, the closes of its tickers, and its trading days. */
  public record Prepared(BacktestSpec spec, List<String> names, Map<String, TreeMap<LocalDate, BigDecimal>> closes, List<LocalDate> days) {
  }

  /** Runs the backtest; {@code progress} hears (days done, days in all) after each day. Fails with a {@link BacktestException}. */
  public Future<BacktestResult> run(Request request, BiConsumer<Integer, Integer> progress) {
    return prepare(request).compose(prepared -> run(prepared, progress));
  }

  /** Checks everything that can be checked before the first day: strategies, range, tickers, data. */
  public Future<Prepared> prepare(Request request) {
    if (request.to().isBefore(request.from())) {
      return Future.failedFuture(new BacktestException(BacktestException.Kind.DATA,
          "bad date range: --to " + request.to() + " is before --from " + request.from()));
    }
    return describe(request).compose(described -> {
      BacktestSpec spec;
      try {
        spec = new BacktestSpec(request.id(), described.strategies(), request.from(), request.to(), request.cash(),
            request.threshold(), request.feeBps(), request.slippageBps(), request.cashReserve());
      } catch (IllegalArgumentException e) {
        return Future.failedFuture(new BacktestException(BacktestException.Kind.BAD_REQUEST, e.getMessage()));
      }
      return closes(described.tickers(), spec.to())
          .map(closes -> new Prepared(spec, described.names(), closes, tradingDays(closes, spec.from(), spec.to())));
    });
  }

  public Future<BacktestResult> run(Prepared prepared, BiConsumer<Integer, Integer> progress) {
    BacktestSpec spec = prepared.spec();
    long started = System.nanoTime();
    return BacktestSpecs.put(vertx, spec)
        .compose(v -> simulate(spec, prepared.closes(), prepared.days(), progress))
        .map(results -> BacktestResult.of(spec, prepared.names(), prepared.closes(), results, System.nanoTime() - started))
        .eventually(() -> BacktestSpecs.ended(vertx, spec.id()).recover(err -> Future.succeededFuture()));
  }

  /**
   * The config of a process that runs backtests by itself (the backtest command, the benchmark): the
   * workflow modules and the orchestrator, no schedule, no journal (a backtest is re-run, not
   * resumed), bars from TICKER.csv files in {@code dataDir} when given.
   */
  public static JsonObject standaloneConfig(JsonObject config, java.nio.file.Path dataDir) {
    io.alchemiser.shared.config.ConfigEdits.withoutSchedule(config);
    config.put("modules", new JsonArray().add("orchestrator").add("strategy").add("portfolio").add("execution"));
    config.put("orchestrator", config.getJsonObject("orchestrator", new JsonObject()).copy()
        .put("journal", new JsonObject().put("enabled", false)));
    return io.alchemiser.shared.config.ConfigEdits.withCsvData(config, dataDir);
  }

  /** A new backtest id: sortable by time, unique enough to share a cluster. */
  public static String newId() {
    return java.time.LocalDateTime.now(java.time.ZoneOffset.UTC).format(java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss"))
        + "-" + java.util.UUID.randomUUID().toString().substring(0, 8);
  }

  private record Described(List<BacktestSpec.Strategy> strategies, List<String> names, List<String> tickers) {
  }

  /** Asks the strategy module to compile the strategies and name every ticker they need. */
  private Future<Described> describe(Request request) {
    JsonArray items = new JsonArray();
    request.strategies().forEach(s -> items.add(new JsonObject().put("file", s.file()).put("source", s.source())
        .put("weight", s.weight().toPlainString())));
    JsonObject body = new JsonObject().put("describe", true).put("strategies", items);
    return vertx.eventBus().<Object>request(Addresses.STRATEGY_EVALUATE, body, new DeliveryOptions().setSendTimeout(DESCRIBE_TIMEOUT_MS))
        .recover(err -> Future.failedFuture(describeFailure(err)))
        .map(reply -> {
          try {
            JsonNode json = Json.fromBody(reply.body(), JsonNode.class);
            List<BacktestSpec.Strategy> strategies = new ArrayList<>();
            List<String> names = new ArrayList<>();
            for (int i = 0; i < json.path("strategies").size(); i++) {
              JsonNode item = json.path("strategies").get(i);
              strategies.add(new BacktestSpec.Strategy(item.path("file").asText(), item.path("source").asText(),
                  request.strategies().get(i).weight()));
              names.add(item.path("name").asText());
            }
            List<String> tickers = new ArrayList<>();
            json.path("tickers").forEach(t -> tickers.add(t.asText()));
            return new Described(strategies, names, tickers);
          } catch (IOException | RuntimeException e) {
            throw new BacktestException(BacktestException.Kind.INTERNAL, "unreadable answer from the strategy module: " + e.getMessage());
          }
        });
  }

  /** A strategy file error stays one, a bad request is the user's, anything else is ours. */
  private static BacktestException describeFailure(Throwable err) {
    return switch (io.alchemiser.shared.bus.RequestFailure.of(err)) {
      case STRATEGY_FILE -> new BacktestException(BacktestException.Kind.STRATEGY_FILE, err.getMessage());
      case BAD_REQUEST -> new BacktestException(BacktestException.Kind.BAD_REQUEST, err.getMessage());
      case MARKET_DATA -> new BacktestException(BacktestException.Kind.DATA, err.getMessage());
      case INTERNAL -> new BacktestException(BacktestException.Kind.INTERNAL, "the strategy module did not describe the strategies: " + err.getMessage());
    };
  }

  /** Every ticker's closes up to {@code to}; an unknown ticker or unreadable data is a data error. */
  private Future<Map<String, TreeMap<LocalDate, BigDecimal>>> closes(List<String> tickers, LocalDate to) {
    List<Future<List<Bar>>> loads = new ArrayList<>();
    tickers.forEach(ticker -> loads.add(marketData.dailyBars(ticker, to)));
    return Future.all(loads)
        .recover(err -> {
          Throwable cause = loads.stream().filter(Future::failed).map(Future::cause).findFirst().orElse(err);
          return Future.failedFuture(new BacktestException(BacktestException.Kind.DATA, cause.getMessage()));
        })
        .map(all -> {
          Map<String, TreeMap<LocalDate, BigDecimal>> closes = new TreeMap<>();
          for (int i = 0; i < tickers.size(); i++) {
            TreeMap<LocalDate, BigDecimal> series = new TreeMap<>();
            all.<List<Bar>>resultAt(i).forEach(bar -> series.put(bar.date(), bar.close()));
            closes.put(tickers.get(i), series);
          }
          return closes;
        });
  }

  /** The dates from {@code from} to {@code to} on which every ticker has a bar. */
  static List<LocalDate> tradingDays(Map<String, TreeMap<LocalDate, BigDecimal>> closes, LocalDate from, LocalDate to) {
    NavigableSet<LocalDate> days = null;
    for (TreeMap<LocalDate, BigDecimal> series : closes.values()) {
      NavigableSet<LocalDate> inRange = new TreeSet<>(series.subMap(from, true, to, true).keySet());
      if (days == null) {
        days = inRange;
      } else {
        days.retainAll(inRange);
      }
    }
    if (days == null || days.isEmpty()) {
      StringBuilder why = new StringBuilder("no trading day from " + from + " to " + to + " on which every ticker has a bar");
      closes.forEach((ticker, series) -> why.append("; ").append(ticker).append(series.isEmpty() ? " has no bars"
          : " has bars from " + series.firstKey() + " to " + series.lastKey()));
      throw new BacktestException(BacktestException.Kind.DATA, why.toString());
    }
    return List.copyOf(days);
  }

  private Future<List<BacktestResult.Day>> simulate(BacktestSpec spec, Map<String, TreeMap<LocalDate, BigDecimal>> closes,
                                                   List<LocalDate> days, BiConsumer<Integer, Integer> progress) {
    Promise<List<BacktestResult.Day>> done = Promise.promise();
    List<BacktestResult.Day> results = new ArrayList<>(days.size());
    next(spec, closes, days, 0, results, progress, done);
    return done.future();
  }

  private void next(BacktestSpec spec, Map<String, TreeMap<LocalDate, BigDecimal>> closes, List<LocalDate> days, int index,
                    List<BacktestResult.Day> results, BiConsumer<Integer, Integer> progress, Promise<List<BacktestResult.Day>> done) {
    if (index == days.size()) {
      done.complete(results);
      return;
    }
    LocalDate date = days.get(index);
    Map<String, BigDecimal> prices = new HashMap<>();
    closes.forEach((ticker, series) -> prices.put(ticker, series.get(date)));
    String id = spec.workflowId(date);
    client.start(new StartRequest(id, false, "backtest", DAY_TIMEOUT.toSeconds(), new Simulation(spec.id(), date, prices)))
        .compose(started -> client.awaitCompletion(id, DAY_TIMEOUT.plusSeconds(5)))
        .onFailure(err -> done.tryFail(err instanceof BacktestException ? err
            : new BacktestException(BacktestException.Kind.INTERNAL, "day " + date + ": " + err.getMessage())))
        .onSuccess(record -> {
          if (record.status() != WorkflowStatus.COMPLETED) {
            boolean data = ErrorCodes.MARKET_DATA_ERROR.equals(record.errorCode()) || ErrorCodes.STRATEGY_ERROR.equals(record.errorCode());
            done.tryFail(new BacktestException(data ? BacktestException.Kind.DATA : BacktestException.Kind.DAY_FAILED,
                "day " + date + " (workflow " + id + ") " + record.status().label() + ": " + record.failureReason()));
            return;
          }
          results.add(day(date, record));
          progress.accept(index + 1, days.size());
          next(spec, closes, days, index + 1, results, progress, done);
        });
  }

  /** The day's mark (the plan's equity at the close, before the day's trades) and what is held after them. */
  private static BacktestResult.Day day(LocalDate date, WorkflowRecord record) {
    Map<String, BigDecimal> quantities = new TreeMap<>();
    Map<String, BigDecimal> prices = new HashMap<>();
    for (PlannedTrade line : record.rebalancePlan().trades()) {
      quantities.put(line.symbol(), line.currentQuantity());
      prices.put(line.symbol(), line.price());
    }
    int trades = 0;
    BigDecimal traded = BigDecimal.ZERO;
    for (OrderReport order : record.ordersExecuted()) {
      if (order.filledQuantity().signum() == 0) {
        continue;
      }
      trades++;
      traded = traded.add(order.tradedValue());
      BigDecimal signed = order.side() == OrderSide.BUY ? order.filledQuantity() : order.filledQuantity().negate();
      quantities.merge(order.symbol(), signed, BigDecimal::add);
    }
    BigDecimal equity = record.rebalancePlan().equity();
    Map<String, BigDecimal> allocation = new TreeMap<>();
    quantities.forEach((symbol, quantity) -> {
      if (quantity.signum() != 0) {
        allocation.put(symbol, quantity.multiply(prices.get(symbol)).divide(equity, MathContext.DECIMAL64));
      }
    });
    return new BacktestResult.Day(date, equity, allocation, trades, traded);
  }
}
