package io.alchemiser.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The cluster-wide guarantees on the membership a TLS cluster runs (Infinispan; here without TLS, on
 * loopback, so that it is the membership alone that differs from {@link ClusterIT}): one start per
 * correlation id across orchestrators (also after the orchestrator that decides starts dies), and
 * one trading workflow per account at a time across JVMs.
 */
class InfinispanClusterIT {
  private Vertx vertx;
  private WebClient http;
  private ClusterCalls calls;
  private Path work;
  private final List<JarProcess.Server> nodes = java.util.Collections.synchronizedList(new ArrayList<>());

  @BeforeEach
  void setUp() throws Exception {
    vertx = Vertx.vertx();
    http = WebClient.create(vertx);
    calls = new ClusterCalls(http);
    work = Files.createTempDirectory("alchemiser-infinispan");
  }

  @AfterEach
  void tearDown() throws Exception {
    JarProcess.stopAll(List.copyOf(nodes));
    vertx.close().await();
  }

  @Test
  void duplicateStartsOnTwoOrchestratorsStartOnceAndOneAccountTradesOnce() throws Exception {
    List<String> modules = List.of("orchestrator,web", "orchestrator,web", "strategy,portfolio", "portfolio,execution,notifications");
    // One port more than nodes: an orchestrator joins later.
    TestCluster.Ports ports = TestCluster.Ports.free(modules.size() + 1, "ispn-");
    List<JarProcess.Server> servers = TestCluster.start(vertx, work, ports, modules, null,
        Map.of("ALCHEMISER_CLUSTER_MANAGER", "infinispan"), nodes);
    assertThat(Files.readString(servers.get(0).stderr())).contains("(infinispan)");
    int first = servers.get(0).port();
    int second = servers.get(1).port();
    calls.awaitReady(first);
    calls.awaitReady(second);

    // Each of six ids started twice at once, through both nodes' APIs (each hands a start to either orchestrator).
    List<Future<HttpResponse<Buffer>>> posts = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      for (int port : List.of(first, second)) {
        posts.add(http.post(port, "127.0.0.1", "/api/workflows").sendBuffer(Buffer.buffer("{\"correlationId\": \"dup-" + i + "\"}")));
      }
    }
    List<HttpResponse<Buffer>> answers = Future.all(posts).await().list();
    for (int i = 0; i < 6; i++) {
      List<Integer> codes = List.of(answers.get(2 * i).statusCode(), answers.get(2 * i + 1).statusCode());
      assertThat(codes).as("dup-%d: %s / %s", i, answers.get(2 * i).bodyAsString(), answers.get(2 * i + 1).bodyAsString())
          .containsExactlyInAnyOrder(202, 409);
    }

    // All six read the same paper account: exactly one trades, the others find nothing left to do.
    List<JsonObject> results = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      results.add(calls.awaitEnd(first, "dup-" + i, 60));
    }
    assertThat(results).allSatisfy(r -> assertThat(r.getString("status")).as(r.encode()).isEqualTo("completed"));
    assertThat(results.stream().filter(r -> !r.getJsonArray("ordersExecuted").isEmpty())).hasSize(1);
    String logs = Files.readString(servers.get(2).stderr()) + Files.readString(servers.get(3).stderr());
    assertThat(logs).contains("waits for account paper:");
    // Each started once in the whole cluster.
    String started = Files.readString(servers.get(0).stderr()) + Files.readString(servers.get(1).stderr());
    for (int i = 0; i < 6; i++) {
      assertThat(started.split("workflow dup-" + i + " started", -1)).as("dup-%d started", i).hasSize(2);
    }

    // An orchestrator that joins now has seen none of these workflows end (its store is empty): the
    // claims, which keep a completed workflow's id until they expire, still refuse to start one again.
    JarProcess.Server late = TestCluster.startNode(vertx, work, ports, modules.size(), "orchestrator,web", null,
        Map.of("ALCHEMISER_CLUSTER_MANAGER", "infinispan"), nodes).await();
    calls.awaitReady(late.port());
    for (int i = 0; i < 6; i++) {
      HttpResponse<Buffer> again = http.post(late.port(), "127.0.0.1", "/api/workflows")
          .sendBuffer(Buffer.buffer("{\"correlationId\": \"dup-" + i + "\"}")).await();
      assertThat(again.statusCode()).as("dup-%d again: %s", i, again.bodyAsString()).isEqualTo(409);
    }
    String lateLog = Files.readString(late.stderr());
    for (int i = 0; i < 6; i++) {
      assertThat(lateLog).doesNotContain("workflow dup-" + i + " started");
    }
    assertThat(decidesStarts(late.port())).isZero();

    // Both first orchestrators are killed at once, the one that decides starts among them: the late one,
    // which never saw these workflows, takes the start lease over and still refuses them (it read their
    // claims, which every node keeps a copy of), while a new workflow starts and completes.
    assertThat(Files.readString(servers.get(0).stderr()) + Files.readString(servers.get(1).stderr()))
        .contains("now decides the cluster's workflow starts");
    servers.get(0).process().destroyForcibly();
    servers.get(1).process().destroyForcibly();
    servers.get(0).process().waitFor();
    servers.get(1).process().waitFor();
    for (int i = 0; i < 120 && !Files.readString(late.stderr()).contains("now decides the cluster's workflow starts"); i++) {
      Thread.sleep(500);
    }
    assertThat(Files.readString(late.stderr())).contains("now decides the cluster's workflow starts");
    for (int i = 0; i < 60 && decidesStarts(late.port()) != 1.0; i++) {
      Thread.sleep(500);
    }
    assertThat(decidesStarts(late.port())).isEqualTo(1.0);
    for (int i = 0; i < 6; i++) {
      HttpResponse<Buffer> again = null;
      // Asked again only when it went to a killed orchestrator: for a moment after the kill the bus may still
      // pick one whose registration the cluster has not yet dropped, and the request is lost there (503, no
      // answer in time; seen once in CI). Whatever the answer, no dup may start: the late log says so below.
      for (int attempt = 0; attempt < 3 && (again == null || again.statusCode() == 503); attempt++) {
        again = http.post(late.port(), "127.0.0.1", "/api/workflows")
            .sendBuffer(Buffer.buffer("{\"correlationId\": \"dup-" + i + "\"}")).await();
      }
      assertThat(again.statusCode()).as("dup-%d after the take-over: %s", i, again.bodyAsString()).isEqualTo(409);
    }
    JsonObject fresh = calls.awaitEnd(late.port(), calls.start(late.port(), "{\"correlationId\": \"after-take-over\", \"dryRun\": true}"), 60);
    assertThat(fresh.getString("status")).as(fresh.encode()).isEqualTo("completed");
    lateLog = Files.readString(late.stderr());
    for (int i = 0; i < 6; i++) {
      assertThat(lateLog).doesNotContain("workflow dup-" + i + " started");
    }
  }

  private double decidesStarts(int port) {
    String metrics = http.get(port, "127.0.0.1", "/metrics").send().await().bodyAsString();
    return metrics.lines().filter(l -> l.startsWith("alchemiser_orchestrator_decides_starts "))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.indexOf(' ') + 1).trim())).findFirst().orElse(Double.NaN);
  }
}
