package io.alchemiser.strategy.symphony;

import io.alchemiser.strategy.symphony.syntax.StrategyFileException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Composer's JSON export format, read into the same tree as a .clj file and written back as one. */
class ComposerJsonTest {
  private static final String EXAMPLE = "all-weather-groups.json";

  private static String bundled(String name) throws IOException {
    try (InputStream in = ComposerJsonTest.class.getClassLoader().getResourceAsStream("alchemiser/strategies/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static PriceHistory history(Iterable<String> tickers) {
    Map<String, double[]> closes = new HashMap<>();
    for (String ticker : tickers) {
      Random random = new Random(ticker.hashCode());
      double[] series = new double[300];
      series[0] = 100;
      for (int i = 1; i < series.length; i++) {
        series[i] = series[i - 1] * (1 + random.nextGaussian() * 0.01);
      }
      closes.put(ticker, series);
    }
    return new PriceHistory(LocalDate.of(2025, 6, 30), closes);
  }

  @Test
  void anExportCompilesAndItsClojureTextIsTheSameSymphony() throws IOException {
    String json = bundled(EXAMPLE);
    Symphony fromJson = SymphonyCompiler.parseAndCompile(EXAMPLE, json);
    assertThat(fromJson.name()).isEqualTo("All-weather groups");
    assertThat(fromJson.frequency()).isEqualTo(RebalanceFrequency.QUARTERLY);
    assertThat(fromJson.tickers()).containsExactlyInAnyOrder("SPY", "QQQ", "TLT", "IEF", "GLD", "BIL");

    String clj = SymphonyCompiler.toClj(EXAMPLE, json);
    assertThat(clj).startsWith("(defsymphony \"All-weather groups\"").contains(":rebalance-frequency :quarterly")
        .contains("(weight-inverse-volatility 42").contains("(filter (rsi {:window 14}) (select-top 1)")
        .contains("(weight-specified 60 (asset \"TLT\") 40 (asset \"IEF\"))")
        .contains("(> (moving-average-price \"GLD\" {:window 20}) (moving-average-price \"GLD\" {:window 100}))");
    Symphony fromClj = SymphonyCompiler.parseAndCompile("converted.clj", clj);
    PriceHistory history = history(fromJson.tickers());
    SymphonyEvaluator.Result a = SymphonyEvaluator.evaluate(fromJson, history);
    SymphonyEvaluator.Result b = SymphonyEvaluator.evaluate(fromClj, history(fromJson.tickers()));
    assertThat(b.allocation()).isEqualTo(a.allocation()).hasSizeGreaterThan(2);
    // The .clj text is a fixed point: converting it again prints it again.
    assertThat(SymphonyCompiler.toClj("converted.clj", clj)).isEqualTo(clj);
  }

  @Test
  void errorsNameTheFileAndTheJsonPath() {
    String unknownStep = """
        {"step": "root", "name": "x", "rebalance": "daily", "children": [
          {"step": "wt-cash-equal", "children": [{"step": "asset", "ticker": "SPY"}, {"step": "wt-marketcap", "children": []}]}]}""";
    assertThatThrownBy(() -> SymphonyCompiler.parseAndCompile("s.json", unknownStep)).isInstanceOf(StrategyFileException.class)
        .hasMessageStartingWith("s.json:$.children[0].children[1]: unknown step \"wt-marketcap\"");
    String unknownFunction = """
        {"step": "root", "name": "x", "rebalance": "daily", "children": [{"step": "if", "children": [
          {"step": "if-child", "lhs-fn": "lower-bollinger", "lhs-val": "SPY", "lhs-window-days": 20, "comparator": "gt",
           "rhs-fixed-value?": true, "rhs-val": 1, "children": [{"step": "asset", "ticker": "SPY"}]},
          {"step": "if-child", "is-else-condition?": true, "children": [{"step": "asset", "ticker": "BIL"}]}]}]}""";
    assertThatThrownBy(() -> SymphonyCompiler.parseAndCompile("s.json", unknownFunction))
        .hasMessageStartingWith("s.json:$.children[0].children[0].lhs-fn: unknown function \"lower-bollinger\"");
    String badWindow = unknownFunction.replace("lower-bollinger", "relative-strength-index").replace("\"lhs-window-days\": 20", "\"lhs-window-days\": 0");
    assertThatThrownBy(() -> SymphonyCompiler.parseAndCompile("s.json", badWindow))
        .hasMessageStartingWith("s.json:$.children[0].children[0].lhs-window-days: rsi: its window").hasMessageContaining("at least 1");
    assertThatThrownBy(() -> SymphonyCompiler.parseAndCompile("s.json", "{\"step\": \"root\",\n  \"name\": }"))
        .isInstanceOf(StrategyFileException.class).hasMessageStartingWith("s.json:2:11: not valid JSON");
    assertThatThrownBy(() -> SymphonyCompiler.parseAndCompile("s.json", "[]")).hasMessageStartingWith("s.json:$: expected an object");
  }

  /** Random damage to a valid export: it compiles or it gets a StrategyFileException naming the file, never anything else. */
  @Test
  void damagedExportsGetAClearErrorNeverACrash() throws IOException {
    String json = bundled(EXAMPLE);
    Random random = new Random(11);
    String alphabet = "{}[]\":,0123456789-abcdefghijklmnopqrstuvwxyz ";
    for (int i = 0; i < 3000; i++) {
      StringBuilder damaged = new StringBuilder(json);
      for (int edits = 1 + random.nextInt(3); edits > 0; edits--) {
        int at = random.nextInt(damaged.length());
        switch (random.nextInt(4)) {
          case 0 -> damaged.deleteCharAt(at);
          case 1 -> damaged.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
          case 2 -> damaged.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
          default -> damaged.setLength(at);
        }
      }
      try {
        SymphonyCompiler.parseAndCompile("d.json", damaged.toString());
      } catch (StrategyFileException e) {
        assertThat(e.getMessage()).startsWith("d.json:");
      }
    }
  }

  @Test
  void nestingAsDeepAsTheParserAllows() {
    StringBuilder json = new StringBuilder("{\"step\": \"root\", \"name\": \"deep\", \"rebalance\": \"daily\", \"children\": [");
    int levels = 1_200;
    for (int i = 0; i < levels; i++) {
      json.append("{\"step\": \"group\", \"name\": \"g").append(i).append("\", \"children\": [");
    }
    json.append("{\"step\": \"asset\", \"ticker\": \"SPY\"}");
    json.append("]}".repeat(levels)).append("]}");
    Symphony symphony = SymphonyCompiler.parseAndCompile("deep.json", json.toString());
    assertThat(symphony.depth()).isEqualTo(levels + 1);
    assertThat(SymphonyEvaluator.evaluate(symphony, history(symphony.tickers())).allocation()).containsOnlyKeys("SPY");
  }
}
