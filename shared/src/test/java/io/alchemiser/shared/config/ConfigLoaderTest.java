package io.alchemiser.shared.config;

import io.alchemiser.shared.config.ConfigException;
import io.alchemiser.shared.config.ConfigLoader;
import io.alchemiser.shared.config.ConfigReader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {

  @Test
  void defaultsThenFileThenEnvironmentThenSystemProperties() throws Exception {
    Path file = Files.createTempFile("alchemiser", ".yaml");
    Files.writeString(file, "dataDir: /from/file\nportfolio:\n  cashReserve: 250\n  minTradeValue: 5\n");
    Vertx vertx = Vertx.vertx();
    try {
      System.setProperty("alchemiser.portfolio.minTradeValue", "7");
      JsonObject config = ConfigLoader.load(vertx, file).await();
      assertThat(config.getString("dataDir")).isEqualTo("/from/file");
      assertThat(config.getJsonObject("portfolio").getValue("cashReserve").toString()).isEqualTo("250");
      assertThat(config.getJsonObject("portfolio").getValue("minTradeValue").toString()).isEqualTo("7");
      assertThat(config.getJsonObject("orchestrator").getInteger("workflowTimeoutSeconds")).isEqualTo(120);
      assertThat(config.fieldNames()).noneMatch(name -> name.contains("."));
    } finally {
      System.clearProperty("alchemiser.portfolio.minTradeValue");
      vertx.close().await();
    }
  }

  @Test
  void environmentVariablesLandOnTheirDocumentedKeys() {
    JsonObject merged = ConfigLoader.bundledDefaults()
        .put("ALCHEMISER_DATA_DIR", "/env/data")
        .put("ALCHEMISER_WORKFLOW_TIMEOUT", "30")
        .put("ALCHEMISER_MODULES", "orchestrator,strategy")
        .put("alchemiser.dataDir", "/sys/data")
        .put("java.version", "17");
    JsonObject config = ConfigLoader.normalize(merged);
    assertThat(config.getString("dataDir")).isEqualTo("/sys/data");
    ConfigReader root = ConfigReader.root(config);
    assertThat(root.section("orchestrator").positiveLong("workflowTimeoutSeconds", 1)).isEqualTo(30);
    assertThat(root.stringList("modules", List.of())).containsExactly("orchestrator", "strategy");
    assertThat(config.containsKey("java.version")).isFalse();
    assertThat(config.containsKey("ALCHEMISER_DATA_DIR")).isFalse();
  }

  @Test
  void readerErrorsNameTheFullKey() {
    ConfigReader portfolio = ConfigReader.root(new JsonObject().put("portfolio",
        new JsonObject().put("cashReserve", "-5").put("fractionalShares", "maybe").put("n", "1.5")
            .put("list", new JsonArray().add(new JsonObject())))).section("portfolio");
    assertThatThrownBy(() -> portfolio.nonNegativeDecimal("cashReserve", BigDecimal.ZERO))
        .isInstanceOf(ConfigException.class).hasMessageContaining("portfolio.cashReserve").hasMessageContaining("negative");
    assertThatThrownBy(() -> portfolio.bool("fractionalShares", true)).hasMessageContaining("portfolio.fractionalShares");
    assertThatThrownBy(() -> portfolio.positiveInt("n", 1)).hasMessageContaining("portfolio.n").hasMessageContaining("whole number");
    assertThatThrownBy(() -> portfolio.stringList("list", List.of())).hasMessageContaining("portfolio.list");
    assertThatThrownBy(() -> portfolio.section("cashReserve")).hasMessageContaining("portfolio.cashReserve");
  }
}
