package io.alchemiser.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import io.alchemiser.shared.FakeAlpaca;
import io.alchemiser.shared.FakeAlpacaTrading;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code serve} with a schedule: one workflow per tick with its derived id; a closed market skips ticks. */
class ScheduleIT {
  private Vertx vertx;
  private WebClient http;
  private Path work;

  @BeforeEach
  void setUp() throws Exception {
    vertx = Vertx.vertx();
    http = WebClient.create(vertx);
    work = Files.createTempDirectory("alchemiser-schedule");
  }

  @AfterEach
  void tearDown() {
    vertx.close().await();
  }

  private Path config(String yaml) throws Exception {
    Path file = work.resolve("schedule.yaml");
    Files.writeString(file, yaml);
    return file;
  }

  @Test
  void everyTickStartsOneWorkflowWithItsDerivedId() throws Exception {
    Path config = config("""
        schedule:
          - {name: fast, cron: "*/2 * * * * ?", timeZone: UTC, calendar: always, dryRun: true}
        """);
    try (JarProcess.Server server = JarProcess.serve(work, Map.of("ALCHEMISER_DATA_DIR", work.resolve("data").toString()),
        "--http-port", "0", "--config", config.toString())) {
      Thread.sleep(7_000);
      JsonArray workflows = http.get(server.port(), "127.0.0.1", "/api/workflows?limit=100").send().await()
          .bodyAsJsonObject().getJsonArray("workflows");
      Set<String> ids = new HashSet<>();
      for (Object o : workflows) {
        JsonObject w = (JsonObject) o;
        assertThat(w.getString("correlationId")).matches("sched-fast-\\d{8}T\\d{6}");
        assertThat(w.getString("trigger")).isEqualTo("schedule");
        assertThat(w.getBoolean("dryRun")).isTrue();
        assertThat(ids.add(w.getString("correlationId"))).isTrue();
        assertThat(Integer.parseInt(w.getString("correlationId").substring(w.getString("correlationId").length() - 2)) % 2).isZero();
      }
      assertThat(ids).hasSizeBetween(2, 5);
      JsonObject entry = http.get(server.port(), "127.0.0.1", "/api/schedule").send().await().bodyAsJsonObject()
          .getJsonArray("entries").getJsonObject(0);
      assertThat(entry.getString("name")).isEqualTo("fast");
      assertThat(entry.getString("nextFireTime")).isNotBlank();
      assertThat(entry.getString("lastOutcome")).startsWith("started sched-fast-");
      assertThat(http.get(server.port(), "127.0.0.1", "/metrics").send().await().bodyAsString())
          .contains("alchemiser_schedule_ticks_total{entry=\"fast\",outcome=\"fired\"}");
    }
    JarProcess.Result next = JarProcess.run(work, Map.of(), "schedule", "--next", "3", "--config", config.toString());
    assertThat(next.exitCode()).isZero();
    assertThat(next.stdout().lines().filter(l -> l.contains("UTC)")).count()).isEqualTo(3);
    JarProcess.Result bad = JarProcess.run(work, Map.of("ALCHEMISER_SCHEDULE", "every day"), "serve", "--http-port", "0");
    assertThat(bad.exitCode()).isEqualTo(78);
    assertThat(bad.stderr()).contains("ALCHEMISER_SCHEDULE");
  }

  @Test
  void aClosedMarketSkipsTheTickAndPlacesNoOrder() throws Exception {
    try (FakeAlpaca alpaca = FakeAlpaca.start(vertx, true, 1000)) {
      FakeAlpacaTrading trading = alpaca.trading(new BigDecimal("100000")).marketOpen(false);
      Map<String, String> env = new HashMap<>(Map.of("ALCHEMISER_DATA_DIR", work.resolve("data").toString(),
          "ALCHEMISER_BROKER", "alpaca", "ALCHEMISER_MARKET_DATA", "alpaca", "APCA_API_BASE_URL", alpaca.url(),
          "APCA_API_DATA_URL", alpaca.url(), "APCA_API_KEY_ID", FakeAlpaca.KEY_ID, "APCA_API_SECRET_KEY", FakeAlpaca.SECRET,
          "ALCHEMISER_SCHEDULE", "*/2 * * * * ?"));
      try (JarProcess.Server server = JarProcess.serve(work, env, "--http-port", "0")) {
        Thread.sleep(5_000);
        JsonObject entry = http.get(server.port(), "127.0.0.1", "/api/schedule").send().await().bodyAsJsonObject()
            .getJsonArray("entries").getJsonObject(0);
        assertThat(entry.getString("calendar")).isEqualTo("broker");
        assertThat(entry.getString("lastOutcome")).contains("skipped").contains("market closed").contains("next open");
        assertThat(http.get(server.port(), "127.0.0.1", "/api/workflows").send().await().bodyAsJsonObject()
            .getJsonArray("workflows")).isEmpty();
        assertThat(http.get(server.port(), "127.0.0.1", "/metrics").send().await().bodyAsString())
            .contains("alchemiser_schedule_ticks_total{entry=\"default\",outcome=\"skipped\"}");
      }
      assertThat(trading.orderPosts()).isZero();
    }
  }

}
