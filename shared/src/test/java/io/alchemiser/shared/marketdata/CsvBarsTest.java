package io.alchemiser.shared.marketdata;

import io.alchemiser.shared.marketdata.Bar;
import io.alchemiser.shared.marketdata.CsvBars;
import io.alchemiser.shared.marketdata.MarketDataException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvBarsTest {

  @Test
  void readsPlainAndYahooFilesUsingAdjustedClose() throws Exception {
    List<Bar> plain = CsvBars.parse("a.csv", new StringReader("date,open,high,low,close,volume\n2024-01-02,1,2,0.5,1.5,100\n"));
    assertThat(plain).singleElement().satisfies(bar -> assertThat(bar.close()).isEqualByComparingTo("1.5"));
    List<Bar> yahoo = CsvBars.parse("y.csv", new StringReader(
        "Date,Open,High,Low,Close,Adj Close,Volume\n2024-01-02,10,12,9,11,10.5,1000\n2024-01-03,11,12,10,11.5,11.0,900\n"));
    assertThat(yahoo).extracting(Bar::close).map(Object::toString).containsExactly("10.5", "11.0");
  }

  @Test
  void everyBadRowIsNamedByFileAndLine() {
    String header = "date,open,high,low,close,volume\n";
    assertError(header + "2024-01-02,1,2,0.5,1.5,100\n2024-13-01,1,2,1,1,1\n", "t.csv:3", "not a date");
    assertError(header + "2024-01-02,1,2,0.5,abc,100\n", "t.csv:2", "close 'abc'");
    assertError(header + "2024-01-02,1,2,0.5\n", "t.csv:2", "expected 6 columns");
    assertError(header + "2024-01-02,1,2,0.5,-1,100\n", "t.csv:2", "must be positive");
    assertError(header + "2024-01-02,1,0.4,0.5,0.45,100\n", "t.csv:2", "below low");
    assertError(header + "2024-01-03,1,2,0.5,1,1\n2024-01-02,1,2,0.5,1,1\n", "t.csv:3", "not after");
    assertError("when,what\n", "t.csv:1", "header");
    assertError("", "t.csv", "empty");
    assertError(header, "t.csv", "no bars");
  }

  private static void assertError(String csv, String where, String what) {
    assertThatThrownBy(() -> CsvBars.parse("t.csv", new StringReader(csv)))
        .isInstanceOf(MarketDataException.class).hasMessageContaining(where).hasMessageContaining(what);
  }
}
