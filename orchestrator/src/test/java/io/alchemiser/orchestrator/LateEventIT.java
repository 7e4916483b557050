package io.alchemiser.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * No work for an ended workflow, across JVMs and without asking: the acting modules decide from the
 * deadline each event carries and the end notices the orchestrators publish. A workflow whose plan
 * is held by a portfolio module ({@link StallingPortfolio}) times out; the plan it then sends reaches
 * the execution module in another JVM, which does not act on it.
 */
class LateEventIT {
  private Vertx vertx;
  private WebClient http;
  private ClusterCalls calls;
  private Path work;
  private final List<JarProcess.Server> nodes = java.util.Collections.synchronizedList(new ArrayList<>());
  private Process portfolio;

  @BeforeEach
  void setUp() throws Exception {
    vertx = Vertx.vertx();
    http = WebClient.create(vertx);
    calls = new ClusterCalls(http);
    work = Files.createTempDirectory("alchemiser-late-event");
  }

  @AfterEach
  void tearDown() throws Exception {
    if (portfolio != null) {
      portfolio.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    JarProcess.stopAll(List.copyOf(nodes));
    vertx.close().await();
  }

  /** Reads the portfolio's output (its log lines among it) until it says {@code line}. */
  private void awaitLine(BufferedReader said, String line) throws java.io.IOException {
    List<String> before = new ArrayList<>();
    for (String next = said.readLine(); next != null; next = said.readLine()) {
      if (next.equals(line)) {
        return;
      }
      before.add(next);
    }
    throw new AssertionError("the portfolio ended without saying '" + line + "' (see " + work.resolve("portfolio.log") + "):\n"
        + String.join("\n", before));
  }

  @Test
  void aPlanForAWorkflowThatTimedOutAMomentAgoIsNotActedOnInAnotherJvm() throws Exception {
    TestCluster.Ports ports = TestCluster.Ports.free(3, "late-");
    String timeout = "orchestrator: {workflowTimeoutSeconds: 4}\n";
    List<JarProcess.Server> servers = TestCluster.start(vertx, work, ports, List.of("orchestrator,web,strategy", "execution,notifications"),
        List.of(timeout, timeout), Map.of(), nodes);
    portfolio = new ProcessBuilder(JarProcess.java(), "-Xmx256m",
        "-cp", System.getProperty("java.class.path"), StallingPortfolio.class.getName(), Integer.toString(ports.ports().get(2)), ports.members(), ports.name())
        .redirectError(work.resolve("portfolio.log").toFile()).start();
    BufferedReader said = new BufferedReader(new InputStreamReader(portfolio.getInputStream(), StandardCharsets.UTF_8));
    awaitLine(said, "ready");
    int head = servers.get(0).port();
    calls.awaitReady(head);

    // A plan sent with the deadline it was given (its sender had not heard of the end): decided from it.
    lateplan(said, head, servers.get(1).stderr(), "late-1", "release-with-deadline");
    // A plan sent by a node that had heard of the end (no deadline then): the execution module asks.
    lateplan(said, head, servers.get(1).stderr(), "late-2", "release");
  }

  private void lateplan(BufferedReader said, int head, Path executionLog, String id, String release) throws Exception {
    calls.start(head, "{\"correlationId\": \"" + id + "\"}");
    awaitLine(said, "held " + id);
    JsonObject ended = calls.awaitEnd(head, id, 30);
    assertThat(ended.getString("status")).as(ended.encode()).isEqualTo("timeout");

    // A moment after the timeout, the held plan goes out.
    Writer tell = new OutputStreamWriter(portfolio.getOutputStream(), StandardCharsets.UTF_8);
    tell.write(release + " " + id + "\n");
    tell.flush();
    awaitLine(said, "released " + id);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (!Files.readString(executionLog).contains("ignored RebalancePlanned of workflow " + id) && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    String execution = Files.readString(executionLog);
    assertThat(execution).as(execution).contains("ignored RebalancePlanned of workflow " + id + ": the workflow has ended")
        // Refused before its work began: not by the account's lease, and no order.
        .doesNotContain(id + " holds no lease").doesNotContain("ExecutionVerticle - order");
  }
}
