package io.alchemiser.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import io.alchemiser.orchestrator.app.Node;
import io.alchemiser.shared.client.StartRequest;
import io.alchemiser.shared.client.WorkflowClient;
import io.alchemiser.shared.client.WorkflowRecord;
import io.alchemiser.shared.client.WorkflowStatus;
import io.alchemiser.shared.event.ErrorCodes;
import io.alchemiser.shared.halt.TradingHalts;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The operator's halt switch, through the REST API on 127.0.0.1 and the real modules on the paper
 * broker: a halt stops live orders (also of a workflow already at its orders), not dry runs, and
 * outlives a restart; a resume trades again.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 90, timeUnit = TimeUnit.SECONDS)
class TradingHaltTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  private static JsonObject config(Path dataDir) {
    JsonObject config = TestNodes.config(dataDir, List.of("orchestrator", "web", "strategy", "portfolio", "execution"));
    config.put("web", new JsonObject().put("port", 0).put("host", "127.0.0.1"));
    // Time to halt a workflow that already holds its plan (no sells on a fresh account: the pause comes first).
    config.getJsonObject("execution").put("testing", new JsonObject().put("pauseBeforeBuysMs", 1500));
    return config;
  }

  private static HttpResponse<Buffer> post(WebClient http, Node node, String path, String body) {
    return http.post(node.httpPort(), "127.0.0.1", path).putHeader("content-type", "application/json")
        .sendBuffer(Buffer.buffer(body)).await();
  }

  private static JsonObject trading(WebClient http, Node node) {
    HttpResponse<Buffer> response = http.get(node.httpPort(), "127.0.0.1", "/api/trading").send().await();
    assertThat(response.statusCode()).isEqualTo(200);
    return response.bodyAsJsonObject();
  }

  private static WorkflowRecord run(WorkflowClient client, String id, boolean dryRun) {
    return client.awaitCompletion(client.start(StartRequest.of(id, dryRun, "test")).await(), WAIT).await();
  }

  @Test
  void aHaltStopsLiveOrdersEvenOfAWorkflowAtItsOrdersOutlivesARestartAndAResumeTradesAgain() throws Exception {
    Path dataDir = TestNodes.tempDir();
    // The first node runs on a Vert.x of its own, closed as a stopped process would be.
    Vertx first = Vertx.vertx();
    WebClient http = WebClient.create(first);
    Node node = Node.start(first, config(dataDir), new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)).await();
    WorkflowClient client = node.client();
    assertThat(trading(http, node)).isEqualTo(new JsonObject().put("halted", false).putNull("reason").putNull("changedAt").putNull("changedBy"));

    HttpResponse<Buffer> noReason = post(http, node, "/api/trading/halt", "{}");
    assertThat(noReason.statusCode()).isEqualTo(400);
    assertThat(noReason.bodyAsJsonObject().getString("detail")).contains("reason");

    // A workflow that has its plan and is about to place its buys when the halt comes.
    String atOrders = client.start(StartRequest.of("halt-mid", false, "test")).await();
    for (int i = 0; i < 200 && !"RebalancePlanned".equals(client.get(atOrders).await().stage()); i++) {
      Thread.sleep(20);
    }
    assertThat(client.get(atOrders).await().stage()).isEqualTo("RebalancePlanned");
    HttpResponse<Buffer> halted = post(http, node, "/api/trading/halt", "{\"reason\": \"vendor outage\"}");
    assertThat(halted.statusCode()).as(halted.bodyAsString()).isEqualTo(200);
    assertThat(halted.bodyAsJsonObject().getBoolean("halted")).isTrue();
    assertThat(halted.bodyAsJsonObject().getString("reason")).isEqualTo("vendor outage");
    // Who asked, as the node saw it: kept with the state for whoever asks later.
    assertThat(halted.bodyAsJsonObject().getString("changedBy")).startsWith("API from 127.0.0.1:").contains("(Vert.x-WebClient/");
    WorkflowRecord mid = client.awaitCompletion(atOrders, WAIT).await();
    assertThat(mid.status()).isEqualTo(WorkflowStatus.FAILED);
    assertThat(mid.errorCode()).isEqualTo(ErrorCodes.TRADING_HALTED);
    assertThat(mid.failureReason()).contains("trading is halted", "vendor outage", "no order of this workflow was placed");
    assertThat(mid.ordersExecuted()).isEmpty();

    WorkflowRecord dry = run(client, "halt-dry", true);
    assertThat(dry.status()).as(dry.failureReason()).isEqualTo(WorkflowStatus.COMPLETED);
    assertThat(dry.rebalancePlan().buys()).isNotEmpty();
    String metrics = http.get(node.httpPort(), "127.0.0.1", "/metrics").send().await().bodyAsString();
    assertThat(metrics).contains("alchemiser_trading_halted 1.0");
    // The account lease was let go: the list shows no holder.
    assertThat(http.get(node.httpPort(), "127.0.0.1", "/api/workflows?status=active").send().await().bodyAsJsonObject()
        .getJsonArray("workflows")).isEmpty();
    first.close().await();

    // A restart of the node on the same data directory: still halted.
    Vertx again = Vertx.vertx();
    try {
      Node restarted = Node.start(again, config(dataDir)).await();
      WebClient http2 = WebClient.create(again);
      assertThat(trading(http2, restarted).getBoolean("halted")).isTrue();
      WorkflowRecord stillHalted = run(restarted.client(), "halt-after-restart", false);
      assertThat(stillHalted.errorCode()).isEqualTo(ErrorCodes.TRADING_HALTED);

      HttpResponse<Buffer> resumed = post(http2, restarted, "/api/trading/resume", "");
      assertThat(resumed.statusCode()).as(resumed.bodyAsString()).isEqualTo(200);
      assertThat(resumed.bodyAsJsonObject().getBoolean("halted")).isFalse();
      WorkflowRecord trades = run(restarted.client(), "halt-resumed", false);
      assertThat(trades.status()).as(trades.failureReason()).isEqualTo(WorkflowStatus.COMPLETED);
      assertThat(trades.ordersExecuted()).isNotEmpty();
    } finally {
      again.close().await();
    }
  }

  @Test
  void aHaltFileThatCannotBeReadHaltsTrading(Vertx vertx) throws Exception {
    Path dataDir = TestNodes.tempDir();
    Files.writeString(dataDir.resolve(TradingHalts.FILE), "{\"halted\": maybe");
    WebClient http = WebClient.create(vertx);
    Node node = Node.start(vertx, config(dataDir)).await();
    JsonObject state = trading(http, node);
    assertThat(state.getBoolean("halted")).isTrue();
    assertThat(state.getString("reason")).contains(dataDir.resolve(TradingHalts.FILE).toString(), "cannot be read");
    WorkflowRecord refused = run(node.client(), "halt-damaged", false);
    assertThat(refused.errorCode()).isEqualTo(ErrorCodes.TRADING_HALTED);
    // Kept aside and replaced by the halt, so a resume made anywhere later wins at the next start.
    assertThat(dataDir.resolve(TradingHalts.FILE + ".damaged")).hasContent("{\"halted\": maybe");
    assertThat(io.alchemiser.shared.halt.TradingHalt.fromJson(new JsonObject(Files.readString(dataDir.resolve(TradingHalts.FILE)))).halted()).isTrue();
  }
}
