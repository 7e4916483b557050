package io.alchemiser.orchestrator;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Debian's Chromium, headless, driven over the Chrome DevTools Protocol from a Vert.x WebSocket:
 * navigate, evaluate JavaScript in the page, take a screenshot. Started and stopped by the test.
 */
final class HeadlessChromium implements AutoCloseable {
  private final Process process;
  private final WebSocket socket;
  /** Held for as long as the socket: Vert.x closes a client nothing refers to once it is collected. */
  private final io.vertx.core.http.WebSocketClient client;
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, Promise<JsonObject>> waiting = new ConcurrentHashMap<>();

  private HeadlessChromium(Process process, io.vertx.core.http.WebSocketClient client, WebSocket socket) {
    this.client = client;
    this.process = process;
    this.socket = socket;
    socket.textMessageHandler(text -> {
      JsonObject message = new JsonObject(text);
      Integer id = message.getInteger("id");
      Promise<JsonObject> promise = id == null ? null : waiting.remove(id);
      if (promise != null) {
        if (message.containsKey("error")) {
          promise.fail(message.getJsonObject("error").encode());
        } else {
          promise.complete(message.getJsonObject("result", new JsonObject()));
        }
      }
    });
  }

  static String executable() {
    for (String candidate : new String[] {"/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"}) {
      if (Files.isExecutable(Path.of(candidate))) {
        return candidate;
      }
    }
    throw new IllegalStateException("no Chromium found: ./run-tests installs Debian's chromium package");
  }

  static HeadlessChromium start(Vertx vertx, Path profile, String... extraArguments) throws IOException, InterruptedException {
    List<String> command = new java.util.ArrayList<>(List.of(executable(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-dev-shm-usage", "--disable-component-update", "--disable-sync",
        "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0", "--remote-allow-origins=*",
        "--user-data-dir=" + profile, "--window-size=1400,1000"));
    command.addAll(List.of(extraArguments));
    command.add("about:blank");
    Process process = new ProcessBuilder(command)
        .redirectErrorStream(true).redirectOutput(profile.resolveSibling("chromium.log").toFile()).start();
    try {
      int port = debuggingPort(profile.resolve("DevToolsActivePort"));
      WebClient http = WebClient.create(vertx);
      String url = null;
      for (int i = 0; i < 100 && url == null; i++) {
        JsonArray targets = http.get(port, "127.0.0.1", "/json/list").send().await().bodyAsJsonArray();
        url = targets.stream().map(JsonObject.class::cast).filter(t -> "page".equals(t.getString("type")))
            .findFirst().map(t -> t.getString("webSocketDebuggerUrl")).orElse(null);
        if (url == null) {
          Thread.sleep(100);
        }
      }
      if (url == null) {
        throw new IllegalStateException("Chromium listed no page to drive in 10 s");
      }
      URI uri = URI.create(url);
      // Screenshots arrive as one large message.
      io.vertx.core.http.WebSocketClient client = vertx.createWebSocketClient(new io.vertx.core.http.WebSocketClientOptions()
          .setMaxMessageSize(64 << 20).setMaxFrameSize(64 << 20));
      WebSocket socket = client.connect(uri.getPort(), uri.getHost(), uri.getPath()).await();
      return new HeadlessChromium(process, client, socket);
    } catch (RuntimeException | IOException | InterruptedException e) {
      process.destroyForcibly();
      throw e;
    }
  }

  /**
   * Chromium creates the port file before it writes it (port, then the browser's path, each on a
   * line): a file seen too early is empty or half written, so it counts only once both lines are there.
   */
  private static int debuggingPort(Path portFile) throws IOException, InterruptedException {
    for (int i = 0; i < 300; i++) {
      List<String> lines = Files.exists(portFile) ? Files.readAllLines(portFile) : List.of();
      if (lines.size() >= 2 && lines.get(0).trim().matches("\\d+")) {
        return Integer.parseInt(lines.get(0).trim());
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("Chromium did not open its debugging port in 30 s");
  }

  JsonObject send(String method, JsonObject params) {
    int id = ids.incrementAndGet();
    Promise<JsonObject> promise = Promise.promise();
    waiting.put(id, promise);
    socket.writeTextMessage(new JsonObject().put("id", id).put("method", method).put("params", params).encode());
    return promise.future().timeout(30, TimeUnit.SECONDS)
        .recover(err -> io.vertx.core.Future.failedFuture(new IllegalStateException("Chromium did not answer " + method + " " + params
            + ": " + err.getMessage())))
        .await();
  }

  void navigate(String url) {
    send("Page.navigate", new JsonObject().put("url", url));
  }

  /** The value of a JavaScript expression in the page. */
  Object evaluate(String expression) {
    JsonObject result = send("Runtime.evaluate", new JsonObject().put("expression", expression).put("returnByValue", true)
        .put("awaitPromise", true)).getJsonObject("result");
    return result.getValue("value");
  }

  /** Evaluates until the expression is true, at most {@code seconds}. */
  void waitFor(String expression, int seconds) throws InterruptedException {
    for (int i = 0; i < seconds * 10; i++) {
      if (Boolean.TRUE.equals(evaluate(expression))) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the page never showed: " + expression + "\nbody: " + evaluate("document.body.innerText"));
  }

  void screenshot(Path file) throws IOException {
    String data = send("Page.captureScreenshot", new JsonObject().put("format", "png")).getString("data");
    Files.write(file, Base64.getDecoder().decode(data));
  }

  @Override
  public void close() throws Exception {
    socket.close();
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }
}
