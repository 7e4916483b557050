package io.alchemiser.orchestrator;

import io.alchemiser.orchestrator.app.Node;

import static org.assertj.core.api.Assertions.assertThat;

import io.alchemiser.shared.event.ErrorCodes;
import io.alchemiser.shared.trading.OrderReport;
import io.alchemiser.shared.client.StartRequest;
import io.alchemiser.shared.client.WorkflowClient;
import io.alchemiser.shared.client.WorkflowRecord;
import io.alchemiser.shared.client.WorkflowStatus;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * One rebalance per account at a time: concurrent workflows on one paper account, through the real
 * modules, the REST API on 127.0.0.1 and the metrics.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 90, timeUnit = TimeUnit.SECONDS)
class AccountLeaseTest {
  private static final Duration WAIT = Duration.ofSeconds(40);

  private static JsonObject config(JsonObject portfolio, int timeoutSeconds) throws Exception {
    JsonObject config = TestNodes.config(TestNodes.tempDir(), List.of("orchestrator", "web", "strategy", "portfolio", "execution"));
    config.put("web", new JsonObject().put("port", 0).put("host", "127.0.0.1"));
    config.getJsonObject("portfolio").mergeIn(portfolio);
    config.getJsonObject("orchestrator").put("workflowTimeoutSeconds", timeoutSeconds);
    return config;
  }

  private static JsonObject get(WebClient http, int port, String path) {
    HttpResponse<Buffer> response = http.get(port, "127.0.0.1", path).send().await();
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    return response.bodyAsJsonObject();
  }

  private static boolean holds(JsonObject list, String correlationId) {
    JsonArray accounts = list.getJsonArray("accounts");
    return !accounts.isEmpty() && accounts.getJsonObject(0).getJsonObject("holder") != null
        && correlationId.equals(accounts.getJsonObject(0).getJsonObject("holder").getString("correlationId"));
  }

  /** Starts a live workflow and waits (bounded) until it holds the account. */
  private static void startHolder(WorkflowClient client, WebClient http, Node node, String id) throws InterruptedException {
    client.start(StartRequest.of(id, false, "api")).await();
    for (int i = 0; i < 100 && !holds(get(http, node.httpPort(), "/api/workflows?status=active"), id); i++) {
      Thread.sleep(50);
    }
  }

  /** symbol → quantity, as GET /api/account shows the positions. */
  private static Map<String, BigDecimal> positions(JsonObject account) {
    Map<String, BigDecimal> held = new TreeMap<>();
    for (Object item : account.getJsonArray("positions")) {
      JsonObject position = (JsonObject) item;
      held.put(position.getString("symbol"), new BigDecimal(position.getValue("quantity").toString()));
    }
    return held;
  }

  @Test
  void sixWorkflowsAtOnceTradeTheAccountOnceAndEndWithTheSingleRunsPositions(Vertx vertx) throws Exception {
    // A single run on an account of its own: what the six together must come to.
    Vertx alone = Vertx.vertx();
    Map<String, BigDecimal> single;
    try {
      Node node = Node.start(alone, config(new JsonObject(), 120)).await();
      WorkflowRecord run = node.client().awaitCompletion(node.client().start(StartRequest.of("single", false, "test")).await(), WAIT).await();
      assertThat(run.status()).isEqualTo(WorkflowStatus.COMPLETED);
      single = positions(get(WebClient.create(alone), node.httpPort(), "/api/account"));
    } finally {
      alone.close().await();
    }
    assertThat(single).hasSizeGreaterThan(3);

    MeterRegistry registry = new SimpleMeterRegistry();
    Node node = Node.start(vertx, config(new JsonObject(), 120), registry).await();
    WorkflowClient client = node.client();
    List<Future<String>> started = new ArrayList<>();
    for (int i = 1; i <= 6; i++) {
      started.add(client.start(StartRequest.of("six-" + i, false, "api")));
    }
    Future.all(started).await();
    List<WorkflowRecord> records = new ArrayList<>();
    for (int i = 1; i <= 6; i++) {
      records.add(client.awaitCompletion("six-" + i, WAIT).await());
    }
    assertThat(records).allSatisfy(r -> assertThat(r.status()).as(r.failureReason()).isEqualTo(WorkflowStatus.COMPLETED));
    List<WorkflowRecord> traded = records.stream().filter(r -> !r.ordersExecuted().isEmpty()).toList();
    assertThat(traded).hasSize(1);
    assertThat(records.stream().filter(r -> r.ordersExecuted().isEmpty())).hasSize(5);

    Map<String, BigDecimal> after = positions(get(WebClient.create(vertx), node.httpPort(), "/api/account"));
    assertThat(after.keySet()).isEqualTo(single.keySet());
    after.forEach((symbol, quantity) -> assertThat(quantity).as(symbol).isEqualByComparingTo(single.get(symbol)));
    // The positions are exactly what the one trading workflow bought.
    for (OrderReport order : traded.get(0).ordersExecuted()) {
      assertThat(after.get(order.symbol())).isEqualByComparingTo(order.filledQuantity());
    }
    Timer waits = registry.find("alchemiser.account.lease.wait").tag("outcome", "acquired").timer();
    assertThat(waits).isNotNull();
    assertThat(waits.count()).isBetween(1L, 5L);
  }

  @Test
  void theApiShowsWhoHoldsTheAccountAndWhoWaitsAndAWaiterOutOfTimeFailsWithTheReason(Vertx vertx) throws Exception {
    // Each holder keeps the account 2.5 s (a slow broker, say); a waiter may wait until 2 s before its 10 s timeout,
    // so of five workflows at most four get the account in time.
    Node node = Node.start(vertx, config(new JsonObject().put("testing", new JsonObject().put("delayMs", 2500)), 10)).await();
    WebClient http = WebClient.create(vertx);
    WorkflowClient client = node.client();
    // The others start once hold-1 holds the account: a fixed head start lost the race on a loaded machine.
    startHolder(client, http, node, "hold-1");
    for (int i = 2; i <= 5; i++) {
      client.start(StartRequest.of("hold-" + i, false, "api")).await();
    }

    JsonObject list = null;
    for (int i = 0; i < 50; i++) {
      list = get(http, node.httpPort(), "/api/workflows?status=active");
      if (!list.getJsonArray("accounts").isEmpty()
          && list.getJsonArray("accounts").getJsonObject(0).getJsonArray("waiting").size() == 4) {
        break;
      }
      Thread.sleep(50);
    }
    JsonArray accounts = list.getJsonArray("accounts");
    assertThat(accounts).hasSize(1);
    JsonObject account = accounts.getJsonObject(0);
    assertThat(account.getString("account")).startsWith("paper:");
    assertThat(account.getJsonObject("holder").getString("correlationId")).isEqualTo("hold-1");
    assertThat(account.getJsonObject("holder").getString("stage")).isEqualTo("planning");
    assertThat(account.getJsonArray("waiting").stream().map(w -> ((JsonObject) w).getString("correlationId")))
        .containsExactlyInAnyOrder("hold-2", "hold-3", "hold-4", "hold-5");
    JsonObject one = get(http, node.httpPort(), "/api/workflows/hold-2");
    assertThat(one.getJsonObject("accountLease").getString("role")).isEqualTo("waiting");
    assertThat(one.getJsonObject("accountLease").getString("account")).isEqualTo(account.getString("account"));

    // A dry run takes no lease: it is done long before the workflows queued for the account.
    WorkflowRecord dry = client.awaitCompletion(client.start(StartRequest.of("dry", true, "api")).await(), WAIT).await();
    assertThat(dry.status()).isEqualTo(WorkflowStatus.COMPLETED);

    WorkflowRecord first = client.awaitCompletion("hold-1", WAIT).await();
    assertThat(first.status()).isEqualTo(WorkflowStatus.COMPLETED);
    assertThat(first.ordersExecuted()).isNotEmpty();
    List<WorkflowRecord> others = new ArrayList<>();
    for (int i = 2; i <= 5; i++) {
      others.add(client.awaitCompletion("hold-" + i, WAIT).await());
    }
    assertThat(others.stream().map(WorkflowRecord::finishedAt).max(java.util.Comparator.naturalOrder()).orElseThrow())
        .isAfter(dry.finishedAt());
    WorkflowRecord busy = others.stream().filter(r -> ErrorCodes.ACCOUNT_BUSY.equals(r.errorCode())).findFirst().orElseThrow();
    assertThat(busy.status()).isEqualTo(WorkflowStatus.FAILED);
    assertThat(busy.failureReason()).contains("account " + account.getString("account") + " is in use: workflow hold-")
        .contains("did not trade");
    // Nobody traded after the first: each planned against the account as the one before left it.
    assertThat(others).allSatisfy(r -> assertThat(r.ordersExecuted()).isEmpty());

    // Every lease is given back once the workflows have ended (one that timed out holding it, too).
    JsonArray left = null;
    for (int i = 0; i < 40; i++) {
      left = get(http, node.httpPort(), "/api/workflows").getJsonArray("accounts");
      if (left.isEmpty()) {
        break;
      }
      Thread.sleep(50);
    }
    assertThat(left).isEmpty();
  }

  @Test
  void aWaiterGivesUpByItsOwnRunsDeadlineNotTheConfiguredTimeout(Vertx vertx) throws Exception {
    // The holder keeps the account for several slow orders; the waiter was started with a 4 s timeout of
    // its own (the configured one is 30 s), so it gives up 2 s before its run's deadline with its own reason.
    Node node = Node.start(vertx, config(new JsonObject().put("testing", new JsonObject().put("delayMs", 2500)), 30)).await();
    WebClient http = WebClient.create(vertx);
    WorkflowClient client = node.client();
    startHolder(client, http, node, "slow-holder");
    client.start(new StartRequest("short-waiter", false, "api", 4L)).await();
    WorkflowRecord waiter = client.awaitCompletion("short-waiter", WAIT).await();
    assertThat(waiter.status()).as(waiter.failureReason()).isEqualTo(WorkflowStatus.FAILED);
    assertThat(waiter.errorCode()).isEqualTo(ErrorCodes.ACCOUNT_BUSY);
    assertThat(waiter.failureReason()).contains("is in use: workflow slow-holder");
    assertThat(Duration.between(waiter.startedAt(), waiter.finishedAt())).isLessThan(Duration.ofSeconds(4));
  }
}
