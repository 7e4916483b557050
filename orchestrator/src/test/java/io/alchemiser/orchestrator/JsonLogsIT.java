package io.alchemiser.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.alchemiser.shared.FakeAlpaca;
import io.alchemiser.shared.FakeAlpacaTrading;
import io.alchemiser.shared.json.Json;
import io.vertx.core.Vertx;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A whole workflow with {@code ALCHEMISER_LOG_FORMAT=json}, as an operator's log shipper reads it:
 * every line of stderr and of the log file is JSON with the formatted message, and no configured
 * secret appears anywhere in the output.
 */
class JsonLogsIT {
  private static final String SMTP_PASSWORD = "smtp-password-never-logged";
  private static final String WEBHOOK_SECRET = "webhook-secret-never-logged";

  @Test
  void everyLineIsJsonWithItsValuesAndNoSecretIsLogged() throws Exception {
    Path work = Files.createTempDirectory("alchemiser-json-logs");
    Vertx vertx = Vertx.vertx();
    try (FakeAlpaca alpaca = FakeAlpaca.start(vertx, true, 500)) {
      FakeAlpacaTrading trading = alpaca.trading(new BigDecimal("100000"));
      int closed = closedPort();
      Path config = work.resolve("config.yaml");
      // Notifications that cannot be delivered: their failures are logged too, a little faster than by default.
      Files.writeString(config, "notifications:\n  retry: {maxAttempts: 2, baseDelayMs: 100}\n  shutdownGraceSeconds: 3\n");
      Path logFile = work.resolve("alchemiser.log");
      Map<String, String> env = new HashMap<>(Map.of(
          "ALCHEMISER_LOG_FORMAT", "json", "ALCHEMISER_LOG_LEVEL", "INFO", "ALCHEMISER_LOG_FILE", logFile.toString(),
          "ALCHEMISER_DATA_DIR", work.resolve("data").toString(),
          "ALCHEMISER_BROKER", "alpaca", "ALCHEMISER_MARKET_DATA", "alpaca",
          "APCA_API_BASE_URL", alpaca.url(), "APCA_API_DATA_URL", alpaca.url(),
          "APCA_API_KEY_ID", FakeAlpaca.KEY_ID, "APCA_API_SECRET_KEY", FakeAlpaca.SECRET));
      env.putAll(Map.of("ALCHEMISER_SMTP_HOST", "127.0.0.1", "ALCHEMISER_SMTP_PORT", Integer.toString(closed),
          "ALCHEMISER_SMTP_TLS", "none", "ALCHEMISER_SMTP_USER", "trader", "ALCHEMISER_SMTP_PASSWORD", SMTP_PASSWORD,
          "ALCHEMISER_EMAIL_FROM", "alchemiser@example.org", "ALCHEMISER_EMAIL_TO", "trader@example.org",
          "ALCHEMISER_WEBHOOK_URL", "http://127.0.0.1:" + closed + "/hook", "ALCHEMISER_WEBHOOK_SECRET", WEBHOOK_SECRET));
      JarProcess.Result run = JarProcess.run(work, env, "run", "--json", "--correlation-id", "json-logs-1", "--config", config.toString());
      assertThat(run.exitCode()).as(run.stderr()).isZero();
      assertThat(trading.orderPosts()).isPositive();

      List<JsonNode> lines = parse(run.stderr());
      List<JsonNode> fileLines = parse(Files.readString(logFile));
      assertThat(fileLines).hasSameSizeAs(lines);
      for (JsonNode line : lines) {
        String message = line.get("message").asText();
        assertThat(message).as(line.toString()).doesNotContain("{}");
        Instant.parse(line.get("timestamp").asText());
        assertThat(line.get("timestamp").asText()).endsWith("Z");
        assertThat(line.get("level").asText()).isIn("INFO", "WARN", "ERROR");
        assertThat(line.hasNonNull("logger")).isTrue();
        assertThat(line.hasNonNull("thread")).isTrue();
        if (message.contains("json-logs-1")) {
          assertThat(line.path("correlationId").asText()).as(line.toString()).isEqualTo("json-logs-1");
        }
      }
      List<JsonNode> orders = lines.stream().filter(l -> l.get("message").asText().startsWith("order ")).toList();
      assertThat(orders).hasSize(trading.orderPosts());
      for (JsonNode order : orders) {
        assertThat(order.get("symbol").asText()).matches("[A-Z]+");
        assertThat(order.get("clientOrderId").asText()).startsWith("json-logs-1-");
        assertThat(order.get("side").asText()).isEqualTo("buy");
        assertThat(order.get("quantity").decimalValue()).isPositive();
        assertThat(order.get("module").asText()).isEqualTo("execution");
      }
      JsonNode ended = lines.stream().filter(l -> l.get("message").asText().startsWith("workflow json-logs-1 ended")).findFirst().orElseThrow();
      assertThat(ended.get("status").asText()).isEqualTo("completed");
      assertThat(ended.get("durationSeconds").isNumber()).isTrue();
      // The notifications failed (nothing listens there), and said so.
      assertThat(lines).anyMatch(l -> l.path("channel").asText().equals("webhook") && l.get("level").asText().equals("ERROR"));

      String everything = run.stdout() + run.stderr() + Files.readString(logFile);
      for (String secret : List.of(FakeAlpaca.KEY_ID, FakeAlpaca.SECRET, SMTP_PASSWORD, WEBHOOK_SECRET)) {
        assertThat(everything).as("a secret in the output").doesNotContain(secret);
      }
    } finally {
      vertx.close().await();
    }
  }

  private static List<JsonNode> parse(String text) throws Exception {
    List<JsonNode> lines = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      JsonNode node = Json.MAPPER.readTree(line);
      assertThat(node.isObject()).as(line).isTrue();
      lines.add(node);
    }
    assertThat(lines).isNotEmpty();
    return lines;
  }

  private static int closedPort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
