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

      WebSocket watcher = vertx.createWebSocketClient().connect(a.httpPort(), "127.0.0.1", "/ws/events").await();
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
      JsonArray panels = new JsonObject(Files.readString(DASHBOARD)).getJsonArray("panels");
      assertThat(panels).hasSizeGreaterThanOrEqualTo(10);
      for (Object p : panels) {
        JsonObject panel = (JsonObject) p;
        for (Object t : panel.getJsonArray("targets")) {
          String expr = ((JsonObject) t).getString("expr").replace("$__rate_interval", "30s").replace("$__range", "5m");
          if (!returnsData(http, port, expr)) {
            empty.add(panel.getString("title") + ": " + expr);
          }
        }
      }
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
