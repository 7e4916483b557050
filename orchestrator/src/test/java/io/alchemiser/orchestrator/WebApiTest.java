package io.alchemiser.orchestrator;

import io.alchemiser.orchestrator.app.Node;
import io.alchemiser.orchestrator.web.EventStream;

import static org.assertj.core.api.Assertions.assertThat;

import io.alchemiser.shared.bus.Addresses;
import io.alchemiser.shared.event.EventMetadata;
import io.alchemiser.shared.event.EventType;
import io.alchemiser.shared.event.SignalGenerated;
import io.alchemiser.shared.trading.StrategySignal;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The web module over real HTTP and WebSocket on 127.0.0.1, with the real modules behind it. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 90, timeUnit = TimeUnit.SECONDS)
class WebApiTest {

  private static Node node(Vertx vertx, List<String> modules, JsonObject web) throws Exception {
    JsonObject config = TestNodes.config(TestNodes.tempDir(), modules);
    config.put("web", web.put("port", 0).put("host", "127.0.0.1"));
    return Node.start(vertx, config, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)).await();
  }

  private static List<String> all() {
    return List.of("orchestrator", "web", "strategy", "portfolio", "execution", "notifications");
  }

  private static HttpResponse<Buffer> post(WebClient http, int port, String body) {
    var request = http.post(port, "127.0.0.1", "/api/workflows").putHeader("content-type", "application/json");
    return (body == null ? request.send() : request.sendBuffer(Buffer.buffer(body))).await();
  }

  private static JsonObject awaitStatus(WebClient http, int port, String id, String status) throws InterruptedException {
    for (int i = 0; i < 200; i++) {
      HttpResponse<Buffer> response = http.get(port, "127.0.0.1", "/api/workflows/" + id).send().await();
      if (response.statusCode() == 200 && response.bodyAsJsonObject().getString("status").equals(status)) {
        return response.bodyAsJsonObject();
      }
      Thread.sleep(50);
    }
    throw new AssertionError(id + " never reached " + status);
  }

  private static HttpResponse<Buffer> postBacktest(WebClient http, int port, String body) {
    return http.post(port, "127.0.0.1", "/api/backtests").putHeader("content-type", "application/json")
        .sendBuffer(Buffer.buffer(body)).await();
  }

  @Test
  void backtestsAreCheckedAcceptedAndReportProgressAndResult(Vertx vertx) throws Exception {
    Node node = node(vertx, all(), new JsonObject());
    int port = node.httpPort();
    WebClient http = WebClient.create(vertx);

    HttpResponse<Buffer> notJson = postBacktest(http, port, "{nope");
    assertThat(notJson.statusCode()).isEqualTo(400);
    assertThat(notJson.bodyAsJsonObject().getString("detail")).startsWith("the body is not JSON");
    HttpResponse<Buffer> serverFile = postBacktest(http, port,
        "{\"strategies\": [{\"file\": \"/etc/passwd\"}], \"from\": \"2025-01-02\", \"to\": \"2025-01-31\"}");
    assertThat(serverFile.statusCode()).isEqualTo(400);
    assertThat(serverFile.bodyAsJsonObject().getString("detail")).contains("strategies[0]").contains("does not read files on the server");
    HttpResponse<Buffer> badDate = postBacktest(http, port,
        "{\"strategies\": [{\"file\": \"bundled:strategies/balanced-60-40.clj\"}], \"from\": \"2025-13-02\", \"to\": \"2025-01-31\"}");
    assertThat(badDate.statusCode()).isEqualTo(400);
    // Decided by the contract, naming the field.
    assertThat(badDate.bodyAsJsonObject().getString("detail")).isEqualTo("from: String does not match format \"date\"");
    HttpResponse<Buffer> unknownTicker = postBacktest(http, port,
        "{\"strategies\": [{\"source\": \"(defsymphony \\\"x\\\" {} (asset \\\"NOPE\\\"))\"}], \"from\": \"2025-01-02\", \"to\": \"2025-01-31\"}");
    assertThat(unknownTicker.statusCode()).as(unknownTicker.bodyAsString()).isEqualTo(422);
    assertThat(unknownTicker.bodyAsJsonObject().getString("detail")).contains("NOPE");
    HttpResponse<Buffer> reversed = postBacktest(http, port,
        "{\"strategies\": [{\"file\": \"bundled:strategies/balanced-60-40.clj\"}], \"from\": \"2025-02-01\", \"to\": \"2025-01-31\"}");
    assertThat(reversed.statusCode()).isEqualTo(422);
    assertThat(reversed.bodyAsJsonObject().getString("detail")).contains("bad date range");

    HttpResponse<Buffer> accepted = postBacktest(http, port, "{\"strategies\": [{\"file\": \"bundled:strategies/balanced-60-40.clj\", "
        + "\"weight\": 0.5}, {\"file\": \"bundled:strategies/risk-parity.clj\", \"weight\": \"0.5\"}], "
        + "\"from\": \"2025-01-01\", \"to\": \"2025-06-30\", \"cash\": 50000, \"feeBps\": 1}");
    assertThat(accepted.statusCode()).as(accepted.bodyAsString()).isEqualTo(202);
    String id = accepted.bodyAsJsonObject().getString("id");
    assertThat(accepted.getHeader("location")).isEqualTo("/api/backtests/" + id);
    assertThat(accepted.bodyAsJsonObject().getJsonObject("progress").getInteger("days")).isGreaterThan(100);
    JsonObject finished = null;
    for (int i = 0; i < 600 && finished == null; i++) {
      JsonObject view = http.get(port, "127.0.0.1", "/api/backtests/" + id).send().await().bodyAsJsonObject();
      assertThat(view.getString("status")).isIn("running", "completed");
      if (view.getString("status").equals("completed")) {
        finished = view;
      } else {
        Thread.sleep(50);
      }
    }
    assertThat(finished).isNotNull();
    JsonObject result = finished.getJsonObject("result");
    assertThat(result.getInteger("days")).isEqualTo(finished.getJsonObject("progress").getInteger("daysDone"));
    assertThat(((Number) result.getJsonArray("equity").getJsonArray(0).getValue(1)).doubleValue()).isEqualTo(50000.0);
    assertThat(result.getJsonArray("buyAndHold").size()).isEqualTo(result.getInteger("days"));
    assertThat(result.getValue("sharpe")).isNotNull();
    assertThat(http.get(port, "127.0.0.1", "/api/backtests").send().await().bodyAsJsonObject().getJsonArray("backtests").getJsonObject(0)
        .getString("id")).isEqualTo(id);
    assertThat(http.get(port, "127.0.0.1", "/api/backtests/nope").send().await().statusCode()).isEqualTo(404);
    // The simulated days told nobody: no workflow of the backtest is listed among the live ones once it ended.
    String listed = "";
    for (int i = 0; i < 50; i++) {
      listed = http.get(port, "127.0.0.1", "/api/workflows?limit=1000").send().await().bodyAsString();
      if (!listed.contains("backtest-" + id)) {
        break;
      }
      Thread.sleep(100);
    }
    assertThat(listed).doesNotContain("backtest-" + id);
  }

  @Test
  void startQueryAndListWorkflowsWithClearErrors(Vertx vertx) throws Exception {
    Node node = node(vertx, all(), new JsonObject());
    int port = node.httpPort();
    WebClient http = WebClient.create(vertx);

    HttpResponse<Buffer> started = post(http, port, "{\"correlationId\": \"api-1\"}");
    assertThat(started.statusCode()).isEqualTo(202);
    assertThat(started.bodyAsJsonObject().getString("correlationId")).isEqualTo("api-1");
    assertThat(started.getHeader("location")).isEqualTo("/api/workflows/api-1");
    JsonObject done = awaitStatus(http, port, "api-1", "completed");
    assertThat(done.getString("completionStatus")).isEqualTo("completed");
    assertThat(done.getJsonArray("ordersExecuted")).isNotEmpty();
    assertThat(done.getJsonObject("stageTimes").fieldNames()).contains("WorkflowStarted", "WorkflowCompleted");
    assertThat(done.getString("stage")).isEqualTo("WorkflowCompleted");

    HttpResponse<Buffer> generated = post(http, port, null);
    assertThat(generated.statusCode()).isEqualTo(202);
    String dry = post(http, port, "{\"dryRun\": true}").bodyAsJsonObject().getString("correlationId");
    awaitStatus(http, port, dry, "completed");

    assertThat(post(http, port, "{\"correlationId\": \"api-1\"}").statusCode()).isEqualTo(409);
    for (String bad : new String[] {"{\"correlationId\": \"bad id\"}", "not json", "[1, 2]", "{\"dryRun\": \"yes\"}",
        "{\"correlationId\": 42}", "{\"surprise\": 1}"}) {
      HttpResponse<Buffer> refused = post(http, port, bad);
      assertThat(refused.statusCode()).as(bad).isEqualTo(400);
      JsonObject error = refused.bodyAsJsonObject();
      assertThat(error.getString("error")).isEqualTo("bad request");
      assertThat(error.getString("detail")).isNotBlank().doesNotContain("Exception").doesNotContain("\tat ");
    }
    // The rule a field breaks is named, not only that it breaks one.
    assertThat(post(http, port, "{\"correlationId\": \"bad id\"}").bodyAsJsonObject().getString("detail"))
        .isEqualTo("correlationId: String does not match pattern ^[A-Za-z0-9._:\\-]{1,64}$");
    // Media types are case-insensitive, and may carry a charset.
    for (String json : new String[] {"Application/JSON", "application/json; charset=UTF-8"}) {
      assertThat(http.post(port, "127.0.0.1", "/api/workflows").putHeader("content-type", json)
          .sendBuffer(Buffer.buffer("{\"dryRun\": true}")).await().statusCode()).as(json).isEqualTo(202);
    }
    // curl -d sends a form's content type: 415, saying what to send.
    for (String[] sent : new String[][] {{"/api/workflows", "application/x-www-form-urlencoded"}, {"/api/backtests", "text/plain"}}) {
      HttpResponse<Buffer> form = http.post(port, "127.0.0.1", sent[0]).putHeader("content-type", sent[1])
          .sendBuffer(Buffer.buffer("{\"dryRun\": true}")).await();
      assertThat(form.statusCode()).as(sent[0]).isEqualTo(415);
      assertThat(form.bodyAsJsonObject().getString("error")).isEqualTo("unsupported media type");
      assertThat(form.bodyAsJsonObject().getString("detail"))
          .isEqualTo("the body must be JSON, sent with Content-Type: application/json (this request's: " + sent[1] + ")");
    }
    HttpResponse<Buffer> huge = post(http, port, "{\"correlationId\": \"" + "x".repeat(100_000) + "\"}");
    assertThat(huge.statusCode()).isEqualTo(413);
    assertThat(huge.bodyAsJsonObject().getString("error")).isEqualTo("too large");

    HttpResponse<Buffer> missing = http.get(port, "127.0.0.1", "/api/workflows/nope").send().await();
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.bodyAsJsonObject().getString("error")).isEqualTo("not found");
    assertThat(http.get(port, "127.0.0.1", "/api/nothing-here").send().await().statusCode()).isEqualTo(404);

    JsonArray completed = http.get(port, "127.0.0.1", "/api/workflows?status=completed&limit=2").send().await()
        .bodyAsJsonObject().getJsonArray("workflows");
    assertThat(completed).hasSize(2);
    assertThat(completed.getJsonObject(0).getString("startedAt")).isGreaterThanOrEqualTo(completed.getJsonObject(1).getString("startedAt"));
    assertThat(http.get(port, "127.0.0.1", "/api/workflows?status=sleeping").send().await().statusCode()).isEqualTo(400);
    assertThat(http.get(port, "127.0.0.1", "/api/workflows?limit=0").send().await().statusCode()).isEqualTo(400);
    assertThat(http.get(port, "127.0.0.1", "/api/workflows?status=failed").send().await().bodyAsJsonObject()
        .getJsonArray("workflows")).isEmpty();

    assertThat(http.get(port, "127.0.0.1", "/").send().await().bodyAsString()).contains("<title>Alchemiser");
    JsonObject ready = http.get(port, "127.0.0.1", "/ready").send().await().bodyAsJsonObject();
    assertThat(ready.getString("outcome")).isEqualTo("UP");
    assertThat(http.get(port, "127.0.0.1", "/metrics").send().await().bodyAsString())
        .contains("alchemiser_workflows_started_total")
        .contains("alchemiser_orders_total{side=\"buy\",status=\"filled\"}").doesNotContain("correlation");
  }

  @Test
  void randomAndTruncatedBodiesGetAClearAnswerNeverAServerError(Vertx vertx) throws Exception {
    Node node = node(vertx, List.of("orchestrator", "web"), new JsonObject());
    WebClient http = WebClient.create(vertx);
    java.util.Random random = new java.util.Random(7);
    String valid = "{\"correlationId\": \"fuzz-0\", \"dryRun\": true}";
    for (int i = 0; i < 300; i++) {
      StringBuilder body = new StringBuilder(valid.substring(0, random.nextInt(valid.length() + 1)));
      for (int e = 0; e < random.nextInt(3) && body.length() > 0; e++) {
        String noise = "{}[]\":,tnf0x \u0000";
        body.setCharAt(random.nextInt(body.length()), noise.charAt(random.nextInt(noise.length())));
      }
      HttpResponse<Buffer> response = post(http, node.httpPort(), body.toString());
      assertThat(response.statusCode()).as(body.toString()).isIn(202, 400, 409);
      if (response.statusCode() != 202) {
        assertThat(response.bodyAsJsonObject().getString("error")).isNotBlank();
      }
    }
  }

  @Test
  void readinessNamesTheMissingModules(Vertx vertx) throws Exception {
    Node node = node(vertx, List.of("orchestrator", "web"), new JsonObject());
    WebClient http = WebClient.create(vertx);
    HttpResponse<Buffer> ready = http.get(node.httpPort(), "127.0.0.1", "/ready").send().await();
    assertThat(ready.statusCode()).isEqualTo(503);
    JsonObject workflowModules = ready.bodyAsJsonObject().getJsonArray("checks").stream().map(JsonObject.class::cast)
        .filter(c -> c.getString("id").equals("workflow-modules")).findFirst().orElseThrow();
    assertThat(workflowModules.getString("status")).isEqualTo("DOWN");
    assertThat(workflowModules.getJsonObject("data").getJsonArray("missing").getList()).containsExactlyInAnyOrder("strategy", "portfolio", "execution");
    assertThat(http.get(node.httpPort(), "127.0.0.1", "/health").send().await().statusCode()).isEqualTo(200);
  }

  @Test
  void aBearerTokenGuardsTheApiAndTheStreamButNotHealthAndMetrics(Vertx vertx) throws Exception {
    String token = "a-very-secret-token-123";
    Node node = node(vertx, all(), new JsonObject().put("apiToken", token));
    int port = node.httpPort();
    WebClient http = WebClient.create(vertx);
    HttpResponse<Buffer> denied = post(http, port, "{}");
    assertThat(denied.statusCode()).isEqualTo(401);
    assertThat(denied.bodyAsJsonObject().getString("error")).isEqualTo("unauthorized");
    assertThat(http.get(port, "127.0.0.1", "/api/workflows").bearerTokenAuthentication("wrong-token-wrong-token").send().await()
        .statusCode()).isEqualTo(401);
    assertThat(http.get(port, "127.0.0.1", "/api/workflows").bearerTokenAuthentication(token).send().await().statusCode()).isEqualTo(200);
    assertThat(http.get(port, "127.0.0.1", "/health").send().await().statusCode()).isEqualTo(200);
    assertThat(http.get(port, "127.0.0.1", "/metrics").send().await().statusCode()).isEqualTo(200);

    WebSocketClient ws = vertx.createWebSocketClient();
    assertThat(ws.connect(port, "127.0.0.1", "/ws/events").transform(r -> io.vertx.core.Future.succeededFuture(r.failed())).await()).isTrue();
    WebSocket allowed = ws.connect(port, "127.0.0.1", "/ws/events?access_token=" + token).await();
    assertThat(allowed.isClosed()).isFalse();
    allowed.close().await();
  }

  /**
   * Without a client, events published in a cluster would cross to the web node for no one: the module
   * hears them only while a client listens, and idleSeconds after the last left. What it hears shows in
   * its count of messages it refused as events (every observer counts a malformed one under its name).
   */
  @Test
  void theStreamTakesEventsOffTheBusOnlyWhileAClientListens(Vertx vertx) throws Exception {
    Node node = node(vertx, List.of("orchestrator", "web"), new JsonObject().put("webSocket", new JsonObject().put("idleSeconds", 1)));
    int port = node.httpPort();
    WebClient http = WebClient.create(vertx);
    vertx.eventBus().publish(io.alchemiser.shared.bus.Addresses.EVENTS, "not an event");
    awaitRefusals(http, port, "orchestrator", 1);
    assertThat(refusals(http, port, "web")).as("heard by the web module with no client").isZero();

    WebSocket client = vertx.createWebSocketClient().connect(port, "127.0.0.1", "/ws/events").await();
    vertx.eventBus().publish(io.alchemiser.shared.bus.Addresses.EVENTS, "not an event");
    awaitRefusals(http, port, "web", 1);
    client.close().await();

    // Let go a second after the last client left; one more message then reaches the orchestrator only.
    Thread.sleep(2_500);
    vertx.eventBus().publish(io.alchemiser.shared.bus.Addresses.EVENTS, "not an event");
    awaitRefusals(http, port, "orchestrator", 3);
    assertThat(refusals(http, port, "web")).as("heard by the web module after its clients left").isEqualTo(1);

    // A client refused for a bad filter is no client: the events are let go again.
    WebSocket refused = vertx.createWebSocketClient().connect(port, "127.0.0.1", "/ws/events?type=Nonsense").await();
    for (int i = 0; i < 100 && !refused.isClosed(); i++) {
      Thread.sleep(20);
    }
    Thread.sleep(2_500);
    vertx.eventBus().publish(io.alchemiser.shared.bus.Addresses.EVENTS, "not an event");
    awaitRefusals(http, port, "orchestrator", 4);
    assertThat(refusals(http, port, "web")).as("heard by the web module after a refused handshake").isEqualTo(1);
  }

  private static double refusals(WebClient http, int port, String module) {
    return http.get(port, "127.0.0.1", "/metrics").send().await().bodyAsString().lines()
        .filter(line -> line.startsWith("alchemiser_messages_rejected_total{") && line.contains("module=\"" + module + "\""))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
  }

  private static void awaitRefusals(WebClient http, int port, String module, int count) throws InterruptedException {
    for (int i = 0; i < 100 && refusals(http, port, module) < count; i++) {
      Thread.sleep(50);
    }
    assertThat(refusals(http, port, module)).as("messages %s refused", module).isEqualTo(count);
  }

  @Test
  void theStreamSendsFilteredCloudEventsAndRefusesClientFrames(Vertx vertx) throws Exception {
    Node node = node(vertx, all(), new JsonObject());
    int port = node.httpPort();
    WebSocketClient ws = vertx.createWebSocketClient();
    List<JsonObject> everything = Collections.synchronizedList(new ArrayList<>());
    List<JsonObject> filtered = Collections.synchronizedList(new ArrayList<>());
    Promise<Void> completed = Promise.promise();
    WebSocket all = ws.connect(port, "127.0.0.1", "/ws/events").await();
    all.textMessageHandler(text -> everything.add(new JsonObject(text)));
    WebSocket some = ws.connect(port, "127.0.0.1", "/ws/events?correlationId=ws-1&type=SignalGenerated,WorkflowCompleted").await();
    some.textMessageHandler(text -> {
      JsonObject event = new JsonObject(text);
      filtered.add(event);
      if (event.getString("type").equals("WorkflowCompleted")) {
        completed.tryComplete();
      }
    });
    WebClient http = WebClient.create(vertx);
    post(http, port, "{\"correlationId\": \"ws-0\", \"dryRun\": true}");
    post(http, port, "{\"correlationId\": \"ws-1\"}");
    completed.future().await();

    assertThat(filtered).extracting(e -> e.getString("type")).containsExactly("SignalGenerated", "WorkflowCompleted");
    JsonObject signal = filtered.get(0);
    assertThat(signal.getString("specversion")).isEqualTo("1.0");
    assertThat(signal.getString("subject")).isEqualTo("ws-1");
    assertThat(signal.getString("source")).isEqualTo("strategy");
    assertThat(signal.getString("id")).isNotBlank();
    assertThat(signal.getString("time")).endsWith("Z");
    assertThat(signal.getString("causationid")).isNotBlank();
    assertThat(signal.getJsonObject("data").getJsonObject("metadata").getString("eventId")).isEqualTo(signal.getString("id"));
    assertThat(signal.getJsonObject("data").getJsonObject("allocation").fieldNames()).isNotEmpty();
    for (int i = 0; i < 100 && everything.stream().noneMatch(e -> e.getString("subject").equals("ws-1")
        && e.getString("type").equals("WorkflowCompleted")); i++) {
      Thread.sleep(20);
    }
    assertThat(everything).extracting(e -> e.getString("subject")).contains("ws-0", "ws-1");
    assertThat(everything).filteredOn(e -> e.getString("subject").equals("ws-1")).extracting(e -> e.getString("type"))
        .contains("WorkflowStarted", "SignalGenerated", "RebalancePlanned", "TradeExecuted", "WorkflowCompleted");

    Promise<JsonObject> answer = Promise.promise();
    some.textMessageHandler(text -> answer.tryComplete(new JsonObject(text)));
    some.writeTextMessage("{\"type\": \"WorkflowStarted\"}").await();
    assertThat(answer.future().await().getString("error")).isEqualTo("read-only stream");

    Promise<Short> badFilter = Promise.promise();
    WebSocket wrong = ws.connect(port, "127.0.0.1", "/ws/events?type=Nonsense").await();
    try {
      wrong.closeHandler(v -> badFilter.tryComplete(wrong.closeStatusCode()));
    } catch (IllegalStateException alreadyClosed) {
      badFilter.tryComplete(wrong.closeStatusCode());
    }
    assertThat(badFilter.future().await()).isEqualTo((short) 1008);
  }

  @Test
  void aClientThatStopsReadingIsClosedWithAReasonAndCounted(Vertx vertx) throws Exception {
    Node node = node(vertx, List.of("orchestrator", "web"), new JsonObject().put("webSocket", new JsonObject().put("maxQueuedBytes", 1024)));
    int port = node.httpPort();
    Promise<Short> closed = Promise.promise();
    WebSocketClient ws = vertx.createWebSocketClient();
    WebSocket slow = ws.connect(new WebSocketConnectOptions().setPort(port).setHost("127.0.0.1")
        .setURI("/ws/events")).await();
    slow.closeHandler(v -> closed.tryComplete(slow.closeStatusCode()));
    slow.pause();
    // Large events, faster than a client that does not read can take them.
    String trace = "x".repeat(64 * 1024);
    Map<String, BigDecimal> allocation = Map.of("SPY", BigDecimal.ONE);
    // Until the server gives up on the client. A fixed count is not enough: how much the paused client's
    // kernel buffer takes first depends on the host (it autotunes up to tcp_rmem's maximum, 32 MiB on
    // one CI machine, more than 400 of these events), and then the test waited for a close that never came.
    long giveUpAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    for (int i = 0; overflows(node) == 0 && System.nanoTime() < giveUpAt; i++) {
      vertx.eventBus().publish(Addresses.events("flood"), io.alchemiser.shared.bus.EventCodec.encode(new SignalGenerated(
              EventMetadata.next(EventType.SIGNAL_GENERATED, "flood", null, "test"), allocation,
              List.of(new StrategySignal("s", BigDecimal.ONE, allocation, List.of(trace))), LocalDate.of(2025, 1, 2), null, true)),
          io.alchemiser.shared.bus.EventCodec.deliveryOptions(new SignalGenerated(
              EventMetadata.next(EventType.SIGNAL_GENERATED, "flood", null, "test"), allocation, List.of(), LocalDate.of(2025, 1, 2),
              null, true)));
      if (i % 20 == 19) {
        Thread.sleep(10);
      }
    }
    slow.resume();
    assertThat(closed.future().await(30, TimeUnit.SECONDS)).isEqualTo(EventStream.OVERFLOW_CODE);
    assertThat(slow.closeReason()).contains("too slow");
    assertThat(overflows(node)).isEqualTo(1);
  }

  private static double overflows(Node node) {
    io.micrometer.core.instrument.Counter counter = node.meterRegistry().find("alchemiser.websocket.overflows").counter();
    return counter == null ? 0 : counter.count();
  }
}
