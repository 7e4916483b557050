package io.alchemiser.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** HTTPS and WSS with certificates made by {@code alchemiser certs}, and no token in clear off loopback: the jar as a process. */
class WebTlsIT {
  private static final String TOKEN = "tls-test-token-0123456789";
  private Vertx vertx;
  private Path work;
  private Map<String, String> env;

  @BeforeEach
  void setUp() throws Exception {
    vertx = Vertx.vertx();
    work = Files.createTempDirectory("alchemiser-web-tls");
    env = new HashMap<>(Map.of("ALCHEMISER_DATA_DIR", work.resolve("data").toString()));
  }

  @AfterEach
  void tearDown() {
    vertx.close().await();
  }

  private Path certificates() throws Exception {
    Path certs = work.resolve("certs");
    JarProcess.Result init = JarProcess.run(work, env, "certs", "init", certs.toString());
    assertThat(init.exitCode()).as(init.stderr()).isZero();
    JarProcess.Result node = JarProcess.run(work, env, "certs", "node", certs.toString(), "web", "--host", "127.0.0.1", "--host", "localhost");
    assertThat(node.exitCode()).as(node.stderr()).isZero();
    for (String key : new String[] {"ca.key", "web.key"}) {
      assertThat(Files.getPosixFilePermissions(certs.resolve(key))).containsExactlyInAnyOrder(
          java.nio.file.attribute.PosixFilePermission.OWNER_READ, java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
    }
    return certs;
  }

  @Test
  void theApiThePageAndTheEventStreamWorkOverTls() throws Exception {
    Path certs = certificates();
    env.putAll(Map.of("ALCHEMISER_WEB_TLS_CERT", certs.resolve("web.crt").toString(),
        "ALCHEMISER_WEB_TLS_KEY", certs.resolve("web.key").toString(), "ALCHEMISER_API_TOKEN", TOKEN));
    PemTrustOptions trust = new PemTrustOptions().addCertPath(certs.resolve("ca.crt").toString());
    try (JarProcess.Server server = JarProcess.serve(work, env, "--http-port", "0")) {
      assertThat(Files.readString(server.stderr())).contains("HTTPS listening on port").contains("(TLS by BoringSSL)");
      WebClient https = WebClient.create(vertx, new WebClientOptions().setSsl(true).setTrustOptions(trust).setVerifyHost(true));
      assertThat(https.get(server.port(), "127.0.0.1", "/health").send().await().statusCode()).isEqualTo(200);
      assertThat(https.get(server.port(), "127.0.0.1", "/api/workflows").send().await().statusCode()).isEqualTo(401);

      WebSocketClient wss = vertx.createWebSocketClient(new WebSocketClientOptions().setSsl(true).setTrustOptions(trust).setVerifyHost(true));
      WebSocket stream = wss.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(server.port())
          .setURI("/ws/events?correlationId=tls-web-1").addHeader("Authorization", "Bearer " + TOKEN)).await();
      Promise<String> completed = Promise.promise();
      stream.textMessageHandler(text -> {
        if ("WorkflowCompleted".equals(new JsonObject(text).getString("type"))) {
          completed.tryComplete(text);
        }
      });
      HttpResponse<Buffer> started = https.post(server.port(), "127.0.0.1", "/api/workflows").bearerTokenAuthentication(TOKEN)
          .sendBuffer(Buffer.buffer("{\"correlationId\": \"tls-web-1\"}")).await();
      assertThat(started.statusCode()).as(started.bodyAsString()).isEqualTo(202);
      assertThat(completed.future().timeout(60, TimeUnit.SECONDS).await()).contains("tls-web-1");

      // The shell's halt switch over HTTPS: trusting the cluster's CA when told to, and nothing else.
      String url = "https://127.0.0.1:" + server.port();
      JarProcess.Result untrusted = JarProcess.run(work, env, "trading", "status", "--url", url);
      assertThat(untrusted.exitCode()).as(untrusted.stderr()).isEqualTo(69);
      assertThat(untrusted.stderr()).contains("HTTPS with 127.0.0.1:" + server.port() + " failed").contains("--ca");
      JarProcess.Result halted = JarProcess.run(work, env, "trading", "halt", "--url", url, "--ca", certs.resolve("ca.crt").toString(),
          "--reason", "checking the switch over TLS");
      assertThat(halted.exitCode()).as(halted.stderr()).isZero();
      assertThat(halted.stdout()).contains("trading is HALTED since").contains("checking the switch over TLS");
      assertThat(halted.stdout() + halted.stderr()).doesNotContain(TOKEN);
      JarProcess.Result resumed = JarProcess.run(work, env, "trading", "resume", "--url", url, "--ca", certs.resolve("ca.crt").toString());
      assertThat(resumed.exitCode()).as(resumed.stderr()).isZero();
      assertThat(resumed.stdout()).contains("trading is running");

      // Plain HTTP on the HTTPS port gets no answer from the API.
      WebClient plain = WebClient.create(vertx);
      assertThatThrownBy(() -> plain.get(server.port(), "127.0.0.1", "/health").send().await()).isInstanceOf(Exception.class);

      // The monitoring page, unchanged, over HTTPS and WSS.
      try (HeadlessChromium browser = HeadlessChromium.start(vertx, Files.createDirectories(work.resolve("profile")),
          "--ignore-certificate-errors")) {
        browser.navigate("https://127.0.0.1:" + server.port() + "/?token=" + TOKEN);
        browser.waitFor("document.getElementById('connection').textContent === 'live'", 30);
        browser.waitFor("document.querySelector('#workflows tr[data-id=\"tls-web-1\"] .status')?.textContent === 'completed'", 30);
      }
    }
  }

  @Test
  void offLoopbackTheTokenNeverTravelsInClearAndPlainHttpNeedsToBeAskedFor() throws Exception {
    Path config = work.resolve("alchemiser.yaml");
    Files.writeString(config, "web: {host: 0.0.0.0}\n");
    Map<String, String> withToken = new HashMap<>(env);
    withToken.put("ALCHEMISER_API_TOKEN", TOKEN);
    JarProcess.Result clear = JarProcess.run(work, withToken, "serve", "--config", config.toString(), "--http-port", "0");
    assertThat(clear.exitCode()).as(clear.stderr()).isEqualTo(78);
    assertThat(clear.stderr()).contains("web.tls").contains("in clear").contains("alchemiser certs node").doesNotContain(TOKEN);
    JarProcess.Result clearAnyway = JarProcess.run(work, withToken, "serve", "--config", config.toString(), "--http-port", "0",
        "--insecure-http");
    assertThat(clearAnyway.exitCode()).isEqualTo(78);

    JarProcess.Result open = JarProcess.run(work, env, "serve", "--config", config.toString(), "--http-port", "0");
    assertThat(open.exitCode()).isEqualTo(78);
    assertThat(open.stderr()).contains("--insecure-http");
    try (JarProcess.Server server = JarProcess.serve(work, env, "--config", config.toString(), "--http-port", "0", "--insecure-http")) {
      assertThat(Files.readString(server.stderr())).contains("INSECURE: HTTP on 0.0.0.0");
    }
  }
}
