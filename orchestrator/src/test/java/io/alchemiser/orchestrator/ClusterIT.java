package io.alchemiser.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Real clusters of separate JVMs from the fat jar on 127.0.0.1 (Hazelcast, free ports, a cluster
 * name of their own), started and stopped by each test.
 */
class ClusterIT {
  private Vertx vertx;
  private io.vertx.core.http.WebSocketClient webSockets;
  private WebClient http;
  private ClusterCalls calls;
  private Path work;
  /** Every node started, as soon as it is up, so that teardown stops them all even when others failed to start. */
  private final List<JarProcess.Server> nodes = java.util.Collections.synchronizedList(new ArrayList<>());

  @BeforeEach
  void setUp() throws IOException {
    webSockets = null;
    vertx = Vertx.vertx();
    http = WebClient.create(vertx);
    calls = new ClusterCalls(http);
    work = Files.createTempDirectory("alchemiser-cluster");
  }

  @AfterEach
  void tearDown() throws Exception {
    JarProcess.stopAll(List.copyOf(nodes));
    vertx.close().await();
  }

  /** Starts one JVM per entry (its modules, and its config as YAML), all members of one new cluster. */
  private List<JarProcess.Server> cluster(List<String> modules, List<String> configs) throws Exception {
    return TestCluster.start(vertx, work, TestCluster.Ports.free(modules.size(), "test-"), modules, configs, Map.of(), nodes);
  }

  @Test
  void theClusterDemoRunsAWorkflowAndStopsEveryProcessItStarted() throws Exception {
    JarProcess.Result demo = JarProcess.run(work, Map.of(), "cluster-demo", "--dir", work.resolve("demo").toString());
    assertThat(demo.exitCode()).as(demo.stderr()).isZero();
    assertThat(io.alchemiser.shared.json.Json.MAPPER.readTree(demo.stdout()).get("completionStatus").asText()).isEqualTo("completed");
    assertThat(demo.stderr()).contains("stopped 5 processes");
    for (int i = 0; i < 5; i++) {
      // Each node logs its own stop when the demo stops it.
      assertThat(Files.readString(work.resolve("demo/node-" + i + "/serve.log"))).contains("stopping node-");
    }
  }

  @Test
  void aWorkflowCrossesFiveNodes() throws Exception {
    List<JarProcess.Server> five = cluster(List.of("orchestrator,web", "strategy", "portfolio", "execution", "notifications"),
        List.of("{}", "{}", "{}", "{}", "{}"));
    int head = five.get(0).port();
    calls.awaitReady(head);
    JsonObject cluster = http.get(head, "127.0.0.1", "/ready").send().await().bodyAsJsonObject().getJsonArray("checks").stream()
        .map(JsonObject.class::cast).filter(c -> c.getString("id").equals("cluster")).findFirst().orElseThrow();
    assertThat(cluster.getJsonObject("data").getInteger("members")).isEqualTo(5);
    JsonObject result = calls.awaitEnd(head, calls.start(head, "{\"correlationId\": \"five-1\"}"), 30);
    assertThat(result.getString("status")).as(result.encode()).isEqualTo("completed");
    assertThat(result.getJsonArray("ordersExecuted")).isNotEmpty();
    assertThat(result.getJsonObject("stageTimes").fieldNames()).contains("SignalGenerated", "RebalancePlanned", "WorkflowCompleted");

    // A halt made through the head's API stops the execution module in its own JVM; a resume lets it trade.
    assertThat(http.post(head, "127.0.0.1", "/api/trading/halt").sendJsonObject(new JsonObject().put("reason", "cluster drill"))
        .await().statusCode()).isEqualTo(200);
    JsonObject halted = calls.awaitEnd(head, calls.start(head, "{\"correlationId\": \"five-halted\"}"), 30);
    assertThat(halted.getString("errorCode")).as(halted.encode()).isEqualTo("TRADING_HALTED");
    assertThat(halted.getString("failureReason")).contains("cluster drill");
    assertThat(http.post(head, "127.0.0.1", "/api/trading/resume").send().await().statusCode()).isEqualTo(200);
    JsonObject resumed = calls.awaitEnd(head, calls.start(head, "{\"correlationId\": \"five-resumed\", \"dryRun\": false}"), 30);
    assertThat(resumed.getString("status")).as(resumed.encode()).isEqualTo("completed");
  }

  @Test
  void twoStrategyReplicasProduceEachSignalOnce() throws Exception {
    List<JarProcess.Server> servers = cluster(List.of("orchestrator,web", "strategy", "strategy", "portfolio,execution,notifications"),
        List.of("{}", "{}", "{}", "{}"));
    int head = servers.get(0).port();
    calls.awaitReady(head);
    Map<String, Integer> signals = new ConcurrentHashMap<>();
    Set<String> sources = ConcurrentHashMap.newKeySet();
    WebSocket stream = connect(head, "/ws/events?type=SignalGenerated");
    stream.textMessageHandler(text -> {
      JsonObject event = new JsonObject(text);
      signals.merge(event.getString("subject"), 1, Integer::sum);
      sources.add(event.getJsonObject("data").getJsonObject("metadata").getString("eventId"));
    });
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      ids.add(calls.start(head, "{\"correlationId\": \"rep-" + i + "\", \"dryRun\": true}"));
    }
    for (String id : ids) {
      assertThat(calls.awaitEnd(head, id, 60).getString("status")).isEqualTo("completed");
    }
    for (int i = 0; i < 50 && signals.size() < ids.size(); i++) {
      Thread.sleep(100);
    }
    assertThat(signals.keySet()).containsExactlyInAnyOrderElementsOf(ids);
    assertThat(signals.values()).allMatch(count -> count == 1);
    assertThat(sources).hasSize(200);
    stream.close();
  }

  @Test
  void aKilledReplicaNeverLeavesAWorkflowHangingNorDoublesAnOrder() throws Exception {
    String head = "orchestrator: {workflowTimeoutSeconds: 15}\n";
    List<JarProcess.Server> servers = cluster(List.of("orchestrator,web", "strategy", "strategy", "portfolio,execution"),
        List.of(head, "strategy: {testing: {delayMs: 4000}}\n", "{}", "{}"));
    int port = servers.get(0).port();
    calls.awaitReady(port);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      ids.add(calls.start(port, "{\"correlationId\": \"kill-" + i + "\"}"));
    }
    Thread.sleep(1_000);
    servers.get(1).process().destroyForcibly().waitFor();
    Map<String, String> outcomes = new HashMap<>();
    for (String id : ids) {
      JsonObject result = calls.awaitEnd(port, id, 40);
      outcomes.put(id, result.getString("status") + " " + result.getString("errorCode"));
      if (!result.getString("status").equals("completed")) {
        assertThat(result.getString("failureReason")).isNotBlank();
      }
    }
    assertThat(outcomes.values()).anyMatch(outcome -> outcome.startsWith("completed"));
    // After the loss is noticed, new workflows complete on the surviving replica.
    Thread.sleep(7_000);
    JsonObject after = calls.awaitEnd(port, calls.start(port, "{\"correlationId\": \"after-kill\"}"), 30);
    assertThat(after.getString("status")).as(after.encode()).isEqualTo("completed");

    JsonArray orders = new JsonObject(Files.readString(work.resolve("node-3/data/paper-broker/account.json"))).getJsonArray("orders");
    Set<String> clientOrderIds = new HashSet<>();
    for (Object order : orders) {
      assertThat(clientOrderIds.add(((JsonObject) order).getString("clientOrderId"))).isTrue();
    }
  }

  @Test
  void twoOrchestratorsFireEachScheduleTickOnce() throws Exception {
    String schedule = "schedule:\n  - {name: tick, cron: \"*/2 * * * * ?\", timeZone: UTC, calendar: always, dryRun: true}\n";
    List<JarProcess.Server> servers = cluster(List.of("orchestrator,web", "orchestrator,web", "strategy,portfolio,execution"),
        List.of(schedule, schedule, "{}"));
    calls.awaitReady(servers.get(0).port());
    Thread.sleep(8_000);
    // The workflows the orchestrators know, asked of both (each API hands the request to either).
    Set<String> ticks = new HashSet<>();
    for (int i = 0; i < 2; i++) {
      for (int ask = 0; ask < 3; ask++) {
        JsonArray workflows = http.get(servers.get(i).port(), "127.0.0.1", "/api/workflows?limit=100").send().await()
            .bodyAsJsonObject().getJsonArray("workflows");
        for (Object o : workflows) {
          String id = ((JsonObject) o).getString("correlationId");
          if (id.startsWith("sched-tick-")) {
            ticks.add(id);
          }
        }
      }
    }
    assertThat(ticks).hasSizeGreaterThanOrEqualTo(2);
    double fired = 0;
    double elsewhere = 0;
    for (int i = 0; i < 2; i++) {
      String metrics = http.get(servers.get(i).port(), "127.0.0.1", "/metrics").send().await().bodyAsString();
      fired += metric(metrics, "alchemiser_schedule_ticks_total{entry=\"tick\",outcome=\"fired\"}");
      elsewhere += metric(metrics, "alchemiser_schedule_ticks_total{entry=\"tick\",outcome=\"elsewhere\"}");
    }
    // Each tick started once in the whole cluster; the other orchestrator found it started.
    assertThat(fired).isEqualTo(ticks.size(), org.assertj.core.data.Offset.offset(1.0));
    assertThat(elsewhere).isPositive();
  }

  /** One client for the test, held: Vert.x closes a client nothing refers to once it is collected, mid-handshake if need be. */
  private WebSocket connect(int port, String uri) {
    if (webSockets == null) {
      webSockets = vertx.createWebSocketClient();
    }
    return webSockets.connect(port, "127.0.0.1", uri).await();
  }

  private static double metric(String text, String series) {
    return text.lines().filter(l -> l.startsWith(series)).mapToDouble(l -> Double.parseDouble(l.substring(series.length()).trim()))
        .sum();
  }

  @Test
  void killingTheActiveOrchestratorLosesNoWorkflow() throws Exception {
    List<JarProcess.Server> servers = cluster(List.of("orchestrator,web", "orchestrator,web", "strategy,portfolio,execution,notifications"),
        List.of("{}", "{}", "strategy: {testing: {delayMs: 5000}}\n"));
    int first = servers.get(0).port();
    int second = servers.get(1).port();
    calls.awaitReady(first);
    calls.awaitReady(second);
    String id = calls.start(first, "{\"correlationId\": \"ha-1\"}");
    // The second orchestrator tracks it too before the first goes away.
    for (int i = 0; i < 50; i++) {
      HttpResponse<Buffer> seen = http.get(second, "127.0.0.1", "/api/workflows/" + id).send().await();
      if (seen.statusCode() == 200) {
        break;
      }
      Thread.sleep(100);
    }
    // Kill the orchestrator that started it (the API hands the start to either).
    boolean firstStarted = Files.readString(servers.get(0).stderr()).contains("workflow " + id + " started");
    servers.get(firstStarted ? 0 : 1).process().destroyForcibly().waitFor();
    JsonObject result = calls.awaitEnd(firstStarted ? second : first, id, 40);
    assertThat(result.getString("status")).as(result.encode()).isEqualTo("completed");
    assertThat(result.getJsonArray("ordersExecuted")).isNotEmpty();
  }

  @Test
  void twoOrchestratorsAndTwoPortfolioReplicasTradeOneAccountOnceForSixConcurrentWorkflows() throws Exception {
    List<JarProcess.Server> servers = cluster(List.of("orchestrator,web", "orchestrator,web", "strategy,portfolio", "portfolio,execution,notifications"),
        List.of("{}", "{}", "{}", "{}"));
    int first = servers.get(0).port();
    int second = servers.get(1).port();
    calls.awaitReady(first);
    calls.awaitReady(second);
    // Six at once, three through each orchestrator: every one reads the same paper account.
    List<Future<HttpResponse<Buffer>>> posts = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      posts.add(http.post(i % 2 == 0 ? first : second, "127.0.0.1", "/api/workflows")
          .sendBuffer(Buffer.buffer("{\"correlationId\": \"acct-" + i + "\"}")));
    }
    for (HttpResponse<Buffer> post : Future.all(posts).await().<HttpResponse<Buffer>>list()) {
      assertThat(post.statusCode()).as(post.bodyAsString()).isEqualTo(202);
    }
    List<JsonObject> results = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      results.add(calls.awaitEnd(first, "acct-" + i, 60));
    }
    assertThat(results).allSatisfy(r -> assertThat(r.getString("status")).as(r.encode()).isEqualTo("completed"));
    List<JsonObject> traded = results.stream().filter(r -> !r.getJsonArray("ordersExecuted").isEmpty()).toList();
    assertThat(traded).hasSize(1);

    // The account holds exactly what the one trading workflow bought.
    JsonObject account = calls.getJson(second, "/api/account");
    Map<String, java.math.BigDecimal> positions = new HashMap<>();
    account.getJsonArray("positions").forEach(p -> positions.put(((JsonObject) p).getString("symbol"),
        new java.math.BigDecimal(((JsonObject) p).getValue("quantity").toString())));
    JsonArray orders = traded.get(0).getJsonArray("ordersExecuted");
    assertThat(positions).hasSize(orders.size());
    for (Object item : orders) {
      JsonObject order = (JsonObject) item;
      assertThat(positions.get(order.getString("symbol"))).isEqualByComparingTo(order.getValue("quantity").toString());
    }
    // Both portfolio replicas planned; the lease was taken across JVMs.
    String logs = Files.readString(servers.get(2).stderr()) + Files.readString(servers.get(3).stderr());
    assertThat(logs).contains("waits for account paper:");
  }

  @Test
  void aHolderKilledMidOrdersFreesTheAccountOnceTheClusterNoticesNotAtItsTimeout() throws Exception {
    io.alchemiser.shared.FakeAlpaca alpaca = io.alchemiser.shared.FakeAlpaca.start(vertx, true, 1000);
    try {
      io.alchemiser.shared.FakeAlpacaTrading trading = alpaca.trading(new java.math.BigDecimal("100000"));
      // Each order takes two polls a second apart: a workflow is mid-orders for several seconds.
      trading.fillMode(io.alchemiser.shared.FakeAlpacaTrading.FillMode.AFTER_TWO_POLLS);
      String config = "alpaca: {keyId: " + io.alchemiser.shared.FakeAlpaca.KEY_ID + ", secretKey: " + io.alchemiser.shared.FakeAlpaca.SECRET
          + ", baseUrl: \"" + alpaca.url() + "\", dataUrl: \"" + alpaca.url() + "\"}\n"
          + "marketData: {provider: alpaca}\n"
          + "execution: {broker: alpaca, fillTimeoutSeconds: 30, pollIntervalMs: 1000}\n"
          + "orchestrator: {workflowTimeoutSeconds: 120}\n";
      List<JarProcess.Server> servers = cluster(List.of("orchestrator,web,strategy,portfolio", "execution", "execution"),
          List.of(config, config, config));
      int head = servers.get(0).port();
      calls.awaitReady(head);
      calls.start(head, "{\"correlationId\": \"victim\"}");
      JsonObject holder = null;
      for (int i = 0; i < 300 && (holder == null || trading.orderPosts() == 0); i++) {
        JsonArray accounts = calls.getJson(head, "/api/workflows").getJsonArray("accounts");
        holder = accounts.isEmpty() ? null : accounts.getJsonObject(0).getJsonObject("holder");
        if (holder != null && !"executing".equals(holder.getString("stage"))) {
          holder = null;
        }
        Thread.sleep(100);
      }
      assertThat(holder).as("the victim never held the account while placing orders").isNotNull();
      assertThat(holder.getString("correlationId")).isEqualTo("victim");
      String holderNode = holder.getString("node");
      JarProcess.Server killed = servers.subList(1, 3).stream()
          .filter(s -> read(s.stderr()).contains(holderNode + " started with modules")).findFirst().orElseThrow();
      killed.process().destroyForcibly().waitFor();
      long killedAt = System.nanoTime();

      JsonObject after = calls.awaitEnd(head, calls.start(head, "{\"correlationId\": \"after-holder-killed\"}"), 60);
      long seconds = (System.nanoTime() - killedAt) / 1_000_000_000L;
      assertThat(after.getString("status")).as(after.encode()).isEqualTo("completed");
      // Freed by the cluster's failure detection (seconds), long before the victim's 120 s timeout.
      assertThat(seconds).isLessThan(60);
      assertThat(calls.getJson(head, "/api/workflows/victim").getString("status")).isEqualTo("active");
      // No order was placed twice: client order ids are unique at the broker.
      Set<String> clientOrderIds = new HashSet<>();
      for (JsonObject order : trading.orders()) {
        assertThat(clientOrderIds.add(order.getString("client_order_id"))).isTrue();
      }
    } finally {
      alpaca.close();
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
