package io.alchemiser.shared.config;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;

/** Changes a process makes to the loaded config before it starts its node: the same for the CLI, the web and the benchmark. */
public final class ConfigEdits {
  private ConfigEdits() {
  }

  /** A one-off process (run, signals, replay, a backtest) fires no schedule; only serve does. */
  public static JsonObject withoutSchedule(JsonObject config) {
    config.remove("schedule");
    config.remove("scheduleCron");
    return config;
  }

  /**
   * A one-off workflow ({@code run}) serves no API: {@code web} left out of the modules, so that a config
   * written for {@code serve} does not make it listen, or fail on the port a running serve holds.
   */
  public static JsonObject withoutWeb(JsonObject config) {
    // A list, or the environment's comma-separated text.
    java.util.List<String> modules = ConfigReader.root(config).stringList("modules", null);
    if (modules != null) {
      config.put("modules", new io.vertx.core.json.JsonArray(modules.stream().filter(m -> !m.equals("web")).toList()));
    }
    return config;
  }

  /** The config reading bars from TICKER.csv files in {@code dir} (a --data option), or as it is when dir is null. */
  public static JsonObject withCsvData(JsonObject config, Path dir) {
    if (dir != null) {
      config.put("marketData", config.getJsonObject("marketData", new JsonObject()).copy()
          .put("provider", "csv").put("dir", dir.toString()));
    }
    return config;
  }
}
