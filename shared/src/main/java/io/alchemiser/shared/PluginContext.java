package io.alchemiser.shared;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;

/** What a plugin gets from the launcher: the whole config, the data directory and the metrics. */
public record PluginContext(JsonObject config, Path dataDir, AlchemiserMetrics metrics, String nodeId) {

  /** This plugin's own config section, e.g. {@code strategy:} for the strategy plugin. */
  public ConfigReader section(String name) {
    return ConfigReader.root(config).section(name);
  }

  public ConfigReader root() {
    return ConfigReader.root(config);
  }
}
