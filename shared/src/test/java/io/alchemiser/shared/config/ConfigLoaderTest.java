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
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {

  private static final ConfigSchema SCHEMA = TestSchemas.MODULES;

  private static Path yaml(String text) throws java.io.IOException {
    Path file = Files.createTempFile("alchemiser", ".yaml");
    Files.writeString(file, text);
    return file;
  }

  private static Properties properties(String... pairs) {
    Properties properties = new Properties();
    properties.setProperty("java.version", "17");
    for (int i = 0; i < pairs.length; i += 2) {
      properties.setProperty(pairs[i], pairs[i + 1]);
    }
    return properties;
  }

  @Test
  void defaultsThenFileThenEnvironmentThenSystemPropertiesEachWithItsSource() throws Exception {
    Path file = yaml("dataDir: /from/file\nportfolio:\n  cashReserve: 250\n  minTradeValue: 5\n");
    EffectiveConfig effective = ConfigLoader.effective(file,
        Map.of("ALCHEMISER_WORKFLOW_TIMEOUT", "30", "ALCHEMISER_MODULES", "orchestrator,strategy", "ALCHEMISER_LOG_LEVEL", "DEBUG", "PATH", "/bin"),
        properties("alchemiser.portfolio.minTradeValue", "7", "alchemiser.log.level", "WARN"), SCHEMA);
    JsonObject config = effective.config();
    assertThat(config.getString("dataDir")).isEqualTo("/from/file");
    assertThat(config.getJsonObject("portfolio").getValue("cashReserve").toString()).isEqualTo("250");
    assertThat(config.getJsonObject("portfolio").getValue("minTradeValue").toString()).isEqualTo("7");
    ConfigReader root = ConfigReader.root(config);
    assertThat(root.section("orchestrator").positiveLong("workflowTimeoutSeconds", 1)).isEqualTo(30);
    assertThat(root.stringList("modules", List.of())).containsExactly("orchestrator", "strategy");
    assertThat(config.fieldNames()).noneMatch(name -> name.contains(".") || name.startsWith("ALCHEMISER"));
    assertThat(effective.origins().get("dataDir")).isEqualTo(new EffectiveConfig.Origin("file", file.toString()));
    assertThat(effective.origins().get("orchestrator.workflowTimeoutSeconds")).isEqualTo(new EffectiveConfig.Origin("env", "ALCHEMISER_WORKFLOW_TIMEOUT"));
    assertThat(effective.origins().get("portfolio.minTradeValue"))
        .isEqualTo(new EffectiveConfig.Origin("system property", "-Dalchemiser.portfolio.minTradeValue"));
    assertThat(effective.origins().get("portfolio.fractionalShares")).isEqualTo(new EffectiveConfig.Origin("default", null));
    assertThat(effective.origins()).containsKey("strategy.strategies[0].file");
    assertThat(effective.layers()).containsExactly("defaults", file.toString(), "environment", "system properties");
  }

  @Test
  void aCommandLineValueGoesOnTopAndIsShownWithItsOptionLeavingTheConfigItCameFromAsItWas() throws Exception {
    Path file = yaml("web:\n  port: 9000\n  host: 127.0.0.1\n");
    EffectiveConfig loaded = ConfigLoader.effective(file, Map.of(), properties(), SCHEMA);
    EffectiveConfig effective = loaded.with("web.port", 0, new EffectiveConfig.Origin("command line", "--http-port"))
        .with("cluster.members", new JsonArray().add("10.0.0.5:5701"), new EffectiveConfig.Origin("command line", "--cluster-members"));
    assertThat(effective.config().getJsonObject("web").getInteger("port")).isZero();
    // The rest of the section stays.
    assertThat(effective.config().getJsonObject("web").getString("host")).isEqualTo("127.0.0.1");
    assertThat(effective.origin("web.port")).isEqualTo(new EffectiveConfig.Origin("command line", "--http-port"));
    assertThat(effective.origin("web.host")).isEqualTo(new EffectiveConfig.Origin("file", file.toString()));
    assertThat(effective.summary()).contains("web.port = 0  [command line --http-port]")
        .contains("cluster.members = [\"10.0.0.5:5701\"]  [command line --cluster-members]");
    assertThat(effective.layers()).containsExactly("defaults", file.toString(), "command line");
    // A command's own default is one of the defaults, not a layer.
    assertThat(effective.with("modules", new JsonArray().add("web"), new EffectiveConfig.Origin("default", "of serve")).layers())
        .containsExactly("defaults", file.toString(), "command line");
    assertThat(loaded.config().getJsonObject("web").getInteger("port")).isEqualTo(9000);
    assertThat(loaded.origin("web.port")).isEqualTo(new EffectiveConfig.Origin("file", file.toString()));
  }

  @Test
  void yamlBooleansAreTrueAndFalseOnlySoTheKeyOnIsAKey() throws Exception {
    // YAML 1.1 read "on" as true: the setting notifications.on was refused as notifications.true.
    Path file = yaml("notifications:\n  on: [WorkflowFailed]\n  log: no\nportfolio:\n  fractionalShares: False\n"
        + "orchestrator:\n  journal:\n    enabled: off\n");
    JsonObject config = ConfigLoader.effective(file, Map.of(), properties(), SCHEMA).config();
    assertThat(config.getJsonObject("notifications").getJsonArray("on")).containsExactly("WorkflowFailed");
    // "no" is text now, which the boolean reader still takes for false; true and false stay booleans.
    assertThat(config.getJsonObject("notifications").getValue("log")).isEqualTo("no");
    assertThat(ConfigReader.root(config).section("notifications").bool("log", true)).isFalse();
    assertThat(config.getJsonObject("portfolio").getValue("fractionalShares")).isEqualTo(false);
    assertThat(ConfigReader.root(config).section("orchestrator").section("journal").bool("enabled", true)).isFalse();
  }

  @Test
  void aOneOffRunLeavesTheWebModuleOutWhetherTheModulesAreAListOrTheEnvironmentsText() {
    assertThat(ConfigEdits.withoutWeb(new JsonObject().put("modules", new JsonArray().add("orchestrator").add("web").add("strategy")))
        .getJsonArray("modules")).containsExactly("orchestrator", "strategy");
    assertThat(ConfigEdits.withoutWeb(new JsonObject().put("modules", "orchestrator, web,portfolio")).getJsonArray("modules"))
        .containsExactly("orchestrator", "portfolio");
    assertThat(ConfigEdits.withoutWeb(new JsonObject()).containsKey("modules")).isFalse();
  }

  @Test
  void aMisspelledKeyInTheFileStopsTheStartNamingTheFileAndTheClosestKey() throws Exception {
    Path file = yaml("portfolio:\n  cashReserv: 0.5\n");
    assertThatThrownBy(() -> ConfigLoader.effective(file, Map.of(), properties(), SCHEMA))
        .isInstanceOf(ConfigException.class).hasMessageContaining("portfolio.cashReserv").hasMessageContaining(file.toString())
        .hasMessageContaining("did you mean 'portfolio.cashReserve'?");
    Path broker = yaml("execution: {brokr: alpaca}\n");
    assertThatThrownBy(() -> ConfigLoader.effective(broker, Map.of(), properties(), SCHEMA))
        .hasMessageContaining("execution.brokr").hasMessageContaining("did you mean 'execution.broker'?");
    Path listed = yaml("strategy:\n  strategies:\n    - fiel: x.clj\n");
    assertThatThrownBy(() -> ConfigLoader.effective(listed, Map.of(), properties(), SCHEMA))
        .hasMessageContaining("strategy.strategies[0].fiel").hasMessageContaining("did you mean 'strategy.strategies[].file'?");
    Path unrelated = yaml("tradingHours: 9-5\n");
    assertThatThrownBy(() -> ConfigLoader.effective(unrelated, Map.of(), properties(), SCHEMA))
        .hasMessageContaining("'tradingHours'").hasMessageContaining("alchemiser config check");
  }

  @Test
  void keysOfFreeMapsListsOfValuesAndNullsAreFine() throws Exception {
    Path file = yaml("modules: [strategy]\nweb:\n  apiToken:\nstrategy:\n  strategies:\n    - name: mix\n      allocation: {SPY: 0.6, BRK.B: 0.4}\n");
    JsonObject config = ConfigLoader.effective(file, Map.of(), properties(), SCHEMA).config();
    assertThat(config.getJsonObject("strategy").getJsonArray("strategies").getJsonObject(0).getJsonObject("allocation").fieldNames())
        .containsExactly("SPY", "BRK.B");
  }

  @Test
  void anUnknownOwnEnvironmentVariableOrSystemPropertyStopsTheStart() {
    assertThatThrownBy(() -> ConfigLoader.effective(null, Map.of("ALCHEMISER_CASH_RESERV", "0.5"), properties(), SCHEMA))
        .isInstanceOf(ConfigException.class).hasMessageContaining("ALCHEMISER_CASH_RESERV")
        .hasMessageContaining("did you mean ALCHEMISER_CASH_RESERVE?");
    assertThatThrownBy(() -> ConfigLoader.effective(null, Map.of(), properties("alchemiser.portfolio.cashReserv", "1"), SCHEMA))
        .hasMessageContaining("system property -Dalchemiser.portfolio.cashReserv").hasMessageContaining("portfolio.cashReserve");
  }

  @Test
  void secretsAreMaskedWhereverTheConfigIsShown() {
    EffectiveConfig effective = ConfigLoader.effective(null, Map.of("ALCHEMISER_API_TOKEN", "s3cret-token-0123456789",
        "APCA_API_SECRET_KEY", "alpaca-secret-value"), properties(), SCHEMA);
    assertThat(effective.config().getJsonObject("web").getString("apiToken")).isEqualTo("s3cret-token-0123456789");
    assertThat(effective.summary()).contains("web.apiToken = " + EffectiveConfig.MASK + "  [env ALCHEMISER_API_TOKEN]")
        .doesNotContain("s3cret").doesNotContain("alpaca-secret");
    assertThat(effective.toJson().encode()).doesNotContain("s3cret").doesNotContain("alpaca-secret").contains("\"source\":\"env\"");
  }

  @Test
  void aFileThatIsNotYamlIsNamedWithItsLine() throws Exception {
    Path file = yaml("portfolio:\n  cashReserve: [1,\n");
    assertThatThrownBy(() -> ConfigLoader.effective(file, Map.of(), properties(), SCHEMA))
        .isInstanceOf(ConfigException.class).hasMessageContaining(file.toString()).hasMessageContaining("line");
    Path list = yaml("- a\n- b\n");
    assertThatThrownBy(() -> ConfigLoader.effective(list, Map.of(), properties(), SCHEMA)).hasMessageContaining("must be a map of settings");
  }

  @Test
  void theLoaderReadsOffTheEventLoop() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      JsonObject config = ConfigLoader.load(vertx, null, SCHEMA).await();
      assertThat(config.getJsonObject("orchestrator").getInteger("workflowTimeoutSeconds")).isEqualTo(120);
    } finally {
      vertx.close().await();
    }
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
