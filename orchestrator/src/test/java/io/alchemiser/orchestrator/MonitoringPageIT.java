package io.alchemiser.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The monitoring page in headless Chromium against {@code alchemiser serve}: workflows appear and
 * complete live, and a backtest run from the page is drawn.
 */
class MonitoringPageIT {
  private Vertx vertx;
  private Path work;

  @BeforeEach
  void setUp() throws Exception {
    vertx = Vertx.vertx();
    work = Files.createTempDirectory("alchemiser-page");
  }

  @AfterEach
  void tearDown() {
    vertx.close().await();
  }

  @Test
  void aWorkflowStartedFromThePageAndOneFromTheApiAppearAndCompleteLive() throws Exception {
    try (JarProcess.Server server = JarProcess.serve(work, Map.of("ALCHEMISER_DATA_DIR", work.resolve("data").toString()),
        "--http-port", "0");
         HeadlessChromium browser = HeadlessChromium.start(vertx, Files.createDirectories(work.resolve("profile")))) {
      String page = "http://127.0.0.1:" + server.port() + "/";
      browser.navigate(page);
      browser.waitFor("document.getElementById('connection').textContent === 'live'", 30);

      browser.evaluate("document.getElementById('start').click(), true");
      browser.waitFor("[...document.querySelectorAll('#workflows tbody tr .status')].some(s => s.textContent === 'completed')", 30);

      WebClient http = WebClient.create(vertx);
      assertThat(http.post(server.port(), "127.0.0.1", "/api/workflows")
          .sendBuffer(Buffer.buffer("{\"correlationId\": \"from-api-1\", \"dryRun\": true}")).await().statusCode()).isEqualTo(202);
      browser.waitFor("document.querySelector('#workflows tr[data-id=\"from-api-1\"] .status')?.textContent === 'completed'", 30);

      // The detail of the workflow started from the page: chart, orders, timeline of its events.
      browser.evaluate("document.querySelector('#workflows tbody tr:last-child').click(), true");
      browser.waitFor("document.querySelectorAll('#allocation .allocation-bar').length > 0", 15);
      browser.waitFor("document.querySelectorAll('#orders tbody tr').length > 0", 15);
      browser.waitFor("document.querySelectorAll('#timeline li').length >= 5", 15);
      browser.waitFor("document.querySelectorAll('#equity .equity-point').length >= 1", 15);
      assertThat((String) browser.evaluate("document.getElementById('detail-title').textContent")).startsWith("Workflow ");
      // The positions panel shows what the workflow bought, as GET /api/account has it.
      browser.waitFor("document.querySelectorAll('#positions tbody tr').length > 0", 15);
      JsonObject account = http.get(server.port(), "127.0.0.1", "/api/account").send().await().bodyAsJsonObject();
      assertThat(((Number) browser.evaluate("document.querySelectorAll('#positions tbody tr').length")).intValue())
          .isEqualTo(account.getJsonArray("positions").size());
      String firstSymbol = account.getJsonArray("positions").getJsonObject(0).getString("symbol");
      assertThat((String) browser.evaluate("document.querySelector('#positions tbody tr[data-symbol=\"" + firstSymbol + "\"] td:nth-child(2)').textContent"))
          .isEqualTo(account.getJsonArray("positions").getJsonObject(0).getValue("quantity").toString());
      assertThat((String) browser.evaluate("document.getElementById('account-summary').textContent")).startsWith("Equity ");
      assertThat((String) browser.evaluate("document.getElementById('message').textContent")).isEmpty();

      // A backtest run from the page: its equity against buy-and-hold, its drawdown, its allocation over time.
      browser.evaluate("document.getElementById('bt-from').value = '2025-05-01', document.getElementById('bt-run').click(), true");
      browser.waitFor("document.querySelector('#backtests tbody tr .status')?.textContent === 'completed'", 60);
      browser.waitFor("document.querySelectorAll('#bt-equity polyline.bt-strategy').length === 1"
          + " && document.querySelectorAll('#bt-equity polyline.bt-benchmark').length === 1", 15);
      int points = ((Number) browser.evaluate("document.querySelector('#bt-equity polyline.bt-strategy').getAttribute('points').split(' ').length"))
          .intValue();
      assertThat(points).isGreaterThan(100);
      assertThat(((Number) browser.evaluate("document.querySelectorAll('#bt-drawdown polygon.bt-drawdown').length")).intValue()).isEqualTo(1);
      assertThat(((Number) browser.evaluate("document.querySelectorAll('#bt-allocation polygon.bt-alloc').length")).intValue()).isGreaterThan(2);
      assertThat((String) browser.evaluate("document.getElementById('bt-summary').textContent")).contains("Final equity").contains("Sharpe");
      assertThat((String) browser.evaluate("document.getElementById('message').textContent")).isEmpty();
      browser.screenshot(Path.of("target", "monitoring-page.png"));
    }
  }
}
