package io.alchemiser.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.alchemiser.shared.FakeAlpaca;
import io.alchemiser.shared.json.Json;
import io.vertx.core.Vertx;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code alchemiser signals} and the market data providers, through the fat jar. */
class SignalsCommandIT {
  private static final Path EXAMPLES = Path.of("../config/strategies").toAbsolutePath().normalize();
  private Path work;
  private Map<String, String> env;
  private Vertx vertx;

  @BeforeEach
  void setUp() throws Exception {
    work = Files.createTempDirectory("alchemiser-signals");
    env = new HashMap<>(Map.of("ALCHEMISER_DATA_DIR", work.resolve("data").toString()));
    vertx = Vertx.vertx();
  }

  @AfterEach
  void tearDown() {
    vertx.close().await();
  }

  private String example(String name) {
    return EXAMPLES.resolve(name).toString();
  }

  @Test
  void evaluatesSeveralStrategiesWithWeightsAsOfADate() throws Exception {
    JarProcess.Result result = JarProcess.run(work, env, "signals", "--json",
        "--strategy", example("risk-parity.clj"), "--strategy", example("leveraged-regimes.clj"),
        "--weights", "0.25,0.75", "--as-of", "2024-06-28");
    assertThat(result.exitCode()).as(result.stderr()).isZero();
    JsonNode json = Json.MAPPER.readTree(result.stdout());
    assertThat(json.get("asOf").asText()).isEqualTo("2024-06-28");
    assertThat(json.get("strategies")).hasSize(2);
    JsonNode ladder = json.get("strategies").get(1);
    assertThat(ladder.get("file").asText()).endsWith("leveraged-regimes.clj");
    assertThat(ladder.get("weight").decimalValue()).isEqualByComparingTo("0.75");
    assertThat(ladder.get("trace").size()).isGreaterThan(3);
    assertThat(ladder.get("trace").get(0).asText()).contains("rsi(QQQ, 10)=");
    BigDecimal sum = BigDecimal.ZERO;
    for (JsonNode weight : json.get("allocation")) {
      sum = sum.add(weight.decimalValue());
    }
    assertThat(sum).isEqualByComparingTo("1");

    JarProcess.Result human = JarProcess.run(work, env, "signals", "--strategy", example("balanced-60-40.clj"));
    assertThat(human.exitCode()).isZero();
    assertThat(human.stdout()).contains("As of 2025-10-31").contains("SPY").contains("30.00%");
  }

  @Test
  void readsACsvDirectoryInEitherFormat() throws Exception {
    Path data = Files.createDirectories(work.resolve("bars"));
    StringBuilder spy = new StringBuilder("date,open,high,low,close,volume\n");
    StringBuilder tlt = new StringBuilder("Date,Open,High,Low,Close,Adj Close,Volume\n");
    for (int day = 1; day <= 30; day++) {
      String date = String.format("2024-01-%02d", day);
      spy.append(date).append(",1,1,1,").append(100 + day).append(",10\n");
      tlt.append(date).append(",1,1,1,999,").append(100 - day).append(",10\n");
    }
    Files.writeString(data.resolve("SPY.csv"), spy);
    Files.writeString(data.resolve("TLT.csv"), tlt);
    Path strategy = work.resolve("momentum.clj");
    Files.writeString(strategy, """
        (defsymphony "Momentum" {}
          (filter (cumulative-return {:window 20}) (select-top 1) [(asset "SPY") (asset "TLT")]))
        """);
    JarProcess.Result result = JarProcess.run(work, env, "signals", "--json", "--strategy", strategy.toString(), "--data", data.toString());
    assertThat(result.exitCode()).as(result.stderr()).isZero();
    JsonNode json = Json.MAPPER.readTree(result.stdout());
    assertThat(json.get("asOf").asText()).isEqualTo("2024-01-30");
    assertThat(json.get("allocation").fieldNames()).toIterable().containsExactly("SPY");

    Files.writeString(data.resolve("TLT.csv"), "Date,Open,High,Low,Close,Adj Close,Volume\n2024-01-01,1,1,1,1,oops,1\n");
    JarProcess.Result bad = JarProcess.run(work, env, "signals", "--strategy", strategy.toString(), "--data", data.toString());
    assertThat(bad.exitCode()).isEqualTo(65);
    assertThat(bad.stderr()).contains("TLT.csv:2").contains("adj close 'oops'");
  }

  @Test
  void strategyFileErrorsExit66AndDataErrorsExit65() throws Exception {
    Path broken = work.resolve("broken.clj");
    Files.writeString(broken, "(defsymphony \"x\" {}\n  (weight-equal [(asset \"SPY\") (asset \"TLT\"]))\n");
    JarProcess.Result syntax = JarProcess.run(work, env, "signals", "--strategy", broken.toString());
    assertThat(syntax.exitCode()).isEqualTo(66);
    assertThat(syntax.stderr()).contains("broken.clj:2:44").contains("expected ')'").doesNotContain("\tat ");

    JarProcess.Result missing = JarProcess.run(work, env, "signals", "--strategy", work.resolve("nope.clj").toString());
    assertThat(missing.exitCode()).isEqualTo(66);

    Path unknown = work.resolve("unknown.clj");
    Files.writeString(unknown, "(defsymphony \"x\" {} (weight-equal [(asset \"SPY\") (asset \"NOTATICKER\")]))");
    JarProcess.Result data = JarProcess.run(work, env, "signals", "--strategy", unknown.toString());
    assertThat(data.exitCode()).isEqualTo(65);
    assertThat(data.stderr()).contains("NOTATICKER");

    Path shortHistory = work.resolve("short.clj");
    Files.writeString(shortHistory, "(defsymphony \"x\" {} (if (> (rsi \"SPY\" 5000) 50) [(asset \"SPY\")] [(asset \"TLT\")]))");
    JarProcess.Result tooShort = JarProcess.run(work, env, "signals", "--strategy", shortHistory.toString());
    assertThat(tooShort.exitCode()).isEqualTo(65);
    assertThat(tooShort.stderr()).contains("short.clj:1:28").contains("needs 5001 daily closes");

    JarProcess.Result badWeights = JarProcess.run(work, env, "signals", "--strategy", unknown.toString(), "--weights", "0.3");
    assertThat(badWeights.exitCode()).isEqualTo(64);
  }

  @Test
  void alpacaMarketDataServesSignalsAndAFullRun() throws Exception {
    try (FakeAlpaca alpaca = FakeAlpaca.start(vertx, true, 400)) {
      env.putAll(Map.of("ALCHEMISER_MARKET_DATA", "alpaca", "APCA_API_DATA_URL", alpaca.url(),
          "APCA_API_KEY_ID", FakeAlpaca.KEY_ID, "APCA_API_SECRET_KEY", FakeAlpaca.SECRET));
      JarProcess.Result signals = JarProcess.run(work, env, "signals", "--json", "--strategy", example("trend-momentum.clj"));
      assertThat(signals.exitCode()).as(signals.stderr()).isZero();
      assertThat(Json.MAPPER.readTree(signals.stdout()).get("asOf").asText())
          .isEqualTo(alpaca.shifted(java.time.LocalDate.of(2025, 10, 31)).toString());

      JarProcess.Result run = JarProcess.run(work, env, "run", "--json");
      assertThat(run.exitCode()).as(run.stderr()).isZero();
      JsonNode result = Json.MAPPER.readTree(run.stdout());
      assertThat(result.get("ordersExecuted").size()).isPositive();
      assertThat(run.stderr() + signals.stderr()).doesNotContain(FakeAlpaca.SECRET);
    }
  }

  @Test
  void staleLiveDataIsRefused() throws Exception {
    try (FakeAlpaca alpaca = FakeAlpaca.start(vertx, false, 1000)) {
      env.putAll(Map.of("ALCHEMISER_MARKET_DATA", "alpaca", "APCA_API_DATA_URL", alpaca.url(),
          "APCA_API_KEY_ID", FakeAlpaca.KEY_ID, "APCA_API_SECRET_KEY", FakeAlpaca.SECRET));
      JarProcess.Result run = JarProcess.run(work, env, "run", "--json");
      assertThat(run.exitCode()).isEqualTo(1);
      JsonNode result = Json.MAPPER.readTree(run.stdout());
      assertThat(result.get("errorCode").asText()).isEqualTo("MARKET_DATA_ERROR");
      assertThat(result.get("failureReason").asText()).contains("2025-10-31").contains("stale");

      Map<String, String> noKeys = new HashMap<>(env);
      noKeys.remove("APCA_API_SECRET_KEY");
      JarProcess.Result config = JarProcess.run(work, noKeys, "run");
      assertThat(config.exitCode()).isEqualTo(78);
      assertThat(config.stderr()).contains("alpaca.secretKey").contains("APCA_API_SECRET_KEY");
    }
  }

  /** {@code alchemiser backtest}: the result as JSON and CSV, and the data errors that exit 65. */
  @Test
  void backtestPrintsJsonWritesCsvAndRefusesBadRangesAndUnknownTickers() throws Exception {
    Path csv = work.resolve("series.csv");
    JarProcess.Result ok = JarProcess.run(work, env, "backtest", "--json", "--strategy", example("balanced-60-40.clj"),
        "--strategy", "bundled:strategies/risk-parity.clj", "--weights", "0.7,0.3", "--from", "2024-01-01", "--to", "2024-12-31",
        "--cash", "25000", "--fee-bps", "2", "--csv", csv.toString());
    assertThat(ok.exitCode()).as(ok.stderr()).isZero();
    JsonNode result = Json.MAPPER.readTree(ok.stdout());
    assertThat(result.get("days").asInt()).isGreaterThan(250);
    assertThat(result.get("equity").get(0).get(1).decimalValue()).isEqualByComparingTo("25000");
    for (String field : java.util.List.of("finalEquity", "totalReturnPct", "cagrPct", "maxDrawdownPct", "sharpe")) {
      assertThat(result.get(field).isNumber()).as(field).isTrue();
    }
    assertThat(Files.readAllLines(csv)).hasSize(result.get("days").asInt() + 1).first().asString().startsWith("date,equity,drawdown_pct,buy_and_hold,");

    JarProcess.Result human = JarProcess.run(work, env, "backtest", "--strategy", example("balanced-60-40.clj"),
        "--from", "2025-09-01", "--to", "2025-10-31");
    assertThat(human.exitCode()).as(human.stderr()).isZero();
    assertThat(human.stdout()).contains("Final equity").contains("Max drawdown").contains("Sharpe");

    // A --csv that cannot be written is said before any day is simulated (no progress bar), exit 73.
    JarProcess.Result noDir = JarProcess.run(work, env, "backtest", "--strategy", example("balanced-60-40.clj"),
        "--from", "2025-09-01", "--to", "2025-10-31", "--csv", work.resolve("missing/series.csv").toString());
    assertThat(noDir.exitCode()).isEqualTo(73);
    assertThat(noDir.stderr()).contains("--csv").contains("does not exist").doesNotContain("days").doesNotContain("\tat ");

    JarProcess.Result reversed = JarProcess.run(work, env, "backtest", "--strategy", example("balanced-60-40.clj"),
        "--from", "2025-02-01", "--to", "2025-01-01");
    assertThat(reversed.exitCode()).isEqualTo(65);
    assertThat(reversed.stderr()).contains("bad date range").doesNotContain("\tat ");
    JarProcess.Result noData = JarProcess.run(work, env, "backtest", "--strategy", example("balanced-60-40.clj"),
        "--from", "2030-01-01", "--to", "2030-12-31");
    assertThat(noData.exitCode()).isEqualTo(65);
    assertThat(noData.stderr()).contains("no trading day from 2030-01-01 to 2030-12-31");
    Path unknown = Files.writeString(work.resolve("unknown.clj"), "(defsymphony \"u\" {} (asset \"NOPE\"))");
    JarProcess.Result ticker = JarProcess.run(work, env, "backtest", "--strategy", unknown.toString(), "--from", "2025-01-01", "--to", "2025-02-01");
    assertThat(ticker.exitCode()).isEqualTo(65);
    assertThat(ticker.stderr()).contains("NOPE");
  }
}
