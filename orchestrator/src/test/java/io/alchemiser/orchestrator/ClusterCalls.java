package io.alchemiser.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;

/** What the multi-JVM tests ask a node over HTTP on 127.0.0.1, each wait bounded. */
final class ClusterCalls {
  private final WebClient http;

  ClusterCalls(WebClient http) {
    this.http = http;
  }

  /** The node's {@code /ready} once it answers 200 (within 60 s). */
  JsonObject awaitReady(int port) throws InterruptedException {
    String last = "";
    for (int i = 0; i < 300; i++) {
      HttpResponse<Buffer> ready = http.get(port, "127.0.0.1", "/ready").send().otherwiseEmpty().await();
      if (ready != null && ready.statusCode() == 200) {
        return ready.bodyAsJsonObject();
      }
      last = ready == null ? "no answer" : ready.bodyAsString();
      Thread.sleep(200);
    }
    throw new AssertionError("the cluster never became ready: " + last);
  }

  String start(int port, String body) {
    HttpResponse<Buffer> started = http.post(port, "127.0.0.1", "/api/workflows").sendBuffer(Buffer.buffer(body)).await();
    assertThat(started.statusCode()).as(started.bodyAsString()).isEqualTo(202);
    return started.bodyAsJsonObject().getString("correlationId");
  }

  JsonObject awaitEnd(int port, String id, int seconds) throws InterruptedException {
    for (int i = 0; i < seconds * 10; i++) {
      HttpResponse<Buffer> response = http.get(port, "127.0.0.1", "/api/workflows/" + id).send().otherwiseEmpty().await();
      if (response != null && response.statusCode() == 200 && !response.bodyAsJsonObject().getString("status").equals("active")) {
        return response.bodyAsJsonObject();
      }
      Thread.sleep(100);
    }
    throw new AssertionError(id + " never ended");
  }

  JsonObject getJson(int port, String path) {
    HttpResponse<Buffer> response = http.get(port, "127.0.0.1", path).send().await();
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    return response.bodyAsJsonObject();
  }
}
