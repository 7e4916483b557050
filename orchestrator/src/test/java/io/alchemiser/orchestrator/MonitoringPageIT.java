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

      // The orchestrator journals an event before its state shows it, so under load a refresh can come
      // back behind the stream. The page wraps fetch here to serve one such answer: the workflow's
      // completed state with its completion taken out. The page must notice and fetch again.
      browser.evaluate("""
          window.staleServed = false;
          const realFetch = window.fetch;
          window.fetch = async (path, options) => {
            const response = await realFetch(path, options);
            if (window.staleServed || !String(path).endsWith('/api/workflows/from-api-2')) return response;
            const body = await response.clone().json();
            if (body.status !== 'completed') return response;
            window.staleServed = true;
            body.status = 'active';
            body.completionStatus = 'active';
            delete body.stageTimes.WorkflowCompleted;
            return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
          }, true""");
      assertThat(http.post(server.port(), "127.0.0.1", "/api/workflows")
          .sendBuffer(Buffer.buffer("{\"correlationId\": \"from-api-2\", \"dryRun\": true}")).await().statusCode()).isEqualTo(202);
      browser.waitFor("window.staleServed", 30);
      browser.waitFor("document.querySelector('#workflows tr[data-id=\"from-api-2\"] .status')?.textContent === 'completed'", 30);

      // The detail of the workflow started from the page: chart, orders, timeline of its events.
      browser.evaluate("document.querySelector('#workflows tbody tr:last-child').click(), true");
      // Charts are uPlot instances; the test reads them through uPlot's own API (window.charts).
      browser.waitFor("window.charts && charts.allocation && charts.allocation.data[0].length > 1", 15);
      assertThat(((Number) browser.evaluate("charts.allocation.data[0].length")).intValue())
          .isEqualTo(((Number) browser.evaluate("workflows.get(selected).strategySignals.strategies.length + 1")).intValue());
      browser.waitFor("document.querySelectorAll('#orders tbody tr').length > 0", 15);
      browser.waitFor("document.querySelectorAll('#timeline li').length >= 5", 15);
      browser.waitFor("charts.equity && charts.equity.data[0].length >= 1", 15);
      assertThat(((Number) browser.evaluate("charts.equity.data[0].length")).intValue()).isEqualTo(((Number) browser.evaluate(
          "[...workflows.values()].filter((w) => w.rebalancePlan && w.status === 'completed').length")).intValue());
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
      browser.waitFor("!!(window.charts && charts.btEquity && charts.btDrawdown && charts.btAllocation)", 15);
      int days = ((Number) browser.evaluate("Number(document.getElementById('bt-summary').textContent.match(/Days: (\\d+)/)[1])")).intValue();
      assertThat(days).isGreaterThan(100);
      // Every series as long as the backtest's days; the equity chart has the strategies and buy-and-hold.
      for (String chart : new String[] {"btEquity", "btDrawdown", "btAllocation"}) {
        assertThat(((Number) browser.evaluate("charts." + chart + ".data.every((s) => s.length === " + days + ") ? 1 : 0")).intValue())
            .as(chart).isEqualTo(1);
      }
      assertThat(((Number) browser.evaluate("charts.btEquity.series.length")).intValue()).isEqualTo(3);
      assertThat(((Number) browser.evaluate("charts.btAllocation.series.length")).intValue()).isGreaterThan(3);
      // Dates on the x axis (a time scale, labelled as the API writes dates), the first one the backtest's first day.
      assertThat((Boolean) browser.evaluate("charts.btEquity.scales.x.time")).isTrue();
      String firstDay = (String) browser.evaluate("charts.btEquity.axes[0].values(charts.btEquity, [charts.btEquity.data[0][0]])[0]");
      assertThat(firstDay).matches("\\d{4}-\\d{2}-\\d{2}").isGreaterThanOrEqualTo("2025-05-01");
      // Hover: the legend reads out the values under the cursor.
      browser.evaluate("charts.btEquity.setCursor({ left: 200, top: 60 }), true");
      assertThat((String) browser.evaluate("[...charts.btEquity.root.querySelectorAll('.u-legend .u-value')].map((v) => v.textContent).join('|')"))
          .matches(".*\\d{4}-\\d{2}-\\d{2}\\|[0-9,]+\\.\\d{2}\\|.*");
      // Zoom: a drag selects dates; set through the same API, the x scale narrows to them.
      browser.evaluate("charts.btEquity.setScale('x', { min: charts.btEquity.data[0][10], max: charts.btEquity.data[0][40] }), true");
      assertThat(((Number) browser.evaluate("charts.btEquity.scales.x.max - charts.btEquity.scales.x.min")).doubleValue())
          .isLessThan(((Number) browser.evaluate("charts.btEquity.data[0][" + (days - 1) + "] - charts.btEquity.data[0][0]")).doubleValue());
      assertThat((Boolean) browser.evaluate("charts.btEquity.cursor.drag.x")).isTrue();
      // Reloaded, the page draws the most recent backtest by itself.
      browser.navigate(page);
      browser.waitFor("window.charts && charts.btEquity && charts.btEquity.data[0].length === " + days, 30);
      assertThat((String) browser.evaluate("document.getElementById('bt-summary').textContent")).contains("Final equity").contains("Sharpe");
      assertThat((String) browser.evaluate("document.getElementById('message').textContent")).isEmpty();
      browser.screenshot(Path.of("target", "monitoring-page.png"));

      // An operator's halt shows across the top of the page, from the API or from the page itself, and goes on resume.
      assertThat((Boolean) browser.evaluate("document.getElementById('halt').hidden")).isTrue();
      assertThat(http.post(server.port(), "127.0.0.1", "/api/trading/halt").sendJsonObject(new io.vertx.core.json.JsonObject()
          .put("reason", "api drill")).await().statusCode()).isEqualTo(200);
      browser.waitFor("!document.getElementById('halt').hidden && document.getElementById('halt').textContent.includes('api drill')", 15);
      browser.evaluate("document.getElementById('resume').click(), true");
      browser.waitFor("document.getElementById('halt').hidden", 15);
      assertThat(trading(http, server.port()).getBoolean("halted")).isFalse();
      browser.evaluate("document.getElementById('halt-open').click(), document.getElementById('halt-reason').value = 'page drill',"
          + " document.querySelector('#halt-form button[type=submit]').click(), true");
      browser.waitFor("!document.getElementById('halt').hidden && document.getElementById('halt').textContent.includes('page drill')", 15);
      io.vertx.core.json.JsonObject halted = trading(http, server.port());
      assertThat(halted.getBoolean("halted")).isTrue();
      assertThat(halted.getString("reason")).isEqualTo("page drill");
      // Who halted, as the node saw the browser: shown in the banner for everyone.
      assertThat(halted.getString("changedBy")).startsWith("API from 127.0.0.1:").contains("Chrom");
      assertThat((String) browser.evaluate("document.getElementById('halt-text').textContent")).contains("(API from 127.0.0.1:");
      assertThat((Boolean) browser.evaluate("document.getElementById('halt-form').hidden && document.getElementById('halt-open').hidden")).isTrue();
      browser.evaluate("document.getElementById('resume').click(), true");
      browser.waitFor("document.getElementById('halt').hidden && !document.getElementById('halt-open').hidden", 15);
      assertThat(trading(http, server.port()).getBoolean("halted")).isFalse();

      // The API's explorer, from the jar alone: Swagger UI renders every operation of /openapi.yaml.
      browser.navigate("http://127.0.0.1:" + server.port() + "/docs/");
      browser.waitFor("document.querySelectorAll('.opblock').length === 16", 30);
      assertThat((String) browser.evaluate("document.querySelector('.info .title').textContent")).startsWith("Alchemiser REST API");
      assertThat(http.get(server.port(), "127.0.0.1", "/asyncapi.yaml").send().await().bodyAsString()).startsWith("asyncapi: 3.0.0");
    }
  }

  private static io.vertx.core.json.JsonObject trading(WebClient http, int port) {
    return http.get(port, "127.0.0.1", "/api/trading").send().await().bodyAsJsonObject();
  }
}
