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

  /** The config reading bars from TICKER.csv files in {@code dir} (a --data option), or as it is when dir is null. */
  public static JsonObject withCsvData(JsonObject config, Path dir) {
    if (dir != null) {
      config.put("marketData", config.getJsonObject("marketData", new JsonObject()).copy()
          .put("provider", "csv").put("dir", dir.toString()));
    }
    return config;
  }
}
