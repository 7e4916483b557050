package io.alchemiser.orchestrator;

import io.alchemiser.orchestrator.app.AlchemiserRuntime;
import io.alchemiser.orchestrator.app.Node;

import static org.assertj.core.api.Assertions.assertThat;

import io.alchemiser.shared.bus.Addresses;
import io.alchemiser.shared.bus.Headers;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A real Prometheus (Debian's package) scrapes two nodes on 127.0.0.1 while workflows run, one of
 * them failing for want of a strategy module; then every query of every panel of the shipped Grafana
 * dashboard must return data from Prometheus's HTTP API.
 */
class PrometheusIT {
  private static final Path DASHBOARD = Path.of("../config/grafana/alchemiser-dashboard.json");
  private static final Path SHIPPED_CONFIG = Path.of("../config/prometheus/prometheus.yml");

  private static String binary(String name) {
    for (String dir : new String[] {"/usr/bin/", "/usr/local/bin/", "/bin/"}) {
      if (Files.isExecutable(Path.of(dir + name))) {
        return dir + name;
      }
    }
    throw new IllegalStateException(name + " is not installed: ./run-tests installs Debian's prometheus package");
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static Node start(AlchemiserRuntime runtime, List<String> modules) throws IOException {
    JsonObject config = TestNodes.config(TestNodes.tempDir(), modules);
    config.put("web", new JsonObject().put("port", 0).put("host", "127.0.0.1"));
    return Node.start(runtime.vertx(), config, runtime.registry()).await();
  }

  @Test
  void everyDashboardQueryReturnsDataWhileWorkflowsRun() throws Exception {
    Process check = new ProcessBuilder(binary("promtool"), "check", "config", SHIPPED_CONFIG.toString()).redirectErrorStream(true).start();
    assertThat(check.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(check.exitValue()).as(new String(check.getInputStream().readAllBytes())).isZero();

    AlchemiserRuntime healthy = AlchemiserRuntime.create();
    AlchemiserRuntime broken = AlchemiserRuntime.create();
    Vertx vertx = Vertx.vertx();
    Process prometheus = null;
    Path work = Files.createTempDirectory("alchemiser-prometheus");
    try {
      Node a = start(healthy, List.of("orchestrator", "web", "strategy", "portfolio", "execution", "notifications"));
      Node b = start(broken, List.of("orchestrator", "web", "portfolio", "execution"));
      int port = freePort();
      Path config = work.resolve("prometheus.yml");
      Files.writeString(config, """
          global:
            scrape_interval: 1s
          scrape_configs:
            - job_name: alchemiser
              static_configs:
                - targets: ["127.0.0.1:%d", "127.0.0.1:%d"]
          """.formatted(a.httpPort(), b.httpPort()));
      prometheus = new ProcessBuilder(binary("prometheus"), "--config.file=" + config, "--storage.tsdb.path=" + work.resolve("tsdb"),
          "--web.listen-address=127.0.0.1:" + port, "--log.level=warn")
          .redirectErrorStream(true).redirectOutput(work.resolve("prometheus.log").toFile()).start();
      WebClient http = WebClient.create(vertx);
      waitReady(http, port, prometheus, work);

      // Held in a variable: Vert.x closes a client nothing refers to once it is collected, mid-handshake if need be.
      io.vertx.core.http.WebSocketClient webSockets = vertx.createWebSocketClient();
      WebSocket watcher = webSockets.connect(a.httpPort(), "127.0.0.1", "/ws/events").await();
      healthy.vertx().eventBus().publish(Addresses.EVENTS, Buffer.buffer("{oops"),
          new DeliveryOptions().addHeader(Headers.CORRELATION_ID, "junk").addHeader(Headers.EVENT_TYPE, "SignalGenerated"));
      for (int round = 0; round < 8; round++) {
        for (int i = 0; i < 3; i++) {
          String body = "{\"dryRun\": " + (round % 2 == 1) + "}";
          http.post(a.httpPort(), "127.0.0.1", "/api/workflows").sendBuffer(Buffer.buffer(body)).await();
        }
        http.post(b.httpPort(), "127.0.0.1", "/api/workflows").sendBuffer(Buffer.buffer("{}")).await();
        Thread.sleep(1000);
      }

      List<String> empty = new ArrayList<>();
      JsonObject dashboard = new JsonObject(Files.readString(DASHBOARD));
      JsonArray panels = dashboard.getJsonArray("panels");
      assertThat(panels).hasSizeGreaterThanOrEqualTo(10);
      String nodeA = "127.0.0.1:" + a.httpPort();
      String nodeB = "127.0.0.1:" + b.httpPort();
      assertThat(variableValues(http, port, dashboard, "instance", ".*")).containsExactlyInAnyOrder(nodeA, nodeB);
      List<String> modules = variableValues(http, port, dashboard, "module", ".*");
      assertThat(modules).containsExactlyInAnyOrder("orchestrator", "web", "strategy", "portfolio", "execution", "notifications");
      assertThat(variableValues(http, port, dashboard, "module", nodeB)).doesNotContain("strategy", "notifications");
      for (Object p : panels) {
        JsonObject panel = (JsonObject) p;
        for (Object t : panel.getJsonArray("targets")) {
          String expr = ((JsonObject) t).getString("expr");
          // With all nodes and modules each query has data; with each node and each module alone Prometheus takes it.
          if (!returnsData(http, port, expand(expr, ".*", ".*"))) {
            empty.add(panel.getString("title") + ": " + expr);
          }
          for (String node : List.of(nodeA, nodeB)) {
            query(http, port, expand(expr, node, ".*"));
          }
          for (String module : modules) {
            query(http, port, expand(expr, ".*", module));
          }
        }
      }
      // A variable narrows: the node without a strategy module placed no order.
      String orders = "sum by (side, status) (rate(alchemiser_orders_total[$__rate_interval]) and on(instance) "
          + "alchemiser_node_info{instance=~\"$instance\", module=~\"$module\"})";
      assertThat(returnsData(http, port, expand(orders, nodeA, ".*"))).isTrue();
      assertThat(query(http, port, expand(orders, nodeB, ".*"))).isEmpty();
      // Only the node without a strategy module failed workflows.
      String failed = "sum by (reason) (increase(alchemiser_workflows_finished_total{status!=\"completed\"}[$__range]) and on(instance) "
          + "alchemiser_node_info{instance=~\"$instance\", module=~\"$module\"})";
      assertThat(returnsData(http, port, expand(failed, ".*", "portfolio"))).isTrue();
      assertThat(query(http, port, expand(failed, ".*", "strategy"))).isEmpty();
      watcher.close();
      assertThat(empty).as("dashboard queries without data").isEmpty();
    } finally {
      if (prometheus != null) {
        prometheus.destroy();
        if (!prometheus.waitFor(20, TimeUnit.SECONDS)) {
          prometheus.destroyForcibly();
        }
      }
      vertx.close().await();
      healthy.vertx().close().await();
      broken.vertx().close().await();
    }
  }

  private static void waitReady(WebClient http, int port, Process prometheus, Path work) throws Exception {
    for (int i = 0; i < 300; i++) {
      if (!prometheus.isAlive()) {
        throw new IllegalStateException("prometheus exited: " + Files.readString(work.resolve("prometheus.log")));
      }
      boolean ready = http.get(port, "127.0.0.1", "/-/ready").send()
          .map(r -> r.statusCode() == 200).otherwise(false).await();
      if (ready) {
        return;
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("prometheus did not become ready: " + Files.readString(work.resolve("prometheus.log")));
  }

  /** A panel query as Grafana sends it: the time macros and one value of each variable put in. */
  private static String expand(String expr, String instance, String module) {
    return expr.replace("$__rate_interval", "30s").replace("$__range", "5m")
        // Grafana escapes a value's regex characters, and PromQL strings their backslashes.
        .replace("$instance", regexValue(instance))
        .replace("$module", module);
  }

  /** One value of a variable as Grafana puts it into a regex matcher: its dots escaped, and the backslashes for PromQL's string. */
  private static String regexValue(String value) {
    return value.equals(".*") ? value : value.replace(".", "\\\\.");
  }

  /** The values Grafana offers for a dashboard variable ({@code label_values(...)}), with {@code $instance} as given. */
  private static List<String> variableValues(WebClient http, int port, JsonObject dashboard, String name, String instance) {
    JsonObject variable = dashboard.getJsonObject("templating").getJsonArray("list").stream().map(JsonObject.class::cast)
        .filter(v -> name.equals(v.getString("name"))).findFirst().orElseThrow();
    java.util.regex.Matcher call = java.util.regex.Pattern.compile("label_values\\((.*), (\\w+)\\)")
        .matcher(variable.getJsonObject("query").getString("query"));
    assertThat(call.matches()).isTrue();
    String selector = call.group(1).replace("$instance", regexValue(instance));
    return query(http, port, selector).stream().map(series -> series.getJsonObject("metric").getString(call.group(2)))
        .distinct().toList();
  }

  private static List<JsonObject> query(WebClient http, int port, String expr) {
    JsonObject answer = http.get(port, "127.0.0.1", "/api/v1/query").addQueryParam("query", expr).send().await().bodyAsJsonObject();
    assertThat(answer.getString("status")).as(expr + " → " + answer.encode()).isEqualTo("success");
    return answer.getJsonObject("data").getJsonArray("result").stream().map(JsonObject.class::cast).toList();
  }

  /** Asks Prometheus, for up to 30 s (scrapes take their time), whether the query has a non-empty result. */
  private static boolean returnsData(WebClient http, int port, String expr) throws InterruptedException {
    for (int i = 0; i < 60; i++) {
      JsonObject answer = http.get(port, "127.0.0.1", "/api/v1/query").addQueryParam("query", expr).send().await().bodyAsJsonObject();
      assertThat(answer.getString("status")).as(expr + " → " + answer.encode()).isEqualTo("success");
      JsonArray result = answer.getJsonObject("data").getJsonArray("result");
      if (!result.isEmpty() && result.stream().map(JsonObject.class::cast)
          .anyMatch(series -> !"NaN".equals(series.getJsonArray("value").getString(1)))) {
        return true;
      }
      Thread.sleep(500);
    }
    return false;
  }
}
