package io.alchemiser.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Kills {@code serve} with SIGKILL in the middle of a rebalancing workflow — during signal generation,
 * during planning, between the sells and the buys — starts it again on the same data directory, and
 * checks that the workflow ends (completed or interrupted), that no client order id was used twice,
 * and that the paper account equals what its filled orders imply.
 */
class RecoveryIT {
  private Vertx vertx;
  private Path work;
  private Map<String, String> env;

  @BeforeEach
  void setUp() throws Exception {
    vertx = Vertx.vertx();
    work = Files.createTempDirectory("alchemiser-recovery");
    env = Map.of("ALCHEMISER_DATA_DIR", work.resolve("data").toString());
  }

  @AfterEach
  void tearDown() {
    vertx.close().await();
  }

  private Path config(String name, String extra) throws Exception {
    Path file = work.resolve(name);
    Files.writeString(file, """
        strategy:
          strategies:
            - {name: mix, kind: fixed, weight: 1, allocation: %s}
        %s
        """.formatted(name.startsWith("before") ? "{SPY: 0.5, TLT: 0.5}" : "{SPY: 0.5, GLD: 0.5}", extra));
    return file;
  }

  @ParameterizedTest(name = "killed {0}")
  @CsvSource(delimiter = '|', value = {
      "during signal generation|strategy: {testing: {delayMs: 60000}}|WorkflowStarted",
      "during planning|portfolio: {testing: {delayMs: 60000}}|SignalGenerated",
      "between the sells and the buys|execution: {testing: {pauseBeforeBuysMs: 60000}}|TradeExecuted"})
  void aKilledWorkflowEndsWithoutDuplicateOrders(String when, String hook, String stage) throws Exception {
    JarProcess.Result first = JarProcess.run(work, env, "run", "--json", "--config", config("before.yaml", "").toString());
    assertThat(first.exitCode()).as(first.stderr()).isZero();

    String id = "crash-" + stage.toLowerCase();
    WebClient http = WebClient.create(vertx);
    try (JarProcess.Server server = JarProcess.serve(work, env, "--http-port", "0", "--config", config("after-hook.yaml", hook).toString())) {
      assertThat(http.post(server.port(), "127.0.0.1", "/api/workflows")
          .sendBuffer(Buffer.buffer("{\"correlationId\": \"" + id + "\"}")).await().statusCode()).isEqualTo(202);
      awaitStage(http, server.port(), id, stage);
      server.process().destroyForcibly().waitFor();
    }

    try (JarProcess.Server again = JarProcess.serve(work, env, "--http-port", "0", "--config", config("after.yaml", "").toString())) {
      JsonObject result = awaitEnd(http, again.port(), id);
      assertThat(result.getString("status")).as(result.encode()).isIn("completed", "failed");
      if (result.getString("status").equals("failed")) {
        assertThat(result.getString("errorCode")).isEqualTo("INTERRUPTED");
      }
    }

    JsonObject account = new JsonObject(Files.readString(work.resolve("data/paper-broker/account.json")));
    JsonArray orders = account.getJsonArray("orders");
    Set<String> clientOrderIds = new HashSet<>();
    BigDecimal cash = new BigDecimal("100000.00");
    Map<String, BigDecimal> positions = new TreeMap<>();
    for (Object o : orders) {
      JsonObject order = (JsonObject) o;
      assertThat(clientOrderIds.add(order.getString("clientOrderId"))).as("duplicate " + order.getString("clientOrderId")).isTrue();
      if (!"FILLED".equals(order.getString("status"))) {
        continue;
      }
      BigDecimal quantity = new BigDecimal(order.getValue("filledQuantity").toString());
      BigDecimal value = quantity.multiply(new BigDecimal(order.getValue("fillPrice").toString())).setScale(2, RoundingMode.HALF_EVEN);
      boolean buy = order.getString("side").equals("BUY");
      cash = buy ? cash.subtract(value) : cash.add(value);
      positions.merge(order.getString("symbol"), buy ? quantity : quantity.negate(), BigDecimal::add);
    }
    positions.values().removeIf(q -> q.signum() == 0);
    assertThat(new BigDecimal(account.getValue("cash").toString())).isEqualByComparingTo(cash);
    Map<String, BigDecimal> held = new TreeMap<>();
    account.getJsonObject("positions").forEach(e -> held.put(e.getKey(), new BigDecimal(e.getValue().toString())));
    assertThat(held.keySet()).isEqualTo(positions.keySet());
    positions.forEach((symbol, quantity) -> assertThat(held.get(symbol)).as(symbol).isEqualByComparingTo(quantity));
    assertThat(held).containsKeys("SPY", "GLD").doesNotContainKey("TLT");
  }

  private static void awaitStage(WebClient http, int port, String id, String stage) throws InterruptedException {
    for (int i = 0; i < 300; i++) {
      HttpResponse<Buffer> response = http.get(port, "127.0.0.1", "/api/workflows/" + id).send().await();
      if (response.statusCode() == 200 && response.bodyAsJsonObject().getJsonObject("stageTimes").containsKey(stage)) {
        Thread.sleep(300);
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError(id + " never reached " + stage);
  }

  private static JsonObject awaitEnd(WebClient http, int port, String id) throws InterruptedException {
    for (int i = 0; i < 600; i++) {
      HttpResponse<Buffer> response = http.get(port, "127.0.0.1", "/api/workflows/" + id).send().await();
      if (response.statusCode() == 200 && !response.bodyAsJsonObject().getString("status").equals("active")) {
        return response.bodyAsJsonObject();
      }
      Thread.sleep(100);
    }
    throw new AssertionError(id + " never ended after the restart");
  }
}
