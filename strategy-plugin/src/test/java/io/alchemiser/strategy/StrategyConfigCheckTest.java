package io.alchemiser.strategy;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.alchemiser.shared.config.ConfigException;
import io.alchemiser.shared.config.ConfigReader;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@code config check} reads and compiles the strategy files, as a start would: it passed a file that did not exist. */
class StrategyConfigCheckTest {

  private static ConfigReader withFile(String file) {
    return ConfigReader.root(new JsonObject().put("strategy", new JsonObject().put("strategies",
        new JsonArray().add(new JsonObject().put("file", file).put("weight", 1)))));
  }

  @Test
  void aMissingOrBrokenSymphonyFailsTheCheckNamingTheKeyAndTheFile() throws Exception {
    Path dir = Files.createTempDirectory("strategy-check");
    assertThatThrownBy(() -> new StrategyPlugin().checkConfig(withFile(dir.resolve("nope.clj").toString()), dir))
        .isInstanceOf(ConfigException.class).hasMessageContaining("strategy.strategies[0].file").hasMessageContaining("nope.clj: no such file");
    Path broken = Files.writeString(dir.resolve("broken.clj"), "(defsymphony \"x\" {} (asset \"SPY\")\n");
    assertThatThrownBy(() -> new StrategyPlugin().checkConfig(withFile(broken.toString()), dir))
        .isInstanceOf(ConfigException.class).hasMessageContaining("broken.clj:2:1");
    // A good one passes.
    new StrategyPlugin().checkConfig(withFile("bundled:strategies/balanced-60-40.clj"), dir);
  }
}
