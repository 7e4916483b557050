package io.alchemiser.strategy.symphony;

import io.alchemiser.strategy.symphony.syntax.StrategyFileException;
import io.alchemiser.strategy.symphony.Symphony;
import io.alchemiser.strategy.symphony.SymphonyCompiler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class SymphonyCompilerTest {

  private static Symphony compile(String text) {
    return SymphonyCompiler.parseAndCompile("t.clj", text);
  }

  @Test
  void compilesMetadataTickersAndEveryOperator() {
    Symphony symphony = compile("""
        (defsymphony "All" {:asset-class "EQUITIES" :rebalance-threshold 0.1 :rebalance-frequency :weekly}
          (group "g" {:note "x"}
            [(weight-specified 60 (asset "SPY" nil) 40 (asset "TLT" "bonds"))
             (weight-inverse-volatility 20 [(asset "GLD") (asset "IEF")])
             (filter (rsi 10) (select-bottom 1) [(asset "QQQ") (asset "IWM")])
             (filter (current-price) (select-top 1) [(asset "XLE") (asset "XLU")])
             (if (and (> (rsi "SPY" {:window 10}) 70) (or (< (current-price "SPY") 1000) (>= 1 2)))
               [(asset "BIL")]
               [(weight-equal [(asset "UPRO") (asset "TMF")])])]))
        """);
    assertThat(symphony.name()).isEqualTo("All");
    assertThat(symphony.rebalanceThreshold()).isEqualByComparingTo("0.1");
    assertThat(symphony.metadata()).containsEntry("rebalance-frequency", ":weekly").containsEntry("asset-class", "EQUITIES");
    assertThat(symphony.tickers()).containsExactlyInAnyOrder("SPY", "TLT", "GLD", "IEF", "QQQ", "IWM", "XLE", "XLU", "BIL", "UPRO", "TMF");
    Symphony.Specified specified = (Symphony.Specified) ((Symphony.Equal) symphony.root()).children().get(0);
    assertThat(specified.weights()).containsExactly(0.6, 0.4);
  }

  @Test
  void theExampleStrategiesCompileAndOneNestsIfsDeeperThanTen() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("../config/strategies"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".clj")).toList()) {
        Symphony symphony = SymphonyCompiler.parseAndCompile(file.toString(), Files.readString(file));
        assertThat(symphony.tickers()).as(file.toString()).isNotEmpty();
      }
    }
    Symphony ladder = SymphonyCompiler.parseAndCompile("ladder", Files.readString(Path.of("../config/strategies/leveraged-regimes.clj")));
    assertThat(ifDepth(ladder.root())).isGreaterThan(10);
  }

  private static int ifDepth(Symphony.Node node) {
    if (node instanceof Symphony.If branch) {
      int deepest = 0;
      for (Symphony.Node child : branch.then()) {
        deepest = Math.max(deepest, ifDepth(child));
      }
      for (Symphony.Node child : branch.otherwise()) {
        deepest = Math.max(deepest, ifDepth(child));
      }
      return 1 + deepest;
    }
    if (node instanceof Symphony.Equal equal) {
      return equal.children().stream().mapToInt(SymphonyCompilerTest::ifDepth).max().orElse(0);
    }
    if (node instanceof Symphony.Specified specified) {
      return specified.children().stream().mapToInt(SymphonyCompilerTest::ifDepth).max().orElse(0);
    }
    return 0;
  }

  @Test
  void errorsNameTheNodeAndWhatIsWrong() {
    assertError("(defsymphony \"x\" {} (assett \"SPY\"))", "t.clj:1:21", "unknown operator 'assett'");
    assertError("(defsymphony \"x\" {} (asset))", "t.clj:1:21", "asset takes a ticker");
    assertError("(defsymphony \"x\" {} (asset \"spy\"))", "t.clj:1:28", "not a ticker symbol");
    assertError("(symphony \"x\" {} (asset \"SPY\"))", "t.clj:1:1", "expected (defsymphony ...)");
    assertError("(defsymphony \"x\" {:rebalance-threshold 5} (asset \"SPY\"))", "t.clj:1:40", "fraction");
    assertError("(defsymphony \"x\" {} (weight-equal (asset \"SPY\")))", "t.clj:1:35", "expected a vector");
    assertError("(defsymphony \"x\" {} (weight-equal []))", "t.clj:1:35", "is empty");
    assertError("(defsymphony \"x\" {} (weight-specified 50 (asset \"SPY\") 40 (asset \"TLT\")))", "t.clj:1:21", "sum to 90");
    assertError("(defsymphony \"x\" {} (weight-specified 50 (asset \"SPY\") 50))", "t.clj:1:21", "pairs of weight and node");
    assertError("(defsymphony \"x\" {} (weight-inverse-volatility {:window 1} [(asset \"SPY\")]))", "t.clj:1:57", "at least 2");
    assertError("(defsymphony \"x\" {} (weight-inverse-volatility {:days 5} [(asset \"SPY\")]))", "t.clj:1:48", "{:window n}");
    assertError("(defsymphony \"x\" {} (if (> (rsi \"SPY\") 70) [(asset \"SPY\")] [(asset \"BIL\")]))", "t.clj:1:28", "rsi takes a ticker and a window");
    assertError("(defsymphony \"x\" {} (if (> (rsi \"SPY\" 0) 70) [(asset \"SPY\")] [(asset \"BIL\")]))", "t.clj:1:39", "at least 1");
    assertError("(defsymphony \"x\" {} (if (> (rsi \"SPY\" 2.5) 70) [(asset \"SPY\")] [(asset \"BIL\")]))", "t.clj:1:39", "whole number");
    assertError("(defsymphony \"x\" {} (if (> (rsx \"SPY\" 2) 70) [(asset \"SPY\")] [(asset \"BIL\")]))", "t.clj:1:28", "unknown indicator");
    assertError("(defsymphony \"x\" {} (if (=> 1 2) [(asset \"SPY\")] [(asset \"BIL\")]))", "t.clj:1:25", "unknown condition '=>'");
    assertError("(defsymphony \"x\" {} (if (> 1 2) [(asset \"SPY\")]))", "t.clj:1:21", "if takes a condition");
    assertError("(defsymphony \"x\" {} (if (and) [(asset \"SPY\")] [(asset \"BIL\")]))", "t.clj:1:25", "at least one condition");
    assertError("(defsymphony \"x\" {} (filter (rsi 10) (select-top 0) [(asset \"SPY\")]))", "t.clj:1:50", "at least 1");
    assertError("(defsymphony \"x\" {} (filter (rsi 10) (pick 1) [(asset \"SPY\")]))", "t.clj:1:38", "select-top");
    assertError("(defsymphony \"x\" {} (filter (rsi \"SPY\" 10) (select-top 1) [(asset \"SPY\")]))", "t.clj:1:29", "no ticker here");
    assertError("(defsymphony \"x\" {} (filter (rsi 10) (select-top 1) [(group \"g\" [(foo)])]))", "t.clj:1:66", "unknown operator 'foo'");
    assertError("(defsymphony \"x\" {:rebalance-frequency :hourly} (asset \"SPY\"))", "t.clj:1:40", ":rebalance-frequency must be one of");
    assertError("(defsymphony \"x\" {} (if (> (percentage-price-oscillator \"SPY\" {:window 3}) 0) [(asset \"SPY\")] [(asset \"BIL\")]))",
        "t.clj:1:63", "{:short-window s :long-window l}");
    assertError("(defsymphony \"x\" {} (if (> (percentage-price-oscillator \"SPY\" {:short-window 26 :long-window 12}) 0) [(asset \"SPY\")] "
        + "[(asset \"BIL\")]))", "t.clj:1:63", "must be shorter");
    assertError("(defsymphony \"x\" {} (asset \"BRK B\"))", "t.clj:1:28", "not a ticker symbol");
    assertError("(defsymphony \"x\" {})", "t.clj:1:18", "expected a node");
    assertError("(defsymphony \"x\")", "t.clj:1:1", "defsymphony takes");
  }

  private static void assertError(String text, String where, String what) {
    assertThatThrownBy(() -> compile(text)).isInstanceOf(StrategyFileException.class)
        .hasMessageStartingWith(where).hasMessageContaining(what);
  }
}
