package io.alchemiser.strategy.symphony;

import io.alchemiser.strategy.symphony.syntax.StrategyFileException;
import io.alchemiser.strategy.symphony.syntax.SymphonyParser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Real exports nest close to 300 levels; a thousand and more evaluate, a hostile depth gets a clear error. */
class DeepNestingTest {
  private static PriceHistory history() {
    Map<String, double[]> closes = new HashMap<>();
    double[] spy = new double[40];
    double[] tlt = new double[40];
    for (int i = 0; i < 40; i++) {
      spy[i] = 100 + i + (i % 3);
      tlt[i] = 100 - i * 0.5 + (i % 2);
    }
    closes.put("SPY", spy);
    closes.put("TLT", tlt);
    return new PriceHistory(LocalDate.of(2025, 3, 3), closes);
  }

  @Test
  void aThousandLevelsOfFiltersOverGroupsCompileAndEvaluate() {
    // current-price needs one day of a series, so the warm-up does not grow with the depth as a window's would.
    int levels = 1_000;
    String node = "(asset \"SPY\")";
    for (int i = 0; i < levels; i++) {
      node = i % 2 == 0 ? "(group \"g" + i + "\" [" + node + "])"
          : "(filter (current-price) (select-top 1) [" + node + " (asset \"TLT\")])";
    }
    Symphony symphony = SymphonyCompiler.parseAndCompile("deep.clj", "(defsymphony \"deep\" {} " + node + ")");
    assertThat(symphony.depth()).isEqualTo(levels + 1);
    SymphonyEvaluator.Result result = SymphonyEvaluator.evaluate(symphony, history());
    assertThat(result.allocation()).hasSize(1);
    assertThat(result.trace()).hasSize(levels / 2);
  }

  @Test
  void deeperThanTheLimitIsAClearErrorNotAStackOverflow() {
    String text = "(defsymphony \"x\" {} " + "(group \"g\" [".repeat(SymphonyParser.MAX_DEPTH) + "(asset \"SPY\")" + "])".repeat(SymphonyParser.MAX_DEPTH) + ")";
    assertThatThrownBy(() -> SymphonyCompiler.parseAndCompile("hostile.clj", text)).isInstanceOf(StrategyFileException.class)
        .hasMessageStartingWith("hostile.clj:1:").hasMessageContaining("nesting deeper than 5000 levels");
    String json = "[".repeat(100_000);
    assertThatThrownBy(() -> SymphonyCompiler.parseAndCompile("hostile.json", json)).isInstanceOf(StrategyFileException.class)
        .hasMessageStartingWith("hostile.json:1:").hasMessageContaining("not valid JSON");
  }
}
