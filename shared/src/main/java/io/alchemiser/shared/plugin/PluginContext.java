package io.alchemiser.shared.plugin;

import io.alchemiser.shared.config.ConfigReader;
import io.alchemiser.shared.metrics.AlchemiserMetrics;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;

/**
 * What a plugin gets from the launcher: the whole config, the data directory, the metrics (ours, and
 * the registry they and Vert.x's own go to) and the node's name.
 */
public record PluginContext(JsonObject config, Path dataDir, AlchemiserMetrics metrics, String nodeId,
                            io.micrometer.core.instrument.MeterRegistry registry) {

  /** For a plugin whose metrics nobody scrapes (tests). */
  public PluginContext(JsonObject config, Path dataDir, AlchemiserMetrics metrics, String nodeId) {
    this(config, dataDir, metrics, nodeId, new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
  }

  /** This plugin's own config section, e.g. {@code strategy:} for the strategy plugin. */
  public ConfigReader section(String name) {
    return ConfigReader.root(config).section(name);
  }

  /**
   * A pause before the module's answer, for fault-injection tests that kill the process mid-workflow
   * ({@code <module>.testing.delayMs}; none unless set).
   */
  public long testingDelayMs(String module) {
    ConfigReader testing = section(module).section("testing");
    return testing.has("delayMs") ? testing.positiveLong("delayMs", 1) : 0;
  }

  public ConfigReader root() {
    return ConfigReader.root(config);
  }
}
