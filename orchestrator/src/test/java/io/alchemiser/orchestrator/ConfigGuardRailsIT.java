package io.alchemiser.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.alchemiser.shared.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A misspelled setting stops the start, and {@code config check} shows what a node would run with: the jar as a process. */
class ConfigGuardRailsIT {
  private Path work;
  private Map<String, String> env;

  @BeforeEach
  void freshDirectory() throws Exception {
    work = Files.createTempDirectory("alchemiser-config");
    env = Map.of("ALCHEMISER_DATA_DIR", work.resolve("data").toString());
  }

  @Test
  void aMisspelledLimitStopsTheRunBeforeAnythingIsTraded() throws Exception {
    Path config = work.resolve("alchemiser.yaml");
    Files.writeString(config, "portfolio: {cashReserv: 0.5}\n");
    JarProcess.Result run = JarProcess.run(work, env, "run", "--config", config.toString());
    assertThat(run.exitCode()).as(run.stderr()).isEqualTo(78);
    assertThat(run.stderr()).contains("portfolio.cashReserv").contains(config.toString())
        .contains("did you mean 'portfolio.cashReserve'?").doesNotContain("\tat ");
    assertThat(work.resolve("data")).doesNotExist();

    Files.writeString(config, "execution: {brokr: alpaca}\n");
    JarProcess.Result broker = JarProcess.run(work, env, "run", "--config", config.toString());
    assertThat(broker.exitCode()).isEqualTo(78);
    assertThat(broker.stderr()).contains("did you mean 'execution.broker'?");

    Map<String, String> misspelledEnv = new HashMap<>(env);
    misspelledEnv.put("ALCHEMISER_CASH_RESERV", "0.5");
    JarProcess.Result variable = JarProcess.run(work, misspelledEnv, "run");
    assertThat(variable.exitCode()).isEqualTo(78);
    assertThat(variable.stderr()).contains("ALCHEMISER_CASH_RESERV").contains("did you mean ALCHEMISER_CASH_RESERVE?");
    assertThat(work.resolve("data")).doesNotExist();
  }

  @Test
  void configCheckPrintsEachSettingWithItsSourceAndMasksSecrets() throws Exception {
    Path config = work.resolve("alchemiser.yaml");
    Files.writeString(config, "portfolio:\n  cashReserve: 500\nnotifications:\n  webhook:\n    url: https://hooks.example/T0K3N\n");
    Map<String, String> withToken = new HashMap<>(env);
    withToken.put("ALCHEMISER_API_TOKEN", "token-that-must-not-show-1234");
    JarProcess.Result check = JarProcess.run(work, withToken, "config", "check", "--config", config.toString(), "--json");
    assertThat(check.exitCode()).as(check.stderr()).isZero();
    assertThat(check.stdout()).doesNotContain("token-that-must-not-show").doesNotContain("T0K3N");
    JsonNode result = Json.MAPPER.readTree(check.stdout());
    assertThat(result.get("valid").asBoolean()).isTrue();
    Map<String, JsonNode> settings = new HashMap<>();
    result.get("settings").forEach(s -> settings.put(s.get("key").asText(), s));
    assertThat(settings.get("portfolio.cashReserve").get("value").asInt()).isEqualTo(500);
    assertThat(settings.get("portfolio.cashReserve").get("source").asText()).isEqualTo("file");
    assertThat(settings.get("portfolio.cashReserve").get("origin").asText()).isEqualTo(config.toString());
    assertThat(settings.get("dataDir").get("source").asText()).isEqualTo("env");
    assertThat(settings.get("dataDir").get("origin").asText()).isEqualTo("ALCHEMISER_DATA_DIR");
    assertThat(settings.get("web.apiToken").get("value").asText()).isEqualTo("********");
    assertThat(settings.get("notifications.webhook.url").get("value").asText()).isEqualTo("********");
    assertThat(settings.get("portfolio.minTradeValue").get("source").asText()).isEqualTo("default");
    assertThat(work.resolve("data")).doesNotExist();

    JarProcess.Result human = JarProcess.run(work, withToken, "config", "check", "--config", config.toString());
    assertThat(human.exitCode()).isZero();
    assertThat(human.stdout()).contains("configuration is valid").contains("portfolio.cashReserve = 500  [file " + config + "]")
        .contains("web.apiToken = ********  [env ALCHEMISER_API_TOKEN]").contains("portfolio.minTradeValue = 10  [default]")
        .doesNotContain("token-that-must-not-show");
  }

  @Test
  void configCheckRefusesWhatAStartWouldRefuse() throws Exception {
    Path config = work.resolve("alchemiser.yaml");
    Files.writeString(config, "portfolio: {cashReserve: -1}\n");
    JarProcess.Result range = JarProcess.run(work, env, "config", "check", "--config", config.toString(), "--json");
    assertThat(range.exitCode()).isEqualTo(78);
    JsonNode result = Json.MAPPER.readTree(range.stdout());
    assertThat(result.get("valid").asBoolean()).isFalse();
    assertThat(result.get("error").get("key").asText()).isEqualTo("portfolio.cashReserve");
    assertThat(range.stderr()).contains("must not be negative");

    Files.writeString(config, "notifications:\n  email: {host: smtp.example}\n");
    JarProcess.Result missing = JarProcess.run(work, env, "config", "check", "--config", config.toString());
    assertThat(missing.exitCode()).isEqualTo(78);
    assertThat(missing.stderr()).contains("notifications.email.from");

    Files.writeString(config, "schedule:\n  - cron: \"0 0 16 ? * MON-FRI\"\n    dryrun: true\n");
    JarProcess.Result scheduled = JarProcess.run(work, env, "config", "check", "--config", config.toString());
    assertThat(scheduled.exitCode()).isEqualTo(78);
    assertThat(scheduled.stderr()).contains("schedule[0].dryrun").contains("did you mean 'schedule[].dryRun'?");
  }

  @Test
  void serveLogsTheEffectiveConfigurationWithSecretsMasked() throws Exception {
    Path config = work.resolve("alchemiser.yaml");
    Files.writeString(config, "web: {host: 127.0.0.1}\nportfolio: {minTradeValue: 25}\n");
    Map<String, String> withToken = new HashMap<>(env);
    withToken.put("ALCHEMISER_API_TOKEN", "token-that-must-not-show-1234");
    try (JarProcess.Server server = JarProcess.serve(work, withToken, "--config", config.toString(), "--http-port", "0")) {
      String log = Files.readString(server.stderr());
      assertThat(log).contains("effective configuration").contains("portfolio.minTradeValue = 25  [file " + config + "]")
          .contains("web.apiToken = ********  [env ALCHEMISER_API_TOKEN]").doesNotContain("token-that-must-not-show");
    }
  }
}
