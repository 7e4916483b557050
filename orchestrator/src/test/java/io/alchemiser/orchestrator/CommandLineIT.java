package io.alchemiser.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.alchemiser.shared.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The fat jar, run as a user runs it: exit statuses, clean JSON on stdout, state kept in the data directory. */
class CommandLineIT {
  private Path work;
  private Map<String, String> env;

  @BeforeEach
  void freshDirectory() throws Exception {
    work = Files.createTempDirectory("alchemiser-cli");
    env = Map.of("ALCHEMISER_DATA_DIR", work.resolve("data").toString());
  }

  @Test
  void runCompletesAndASecondRunSeesThePositionsItBought() throws Exception {
    JarProcess.Result first = JarProcess.run(work, env, "run", "--json", "--correlation-id", "cli-first");
    assertThat(first.exitCode()).as(first.stderr()).isZero();
    JsonNode result = Json.MAPPER.readTree(first.stdout());
    assertThat(first.stdout().strip().lines()).hasSize(1);
    assertThat(result.get("correlationId").asText()).isEqualTo("cli-first");
    assertThat(result.get("success").asBoolean()).isTrue();
    assertThat(result.get("completionStatus").asText()).isEqualTo("completed");
    assertThat(result.get("durationSeconds").isNumber()).isTrue();
    int buys = result.get("rebalancePlan").get("trades").size();
    assertThat(buys).isGreaterThan(1);
    assertThat(result.get("ordersExecuted")).hasSize(buys);
    JsonNode order = result.get("ordersExecuted").get(0);
    for (String key : new String[] {"symbol", "side", "quantity", "price", "status", "clientOrderId", "brokerOrderId"}) {
      assertThat(order.hasNonNull(key)).as(key).isTrue();
    }
    assertThat(result.get("strategySignals").get("strategies")).hasSize(4);
    assertThat(result.get("strategySignals").get("asOf").asText()).isEqualTo("2025-10-31");
    assertThat(result.get("executionSummary").get("ordersFilled").asInt()).isEqualTo(buys);
    assertThat(result.has("failureReason")).isTrue();
    assertThat(result.has("errorCode")).isTrue();
    assertThat(first.stderr()).contains("signal:").contains("completed").doesNotContain("Exception");

    // A config written for serve (web listed, on a port in use: a serve running beside it) runs too: run serves nothing.
    JarProcess.Result second;
    try (java.net.ServerSocket held = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      Path forServe = work.resolve("serve.yaml");
      Files.writeString(forServe, "modules: [orchestrator, web, strategy, portfolio, execution, notifications]\nweb:\n  port: "
          + held.getLocalPort() + "\n");
      second = JarProcess.run(work, env, "run", "--json", "--config", forServe.toString());
    }
    assertThat(second.exitCode()).as(second.stderr()).isZero();
    JsonNode again = Json.MAPPER.readTree(second.stdout());
    assertThat(again.get("ordersExecuted")).isEmpty();
    for (JsonNode trade : again.get("rebalancePlan").get("trades")) {
      assertThat(trade.get("action").asText()).isEqualTo("HOLD");
      assertThat(trade.get("currentQuantity").decimalValue()).isPositive();
    }
  }

  @Test
  void runsEndToEndAgainstAnAlpacaCompatibleServer() throws Exception {
    io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx();
    try (io.alchemiser.shared.FakeAlpaca alpaca = io.alchemiser.shared.FakeAlpaca.start(vertx, true, 500)) {
      io.alchemiser.shared.FakeAlpacaTrading trading = alpaca.trading(new java.math.BigDecimal("100000"));
      // An earlier, interrupted attempt of this workflow already bought QQQ.
      trading.preexisting("QQQ", "buy", new java.math.BigDecimal("20"), "alp-cli-QQQ-b");
      Map<String, String> alpacaEnv = new java.util.HashMap<>(env);
      alpacaEnv.putAll(Map.of("ALCHEMISER_BROKER", "alpaca", "ALCHEMISER_MARKET_DATA", "alpaca",
          "APCA_API_BASE_URL", alpaca.url(), "APCA_API_DATA_URL", alpaca.url(),
          "APCA_API_KEY_ID", io.alchemiser.shared.FakeAlpaca.KEY_ID, "APCA_API_SECRET_KEY", io.alchemiser.shared.FakeAlpaca.SECRET));
      JarProcess.Result run = JarProcess.run(work, alpacaEnv, "run", "--json", "--correlation-id", "alp-cli");
      assertThat(run.exitCode()).as(run.stderr()).isZero();
      JsonNode result = Json.MAPPER.readTree(run.stdout());
      assertThat(result.get("completionStatus").asText()).isEqualTo("completed");
      java.util.List<String> reported = new java.util.ArrayList<>();
      result.get("ordersExecuted").forEach(o -> reported.add(o.get("clientOrderId").asText()));
      java.util.List<String> atBroker = trading.orders().stream().map(o -> o.getString("client_order_id"))
          .filter(id -> id.startsWith("alp-cli-")).toList();
      assertThat(reported).containsExactlyInAnyOrderElementsOf(atBroker).contains("alp-cli-QQQ-b");
      assertThat(atBroker).doesNotHaveDuplicates();
      assertThat(run.stderr()).doesNotContain(io.alchemiser.shared.FakeAlpaca.SECRET);

      JarProcess.Result again = JarProcess.run(work, alpacaEnv, "run", "--json");
      assertThat(again.exitCode()).as(again.stderr()).isZero();
      assertThat(Json.MAPPER.readTree(again.stdout()).get("ordersExecuted")).isEmpty();
    } finally {
      vertx.close().await();
    }
  }

  @Test
  void historyAndShowReadTheJournalAndSayWhenAServerHoldsIt() throws Exception {
    assertThat(JarProcess.run(work, env, "history").exitCode()).isEqualTo(66);
    assertThat(JarProcess.run(work, env, "run", "--correlation-id", "past-1").exitCode()).isZero();
    assertThat(JarProcess.run(work, env, "run", "--dry-run", "--correlation-id", "past-2").exitCode()).isZero();

    JsonNode history = Json.MAPPER.readTree(JarProcess.run(work, env, "history", "--json").stdout());
    assertThat(history.get("workflows")).hasSize(2);
    assertThat(history.get("workflows").get(0).get("correlationId").asText()).isEqualTo("past-2");
    assertThat(history.get("workflows").get(1).get("status").asText()).isEqualTo("completed");
    assertThat(JarProcess.run(work, env, "history", "--limit", "1").stdout()).contains("past-2").doesNotContain("past-1");

    JsonNode shown = Json.MAPPER.readTree(JarProcess.run(work, env, "show", "past-1", "--json").stdout());
    assertThat(shown.get("workflow").get("ordersExecuted").size()).isPositive();
    assertThat(shown.get("events").get(0).get("metadata").get("eventType").asText()).isEqualTo("WorkflowStarted");
    assertThat(shown.get("events").get(shown.get("events").size() - 1).get("metadata").get("eventType").asText())
        .isEqualTo("WorkflowCompleted");
    assertThat(JarProcess.run(work, env, "show", "never-ran").exitCode()).isEqualTo(65);

    // Replay: the same inputs give the same signal and plan; another strategy shows what it would change.
    JsonNode same = Json.MAPPER.readTree(JarProcess.run(work, env, "replay", "past-1", "--json").stdout());
    assertThat(same.get("allocation").get("same").asBoolean()).isTrue();
    assertThat(same.get("plan").get("same").asBoolean()).isTrue();
    Path other = work.resolve("other.yaml");
    Files.writeString(other, "strategy:\n  strategies:\n    - {name: x, kind: fixed, weight: 1, allocation: {SPY: 1}}\n");
    JarProcess.Result changed = JarProcess.run(work, env, "replay", "past-1", "--config", other.toString());
    assertThat(changed.exitCode()).as(changed.stderr()).isZero();
    assertThat(changed.stdout()).contains("allocation: differs").contains("SPY").contains("now 1");
    assertThat(changed.stderr()).doesNotContain("WARN");
    assertThat(JarProcess.run(work, env, "dead-letters").exitCode()).isZero();

    try (JarProcess.Server server = JarProcess.serve(work, env, "--http-port", "0")) {
      JarProcess.Result locked = JarProcess.run(work, env, "history");
      assertThat(locked.exitCode()).isEqualTo(69);
      assertThat(locked.stderr()).contains("in use by another Alchemiser process").doesNotContain("Exception");
      // The server restored both from the journal.
      JsonNode api = Json.MAPPER.readTree(java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
          java.net.URI.create("http://127.0.0.1:" + server.port() + "/api/workflows/past-1")).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString()).body());
      assertThat(api.get("status").asText()).isEqualTo("completed");
      // The configuration it logs is the one it runs: options included, each named.
      assertThat(Files.readString(server.stderr())).contains("web.port = 0  [command line --http-port]")
          .contains("modules = [\"orchestrator\",\"web\",\"strategy\",\"portfolio\",\"execution\",\"notifications\"]  [default of serve]");
    }
    // Modules a config file lists are the ones serve runs (it ran all six whatever the file said).
    Path onlyWeb = work.resolve("only-web.yaml");
    Files.writeString(onlyWeb, "modules: [orchestrator, web]\n");
    try (JarProcess.Server server = JarProcess.serve(work, env, "--config", onlyWeb.toString(), "--http-port", "0")) {
      assertThat(Files.readString(server.stderr())).contains(" started with modules [orchestrator, web]" + System.lineSeparator())
          .contains("modules = [\"orchestrator\",\"web\"]  [file " + onlyWeb + "]");
    }
  }

  @Test
  void humanOutputAndDryRun() throws Exception {
    JarProcess.Result result = JarProcess.run(work, env, "run", "--dry-run");
    assertThat(result.exitCode()).as(result.stderr()).isZero();
    assertThat(result.stdout()).contains("completed").contains("(dry run)").contains("BUY  QQQ").doesNotContain("Orders:");
    assertThat(work.resolve("data/paper-broker/account.json")).doesNotExist();
  }

  @Test
  void aFailedWorkflowExitsOneWithItsReason() throws Exception {
    Path config = work.resolve("broken-data.yaml");
    Files.writeString(config, """
        strategy:
          strategies:
            - name: ghost
              allocation: {GHOST: 1}
        """);
    JarProcess.Result result = JarProcess.run(work, env, "run", "--json", "--config", config.toString());
    assertThat(result.exitCode()).isEqualTo(1);
    JsonNode json = Json.MAPPER.readTree(result.stdout());
    assertThat(json.get("success").asBoolean()).isFalse();
    assertThat(json.get("completionStatus").asText()).isEqualTo("failed");
    assertThat(json.get("errorCode").asText()).isEqualTo("MARKET_DATA_ERROR");
    assertThat(json.get("failureReason").asText()).contains("GHOST");
  }

  @Test
  void badUsageExits64AndBadConfigExits78NamingTheKey() throws Exception {
    JarProcess.Result badId = JarProcess.run(work, env, "run", "--correlation-id", "no/slashes");
    assertThat(badId.exitCode()).isEqualTo(64);
    assertThat(badId.stderr()).contains("invalid correlation id");
    assertThat(badId.stdout()).isEmpty();

    JarProcess.Result unknownOption = JarProcess.run(work, env, "run", "--frobnicate");
    assertThat(unknownOption.exitCode()).isEqualTo(64);

    JarProcess.Result badTimeout = JarProcess.run(work, Map.of("ALCHEMISER_WORKFLOW_TIMEOUT", "soon",
        "ALCHEMISER_DATA_DIR", work.resolve("data").toString()), "run");
    assertThat(badTimeout.exitCode()).isEqualTo(78);
    assertThat(badTimeout.stderr()).contains("orchestrator.workflowTimeoutSeconds").doesNotContain("Exception");

    Path config = work.resolve("bad.yaml");
    Files.writeString(config, "strategy:\n  strategies:\n    - name: a\n      weight: 0.5\n      allocation: {SPY: 1}\n");
    JarProcess.Result badWeights = JarProcess.run(work, env, "run", "--config", config.toString());
    assertThat(badWeights.exitCode()).isEqualTo(78);
    assertThat(badWeights.stderr()).contains("strategy.strategies").contains("sum to 0.5");

    Path aFile = Files.writeString(work.resolve("not-a-dir"), "x");
    JarProcess.Result fileAsData = JarProcess.run(work, Map.of("ALCHEMISER_DATA_DIR", aFile.toString()), "run");
    assertThat(fileAsData.exitCode()).isEqualTo(78);
    assertThat(fileAsData.stderr()).contains("error: config 'dataDir': cannot create data directory " + aFile + ": " + aFile
        + " exists and is not a directory");

    // A port another process holds: named, with what to do, not "Address already in use".
    try (java.net.ServerSocket held = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      JarProcess.Result taken = JarProcess.run(work, env, "serve", "--http-port", Integer.toString(held.getLocalPort()));
      assertThat(taken.exitCode()).as(taken.stderr()).isEqualTo(78);
      assertThat(taken.stderr()).contains("error: config 'web.port': 127.0.0.1:" + held.getLocalPort() + " is in use by another process")
          .contains("--http-port").doesNotContain("Exception");
      JarProcess.Result clusterPort = JarProcess.run(work, env, "serve", "--cluster", "--cluster-port", Integer.toString(held.getLocalPort()),
          "--http-port", "0");
      assertThat(clusterPort.exitCode()).as(clusterPort.stderr()).isEqualTo(78);
      assertThat(clusterPort.stderr()).contains("error: config 'cluster.port': 127.0.0.1:" + held.getLocalPort() + " is in use by another process")
          .doesNotContain("Exception").doesNotContain("\tat ");
    }

    Path notYaml = work.resolve("broken.yaml");
    Files.writeString(notYaml, "modules: [orchestrator\n  - :");
    JarProcess.Result unreadable = JarProcess.run(work, env, "run", "--config", notYaml.toString());
    assertThat(unreadable.exitCode()).isEqualTo(78);
    assertThat(unreadable.stderr()).contains("broken.yaml").doesNotContain("\tat ");

    JarProcess.Result missing = JarProcess.run(work, env, "run", "--config", work.resolve("nope.yaml").toString());
    assertThat(missing.exitCode()).isEqualTo(78);
    assertThat(missing.stderr()).contains("no such file");
  }

  @Test
  void helpListsTheCommands() throws Exception {
    JarProcess.Result help = JarProcess.run(work, env, "--help");
    assertThat(help.exitCode()).isZero();
    assertThat(help.stdout()).contains("run");
    JarProcess.Result runHelp = JarProcess.run(work, env, "run", "--help");
    assertThat(runHelp.exitCode()).isZero();
    assertThat(runHelp.stdout()).contains("--dry-run").contains("--correlation-id").contains("--timeout");
  }

  @Test
  void jsonLogLinesCarryTheCorrelationId() throws Exception {
    Path log = work.resolve("alchemiser.log.json");
    JarProcess.Result result = JarProcess.run(work, Map.of("ALCHEMISER_DATA_DIR", work.resolve("data").toString(),
        "ALCHEMISER_LOG_FILE", log.toString(), "ALCHEMISER_LOG_LEVEL", "INFO"), "run", "--json", "--correlation-id", "logged-1");
    assertThat(result.exitCode()).as(result.stderr()).isZero();
    String lines = Files.readString(log);
    assertThat(lines.lines()).isNotEmpty().allSatisfy(line -> Json.MAPPER.readTree(line));
    assertThat(lines).contains("\"correlationId\":\"logged-1\"");
  }

  /**
   * The bench's JSON carries what the throughput issue asks of each row; the messages it counts are
   * the row's real ones: a raw "workflow" is five hops and the answer, all within one JVM.
   */
  @Test
  void benchCountsEachRowsMessagesAndReportsItsTail() throws Exception {
    Path json = work.resolve("bench.json");
    // On two event loops (--event-loops), the JSON says so; the raw row's messages are the same on any number.
    JarProcess.Result bench = JarProcess.run(work, env, "bench", "--quick", "--only", "raw", "--event-loops", "2", "--json", json.toString());
    assertThat(bench.exitCode()).as(bench.stderr()).isZero();
    assertThat(Json.MAPPER.readTree(json.toFile()).get("machine").get("eventLoops").asInt()).isEqualTo(2);
    JsonNode row = Json.MAPPER.readTree(json.toFile()).get("results").get(0);
    assertThat(row.get("name").asText()).isEqualTo("raw");
    assertThat(row.get("workflowsPerSecond").asLong()).isPositive();
    assertThat(row.get("messagesSentPerWorkflow").asDouble()).isCloseTo(6.0, org.assertj.core.data.Offset.offset(0.05));
    assertThat(row.get("deliveriesPerWorkflow").asDouble()).isCloseTo(6.0, org.assertj.core.data.Offset.offset(0.05));
    assertThat(row.get("networkMessagesPerWorkflow").asDouble()).isZero();
    assertThat(row.get("p999Ms").asDouble()).isGreaterThanOrEqualTo(row.get("p99Ms").asDouble()).isLessThanOrEqualTo(row.get("maxMs").asDouble());
    assertThat(row.get("jvms")).hasSize(1);
    assertThat(row.get("jvms").get(0).get("cpuMicrosPerWorkflow").asDouble()).isPositive();
    assertThat(bench.stdout()).contains("p99.9 ms").contains("dlvd");
  }

  /** {@code --event-loops} is refused where it does not apply, or out of range, naming the option. */
  @Test
  void benchRefusesEventLoopsWhereTheyDoNotApply() throws Exception {
    for (List<String> wrong : List.of(List.of("--only", "raw", "--event-loops", "0"), List.of("--only", "memory", "--event-loops", "1"))) {
      List<String> args = new java.util.ArrayList<>(List.of("bench", "--quick"));
      args.addAll(wrong);
      JarProcess.Result refused = JarProcess.run(work, env, args.toArray(String[]::new));
      assertThat(refused.exitCode()).as(String.join(" ", wrong)).isEqualTo(io.alchemiser.orchestrator.cli.common.ExitCodes.USAGE);
      assertThat(refused.stderr()).contains("--event-loops").doesNotContain("Exception");
    }
  }
}
