package io.alchemiser.orchestrator.cli;

import io.alchemiser.orchestrator.cli.common.CommandSupport;
import io.alchemiser.orchestrator.cli.common.ExitCodes;
import io.alchemiser.shared.plugin.Plugins;
import io.alchemiser.orchestrator.app.AlchemiserRuntime;
import io.alchemiser.orchestrator.app.Node;
import io.alchemiser.orchestrator.journal.JournalReplay;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.alchemiser.shared.bus.Addresses;
import io.alchemiser.shared.config.ConfigLoader;
import io.alchemiser.shared.event.CorrelationIds;
import io.alchemiser.shared.json.Json;
import io.alchemiser.shared.trading.PlannedTrade;
import io.alchemiser.shared.trading.RebalancePlan;
import io.alchemiser.shared.event.RebalancePlanned;
import io.alchemiser.shared.event.SignalGenerated;
import io.alchemiser.shared.event.WorkflowEvent;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code alchemiser replay ID}: evaluates the strategies again on the data of a past workflow's
 * as-of date and plans again from its journaled signal and account, and shows what differs. Places
 * nothing: the strategy and portfolio modules run in this process and answer over the bus.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
    description = "Re-evaluate the strategy and the plan of a past workflow from its journaled inputs, and show any difference.",
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {"0:replayed (differences are shown, not an error)", "64:bad usage", "65:nothing to replay",
        "66:no journal", "69:a running server holds the journal", "78:bad config"})
final class ReplayCommand implements Callable<Integer> {
  private static final BigDecimal TOLERANCE = new BigDecimal("1e-12");

  @Parameters(paramLabel = "ID", description = "The workflow's correlation id.")
  String id;

  @Mixin
  JournalCommands.JournalOptions options;

  @Override
  public Integer call() {
    if (!CorrelationIds.isValid(id)) {
      System.err.println("error: " + CorrelationIds.validateMessage(id));
      return ExitCodes.USAGE;
    }
    CommandSupport.quietLogs();
    JournalReplay journal;
    try {
      journal = JournalCommands.read(options.configFile());
    } catch (RuntimeException e) {
      return JournalCommands.fail(e);
    }
    List<WorkflowEvent> events = journal.events.get(id);
    SignalGenerated signal = events == null ? null : last(events, SignalGenerated.class);
    if (signal == null) {
      System.err.println("error: " + (events == null ? "the journal has no workflow " + id
          : "workflow " + id + " never produced a signal; there is nothing to replay"));
      return ExitCodes.DATA_ERROR;
    }
    RebalancePlanned planned = last(events, RebalancePlanned.class);

    AlchemiserRuntime runtime = AlchemiserRuntime.create();
    Vertx vertx = runtime.vertx();
    try {
      JsonObject config = io.alchemiser.shared.config.ConfigEdits.withoutSchedule(ConfigLoader.load(vertx, options.configFile(), Plugins.configSchema()).await());
      config.put("modules", new JsonArray().add("strategy").add("portfolio"));
      Node.start(vertx, config, runtime.registry()).await();
      ObjectNode out = Json.MAPPER.createObjectNode();
      out.put("correlationId", id);
      out.put("asOf", signal.asOf().toString());

      JsonObject evaluated = new JsonObject(vertx.eventBus().request(Addresses.STRATEGY_EVALUATE,
          new JsonObject().put("asOf", signal.asOf().toString()), new DeliveryOptions().setSendTimeout(60_000)).await().body().toString());
      Map<String, BigDecimal> now = new TreeMap<>();
      evaluated.getJsonObject("allocation").forEach(e -> now.put(e.getKey(), new BigDecimal(e.getValue().toString())));
      out.set("allocation", weightDifferences(signal.allocation(), now));

      if (planned != null) {
        RebalancePlan old = planned.plan();
        JsonObject positions = new JsonObject();
        JsonObject prices = new JsonObject();
        for (PlannedTrade line : old.trades()) {
          prices.put(line.symbol(), line.price().toPlainString());
          if (line.currentQuantity().signum() > 0) {
            positions.put(line.symbol(), line.currentQuantity().toPlainString());
          }
        }
        JsonObject allocation = new JsonObject();
        signal.allocation().forEach((symbol, weight) -> allocation.put(symbol, weight.toPlainString()));
        JsonObject request = new JsonObject().put("allocation", allocation)
            .put("account", new JsonObject().put("cash", old.cash().toPlainString()).put("equity", old.equity().toPlainString())
                .put("positions", positions).put("prices", prices))
            .put("rebalanceThreshold", signal.rebalanceThreshold() == null ? null : signal.rebalanceThreshold().toPlainString());
        RebalancePlan again = Json.fromBody(vertx.eventBus().request(Addresses.PORTFOLIO_PLAN, request).await().body(), RebalancePlan.class);
        out.set("plan", planDifferences(old, again));
      }
      print(out);
      return 0;
    } catch (java.io.IOException e) {
      System.err.println("error: unreadable plan from the portfolio module: " + Json.describe(e));
      return ExitCodes.SOFTWARE;
    } finally {
      vertx.close().await();
    }
  }

  private static <T extends WorkflowEvent> T last(List<WorkflowEvent> events, Class<T> type) {
    T found = null;
    for (WorkflowEvent event : events) {
      if (type.isInstance(event)) {
        found = type.cast(event);
      }
    }
    return found;
  }

  private static ObjectNode weightDifferences(Map<String, BigDecimal> journaled, Map<String, BigDecimal> now) {
    ObjectNode node = Json.MAPPER.createObjectNode();
    ArrayNode differences = node.putArray("differences");
    Set<String> symbols = new TreeSet<>(journaled.keySet());
    symbols.addAll(now.keySet());
    for (String symbol : symbols) {
      BigDecimal before = journaled.getOrDefault(symbol, BigDecimal.ZERO);
      BigDecimal after = now.getOrDefault(symbol, BigDecimal.ZERO);
      if (before.subtract(after).abs().compareTo(TOLERANCE) > 0) {
        differences.addObject().put("symbol", symbol).put("journaled", before).put("now", after);
      }
    }
    node.put("same", differences.isEmpty());
    return node;
  }

  private static ObjectNode planDifferences(RebalancePlan journaled, RebalancePlan now) {
    ObjectNode node = Json.MAPPER.createObjectNode();
    ArrayNode differences = node.putArray("differences");
    Map<String, PlannedTrade> before = new TreeMap<>();
    journaled.trades().forEach(t -> before.put(t.symbol(), t));
    Map<String, PlannedTrade> after = new TreeMap<>();
    now.trades().forEach(t -> after.put(t.symbol(), t));
    Set<String> symbols = new TreeSet<>(before.keySet());
    symbols.addAll(after.keySet());
    for (String symbol : symbols) {
      PlannedTrade a = before.get(symbol);
      PlannedTrade b = after.get(symbol);
      boolean same = a != null && b != null && a.action() == b.action() && a.quantity().compareTo(b.quantity()) == 0;
      if (!same) {
        differences.addObject().put("symbol", symbol)
            .put("journaled", a == null ? "-" : a.action() + " " + a.quantity().toPlainString())
            .put("now", b == null ? "-" : b.action() + " " + b.quantity().toPlainString());
      }
    }
    node.put("same", differences.isEmpty());
    return node;
  }

  private void print(ObjectNode out) {
    if (options.json()) {
      System.out.println(out);
      return;
    }
    StringBuilder text = new StringBuilder("Workflow ").append(id).append(", data as of ").append(out.get("asOf").asText()).append('\n');
    for (String part : new String[] {"allocation", "plan"}) {
      if (!out.has(part)) {
        text.append(part).append(": no journaled ").append(part.equals("plan") ? "plan" : "signal").append('\n');
        continue;
      }
      if (out.get(part).get("same").asBoolean()) {
        text.append(part).append(": no difference\n");
      } else {
        text.append(part).append(": differs\n");
        out.get(part).get("differences").forEach(d -> text.append(String.format("  %-6s journaled %s, now %s%n",
            d.get("symbol").asText(), d.get("journaled").asText(), d.get("now").asText())));
      }
    }
    System.out.print(text);
  }
}
