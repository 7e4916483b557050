package io.alchemiser.strategy;

import io.alchemiser.strategy.symphony.syntax.DeepStack;
import io.alchemiser.strategy.symphony.syntax.StrategyFileException;
import io.alchemiser.strategy.symphony.Symphony;
import io.alchemiser.strategy.symphony.SymphonyCompiler;

import io.alchemiser.shared.bus.RequestFailure;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.alchemiser.shared.bus.Addresses;
import io.alchemiser.shared.event.ErrorCodes;
import io.alchemiser.shared.json.Json;
import io.alchemiser.shared.marketdata.MarketDataProviders;
import io.alchemiser.shared.plugin.PluginContext;
import io.alchemiser.shared.trading.StrategySignal;
import io.alchemiser.shared.event.WorkflowException;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Evaluates strategies sent in a request, without a workflow ({@code alchemiser signals}). The
 * request carries the files' text, so it works from any node; without strategies, the configured
 * ones are evaluated ({@code alchemiser replay}). With {@code "describe": true} the strategies are only
 * compiled, and the tickers they need are returned (a backtest asks this first); with
 * {@code "convert": true} each is returned as {@code .clj} text ({@code alchemiser convert}). Failures are
 * {@link RequestFailure} kinds: a bad request, a strategy file error, a market data error.
 */
final class EvaluateVerticle extends VerticleBase {

  private final PluginContext context;
  private SignalEngine engine;
  private MessageConsumer<Object> consumer;

  private final StrategyConfig configured;
  private List<ConfiguredStrategy> configuredStrategies;

  EvaluateVerticle(PluginContext context, StrategyConfig configured) {
    this.context = context;
    this.configured = configured;
  }

  @Override
  public Future<?> start() {
    engine = new SignalEngine(MarketDataProviders.create(vertx, context.root()), StrategyVerticle.maxStaleTradingDays(context));
    return vertx.executeBlocking(configured::load, false).compose(loaded -> {
      configuredStrategies = loaded;
      consumer = vertx.eventBus().consumer(Addresses.STRATEGY_EVALUATE, this::evaluate);
      return consumer.completion();
    });
  }

  @Override
  public Future<?> stop() {
    return consumer == null ? Future.succeededFuture() : consumer.unregister();
  }

  private record Item(String file, String source, BigDecimal weight) {
  }

  private void evaluate(Message<Object> message) {
    List<Item> items = new ArrayList<>();
    LocalDate asOf;
    boolean describe;
    boolean convert;
    try {
      JsonNode request = Json.fromBody(message.body(), JsonNode.class);
      describe = request.path("describe").asBoolean(false);
      convert = request.path("convert").asBoolean(false);
      asOf = request.hasNonNull("asOf") ? LocalDate.parse(request.get("asOf").asText()) : null;
      JsonNode list = request.path("strategies");
      if (!list.isMissingNode() && !list.isNull() && (!list.isArray() || list.isEmpty())) {
        message.fail(RequestFailure.BAD_REQUEST.code(), "request lists no strategies");
        return;
      }
      for (JsonNode item : list) {
        items.add(new Item(item.path("file").asText(""), item.hasNonNull("source") ? item.get("source").asText() : null,
            new BigDecimal(item.path("weight").asText("1"))));
      }
    } catch (IOException | DateTimeParseException | NumberFormatException e) {
      message.fail(RequestFailure.BAD_REQUEST.code(), "malformed evaluate request: " + e.getMessage());
      return;
    }
    // Reading and compiling walk the tree (deep in real exports): on a deep stack, off the event loop.
    DeepStack.submit(vertx.getOrCreateContext(), () -> prepare(items, convert)).onComplete(prepared -> {
      if (prepared.failed()) {
        Throwable cause = prepared.cause();
        message.fail((cause instanceof StrategyFileException ? RequestFailure.STRATEGY_FILE : RequestFailure.INTERNAL).code(),
            String.valueOf(cause.getMessage()));
      } else if (convert) {
        message.reply(Json.toBuffer(prepared.result().converted()));
      } else if (describe) {
        message.reply(description(prepared.result().strategies(), prepared.result().sources()));
      } else {
        run(message, prepared.result().strategies(), asOf);
      }
    });
  }

  private record Prepared(List<ConfiguredStrategy> strategies, List<String> sources, ObjectNode converted) {
  }

  /** Compiles the strategies sent (none sent: the configured ones, how replay re-evaluates a past workflow), or converts them to .clj. */
  private Prepared prepare(List<Item> items, boolean convert) {
    List<ConfiguredStrategy> strategies = new ArrayList<>(items.isEmpty() ? configuredStrategies : List.of());
    List<String> sources = new ArrayList<>();
    ObjectNode converted = Json.MAPPER.createObjectNode();
    ArrayNode files = converted.putArray("strategies");
    for (Item item : items) {
      // A bundled example may be named without its text (a backtest asked for over HTTP does that).
      String source = item.source() != null || !item.file().startsWith(StrategySources.BUNDLED) ? String.valueOf(item.source())
          : StrategySources.read(item.file());
      if (convert) {
        files.addObject().put("file", item.file()).put("clj", SymphonyCompiler.toClj(item.file(), source));
        continue;
      }
      Symphony symphony = SymphonyCompiler.parseAndCompile(item.file(), source);
      sources.add(source);
      strategies.add(new SymphonyStrategy(symphony.name(), item.file(), item.weight(), symphony));
    }
    return new Prepared(strategies, sources, converted);
  }

  private void run(Message<Object> message, List<ConfiguredStrategy> strategies, LocalDate asOf) {
    engine.evaluate(strategies, asOf).onComplete(result -> {
      if (result.succeeded()) {
        message.reply(reply(result.result()));
      } else if (result.cause() instanceof WorkflowException e) {
        message.fail((ErrorCodes.MARKET_DATA_ERROR.equals(e.errorCode()) ? RequestFailure.MARKET_DATA : RequestFailure.INTERNAL).code(), e.getMessage());
      } else {
        message.fail(RequestFailure.INTERNAL.code(), String.valueOf(result.cause().getMessage()));
      }
    });
  }

  /** Compiled but not evaluated: every ticker the strategies read or allocate to (what a backtest needs bars of). */
  private static Buffer description(List<ConfiguredStrategy> strategies, List<String> sources) {
    ObjectNode json = Json.MAPPER.createObjectNode();
    java.util.TreeSet<String> tickers = new java.util.TreeSet<>();
    strategies.forEach(s -> tickers.addAll(s.symbols()));
    tickers.forEach(json.putArray("tickers")::add);
    ArrayNode list = json.putArray("strategies");
    for (int i = 0; i < strategies.size(); i++) {
      ConfiguredStrategy strategy = strategies.get(i);
      list.addObject().put("file", strategy.source()).put("name", strategy.name()).put("weight", strategy.weight())
          .put("source", i < sources.size() ? sources.get(i) : null);
    }
    return Json.toBuffer(json);
  }

  private static Buffer reply(SignalEngine.Signals signals) {
    ObjectNode json = Json.MAPPER.createObjectNode();
    json.put("asOf", signals.asOf().toString());
    json.set("allocation", Json.MAPPER.valueToTree(signals.allocation()));
    ArrayNode list = json.putArray("strategies");
    for (int i = 0; i < signals.strategies().size(); i++) {
      StrategySignal signal = signals.strategies().get(i);
      ObjectNode item = list.addObject();
      item.put("file", signals.sources().get(i).source());
      item.put("name", signal.name());
      item.put("weight", signal.weight());
      item.set("allocation", Json.MAPPER.valueToTree(signal.allocation()));
      item.set("trace", Json.MAPPER.valueToTree(signal.trace()));
      if (signal.holding() != null) {
        item.put("holding", signal.holding());
      }
    }
    json.put("rebalanceThreshold", signals.rebalanceThreshold());
    return Json.toBuffer(json);
  }
}
