package io.alchemiser.orchestrator.cli;

import io.alchemiser.orchestrator.cli.common.CommandSupport;
import io.alchemiser.orchestrator.cli.common.CommonOptions;
import io.alchemiser.orchestrator.cli.common.ExitCodes;
import io.alchemiser.orchestrator.app.AlchemiserRuntime;
import io.alchemiser.orchestrator.app.Node;
import io.alchemiser.shared.bus.Addresses;
import io.alchemiser.shared.config.ConfigEdits;
import io.alchemiser.shared.config.ConfigLoader;
import io.alchemiser.shared.json.Json;
import io.alchemiser.shared.plugin.Plugins;
import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code alchemiser convert FILE.json}: prints a symphony exported from Composer as JSON in our
 * {@code .clj} form, once it compiles. Like {@code signals}, it asks the strategy module started in
 * this process, so the file is read by the same code that will run it.
 */
@Command(name = "convert", mixinStandardHelpOptions = true,
    description = "Print a Composer JSON symphony (or a .clj one, normalised) as .clj text.",
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {"0:converted", "64:bad usage", "66:unreadable or invalid strategy file", "78:bad config"})
final class ConvertCommand implements Callable<Integer> {
  @Mixin
  CommonOptions.ConfigFile configOption;

  @Parameters(paramLabel = "FILE", description = "A symphony exported from Composer (.json), or a .clj file.")
  Path file;

  @Override
  public Integer call() {
    CommandSupport.quietLogs();
    String source;
    try {
      source = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      System.err.println("error: " + file + ": no such file");
      return ExitCodes.NO_INPUT;
    } catch (IOException e) {
      System.err.println("error: " + file + ": cannot be read: " + e.getMessage());
      return ExitCodes.NO_INPUT;
    }
    AlchemiserRuntime runtime = AlchemiserRuntime.create();
    Vertx vertx = runtime.vertx();
    try {
      JsonObject config = ConfigEdits.withoutSchedule(ConfigLoader.load(vertx, configOption.file, Plugins.configSchema()).await());
      config.put("modules", new JsonArray().add("strategy"));
      Node.start(vertx, config, runtime.registry()).await();
      JsonObject request = new JsonObject().put("convert", true).put("strategies", new JsonArray()
          .add(new JsonObject().put("file", file.toString()).put("source", source)));
      Object reply = vertx.eventBus().request(Addresses.STRATEGY_EVALUATE, request, new DeliveryOptions().setSendTimeout(60_000)).await().body();
      for (JsonNode converted : Json.fromBody(reply, JsonNode.class).path("strategies")) {
        System.out.print(converted.path("clj").asText());
      }
      return 0;
    } catch (IOException e) {
      System.err.println("error: unreadable answer from the strategy module: " + Json.describe(e));
      return ExitCodes.SOFTWARE;
    } finally {
      vertx.close().await();
    }
  }
}
