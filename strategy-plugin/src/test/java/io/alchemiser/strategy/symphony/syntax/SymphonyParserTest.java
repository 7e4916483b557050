package io.alchemiser.strategy.symphony.syntax;

import io.alchemiser.strategy.symphony.SymphonyCompiler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

class SymphonyParserTest {

  @Test
  void readsEveryKindOfValueWithPositions() {
    SExpr form = SymphonyParser.parse("t.clj", """
        ; a comment
        (defsymphony "name" {:asset-class "EQUITIES", :rebalance-threshold 0.05 :n -3 :freq :daily}
          [1 2.5 nil "esc\\"aped"]) ; trailing comment
        """);
    SExpr.SList list = (SExpr.SList) form;
    assertThat(list.head()).isEqualTo("defsymphony");
    assertThat(list.at().line()).isEqualTo(2);
    assertThat(list.at().column()).isEqualTo(1);
    SExpr.MapExpr map = (SExpr.MapExpr) list.items().get(2);
    assertThat(map.entries()).containsOnlyKeys("asset-class", "rebalance-threshold", "n", "freq");
    assertThat(((SExpr.Num) map.entries().get("rebalance-threshold")).value()).isEqualByComparingTo("0.05");
    assertThat(((SExpr.Num) map.entries().get("n")).value()).isEqualByComparingTo("-3");
    assertThat(((SExpr.Keyword) map.entries().get("freq")).name()).isEqualTo("daily");
    SExpr.Vector vector = (SExpr.Vector) list.items().get(3);
    assertThat(vector.items()).hasSize(4);
    assertThat(vector.items().get(2)).isInstanceOf(SExpr.Nil.class);
    assertThat(((SExpr.Str) vector.items().get(3)).value()).isEqualTo("esc\"aped");
    assertThat(vector.at()).hasToString("t.clj:3:3");
  }

  @Test
  void syntaxErrorsNameFileLineColumnAndWhatWasExpected() {
    assertError("(defsymphony \"x\"\n  (asset \"SPY\"", "t.clj:2:15", "expected ')' to close the list opened at 2:3");
    assertError("(a [b c)", "t.clj:1:8", "expected ']' to close the vector opened at 1:4, found ')'");
    assertError("(a) )", "t.clj:1:5", "expected the end of the file");
    assertError("", "t.clj:1:1", "empty file");
    assertError("  ; only a comment\n", "t.clj:2:1", "empty file");
    assertError("(a {:k 1 :k 2})", "t.clj:1:10", ":k appears twice");
    assertError("(a {:k})", "t.clj:1:4", "key-value pairs");
    assertError("(a {\"k\" 1})", "t.clj:1:5", "expected a keyword as map key");
    assertError("(a \"open", "t.clj:1:4", "close the string");
    assertError("(a \"\\q\")", "t.clj:1:7", "unknown escape");
    assertError("(a 1.2.3)", "t.clj:1:4", "'1.2.3' is not a number");
    assertError("(a : b)", "t.clj:1:5", "keyword name");
    assertError("(".repeat(SymphonyParser.MAX_DEPTH + 1), "t.clj", "nesting deeper than");
  }

  @Test
  void randomAndTruncatedInputEndsInAClearErrorNeverACrash() {
    String valid = """
        (defsymphony "x" {:rebalance-threshold 0.1}
          (if (> (rsi "SPY" {:window 10}) 70) [(asset "BIL")] [(weight-equal [(asset "SPY") (asset "TLT")])]))
        """;
    for (int cut = 0; cut < valid.length(); cut++) {
      String truncated = valid.substring(0, cut);
      try {
        SymphonyCompiler.parseAndCompile("t.clj", truncated);
      } catch (StrategyFileException e) {
        assertThat(e.getMessage()).startsWith("t.clj:");
      }
    }
    Random random = new Random(42);
    String alphabet = "()[]{}\":;  \n abc-123.5nil\\";
    for (int i = 0; i < 2000; i++) {
      StringBuilder text = new StringBuilder();
      int length = random.nextInt(60);
      for (int j = 0; j < length; j++) {
        text.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      try {
        SymphonyCompiler.parseAndCompile("r.clj", text.toString());
      } catch (StrategyFileException e) {
        assertThat(e.getMessage()).startsWith("r.clj:");
      }
    }
  }

  private static void assertError(String text, String where, String what) {
    assertThatThrownBy(() -> SymphonyParser.parse("t.clj", text))
        .isInstanceOf(StrategyFileException.class)
        .hasMessageStartingWith(where)
        .hasMessageContaining(what);
  }
}
