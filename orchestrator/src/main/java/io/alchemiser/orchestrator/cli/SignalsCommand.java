package io.alchemiser.orchestrator.cli;

import io.alchemiser.orchestrator.cli.common.CommandSupport;
import io.alchemiser.orchestrator.cli.common.CommonOptions;
import io.alchemiser.orchestrator.cli.common.ExitCodes;
import io.alchemiser.shared.plugin.Plugins;
import io.alchemiser.orchestrator.app.AlchemiserRuntime;
import io.alchemiser.orchestrator.app.Node;
import io.alchemiser.orchestrator.backtest.StrategyWeights;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.alchemiser.shared.bus.Addresses;
import io.alchemiser.shared.config.ConfigLoader;
import io.alchemiser.shared.json.Json;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code alchemiser signals}: evaluates strategy files without starting a workflow. It starts the
 * strategy module in this process and asks it over the bus, as any node of a cluster could.
 */
@Command(name = "signals", mixinStandardHelpOptions = true,
    description = "Evaluate symphony strategy files and print the target allocation, without trading.",
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {"0:evaluated", "64:bad usage", "65:market data error", "66:strategy file error", "78:bad config"})
final class SignalsCommand implements Callable<Integer> {
  @Mixin
  CommonOptions.StrategyData strategyData;

  @Mixin
  CommonOptions.JsonOutput jsonOption;

  @Mixin
  CommonOptions.ConfigFile configOption;

  private static final long TIMEOUT_MS = 60_000;

  @Option(names = "--strategy", paramLabel = "FILE", required = true, description = "A symphony file (.clj, or Composer JSON .json); repeat for several.")
  List<Path> strategies;

  @Option(names = "--as-of", paramLabel = "YYYY-MM-DD", description = "Evaluate on the bars up to and including this date.")
  String asOf;

  @Override
  public Integer call() {
    PrintStream err = System.err;
    CommandSupport.quietLogs();
    List<BigDecimal> strategyWeights;
    try {
      strategyWeights = StrategyWeights.resolve(strategyData.weights, strategies.size());
      if (asOf != null) {
        LocalDate.parse(asOf);
      }
    } catch (IllegalArgumentException | DateTimeParseException e) {
      err.println("error: " + e.getMessage());
      return ExitCodes.USAGE;
    }
    JsonArray items = new JsonArray();
    for (int i = 0; i < strategies.size(); i++) {
      Path file = strategies.get(i);
      try {
        items.add(new JsonObject().put("file", file.toString())
            .put("source", Files.readString(file, StandardCharsets.UTF_8))
            .put("weight", strategyWeights.get(i).toPlainString()));
      } catch (NoSuchFileException e) {
        err.println("error: " + file + ": no such file");
        return ExitCodes.NO_INPUT;
      } catch (IOException e) {
        err.println("error: " + file + ": cannot be read: " + e.getMessage());
        return ExitCodes.NO_INPUT;
      }
    }
    AlchemiserRuntime runtime = AlchemiserRuntime.create();
    Vertx vertx = runtime.vertx();
    try {
      // A bad config (78) or a refused request ends in Main's one mapping of failures to exit statuses.
      JsonObject config = io.alchemiser.shared.config.ConfigEdits.withoutSchedule(ConfigLoader.load(vertx, configOption.file, Plugins.configSchema()).await());
      config.put("modules", new JsonArray().add("strategy"));
      io.alchemiser.shared.config.ConfigEdits.withCsvData(config, strategyData.dir);
      Node.start(vertx, config, runtime.registry()).await();
      JsonObject request = new JsonObject().put("asOf", asOf).put("strategies", items);
      Object reply = vertx.eventBus().request(Addresses.STRATEGY_EVALUATE, request, new DeliveryOptions().setSendTimeout(TIMEOUT_MS))
          .await().body();
      print(Json.fromBody(reply, ObjectNode.class));
      return 0;
    } catch (IOException e) {
      err.println("error: unreadable answer from the strategy module: " + Json.describe(e));
      return ExitCodes.SOFTWARE;
    } finally {
      vertx.close().await();
    }
  }

  private void print(ObjectNode result) {
    ObjectNode output = Json.MAPPER.createObjectNode();
    output.set("asOf", result.get("asOf"));
    output.set("allocation", result.get("allocation"));
    ArrayNode list = output.putArray("strategies");
    for (JsonNode strategy : result.get("strategies")) {
      ObjectNode item = list.addObject();
      for (String field : List.of("file", "name", "weight", "allocation", "trace", "holding")) {
        if (strategy.has(field)) {
          item.set(field, strategy.get(field));
        }
      }
    }
    if (jsonOption.json) {
      System.out.println(output);
      return;
    }
    StringBuilder out = new StringBuilder("As of ").append(output.get("asOf").asText()).append('\n');
    appendAllocation(out, "Target allocation", output.get("allocation"), "");
    for (JsonNode strategy : output.get("strategies")) {
      out.append('\n');
      appendAllocation(out, strategy.get("name").asText() + " (" + strategy.get("file").asText() + ", weight "
          + strategy.get("weight").asText() + ")", strategy.get("allocation"), "  ");
      if (strategy.has("holding")) {
        out.append("    ").append(strategy.get("holding").asText()).append('\n');
      }
      for (JsonNode step : strategy.get("trace")) {
        out.append("    ").append(step.asText()).append('\n');
      }
    }
    System.out.print(out);
  }

  private static void appendAllocation(StringBuilder out, String title, JsonNode allocation, String indent) {
    out.append(indent).append(title).append(":\n");
    Iterator<Map.Entry<String, JsonNode>> fields = allocation.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> entry = fields.next();
      out.append(indent).append(String.format("  %-6s %8s%%%n", entry.getKey(),
          entry.getValue().decimalValue().movePointRight(2).setScale(2, java.math.RoundingMode.HALF_EVEN).toPlainString()));
    }
  }
}
