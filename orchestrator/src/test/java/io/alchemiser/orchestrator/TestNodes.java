package io.alchemiser.orchestrator;

import io.alchemiser.shared.config.ConfigLoader;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Configs for nodes under test: the bundled defaults with a fresh data directory. */
final class TestNodes {
  private TestNodes() {
  }

  static JsonObject config(Path dataDir, List<String> modules) {
    JsonObject config = ConfigLoader.bundledDefaults();
    config.put("dataDir", dataDir.toString());
    config.put("modules", new JsonArray(modules));
    return config;
  }

  static JsonObject allModules(Path dataDir) {
    return config(dataDir, List.of("orchestrator", "strategy", "portfolio", "execution", "notifications"));
  }

  /** The config with one fixed-allocation strategy instead of the example symphonies. */
  static JsonObject withFixedStrategy(JsonObject config, JsonObject allocation) {
    config.put("strategy", new JsonObject().put("strategies", new JsonArray().add(new JsonObject()
        .put("name", "fixed").put("kind", "fixed").put("weight", 1).put("allocation", allocation))));
    return config;
  }

  static Path tempDir() throws IOException {
    return Files.createTempDirectory("alchemiser-test");
  }
}
