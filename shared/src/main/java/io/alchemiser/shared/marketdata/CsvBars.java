package io.alchemiser.shared.marketdata;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads daily bars from CSV: {@code date,open,high,low,close,volume}, or Yahoo's
 * {@code Date,Open,High,Low,Close,Adj Close,Volume} (then Adj Close is the close). Every bad row is
 * an error naming the source and line; dates must increase.
 */
public final class CsvBars {
  private static final String PLAIN = "date,open,high,low,close,volume";
  private static final String YAHOO = "date,open,high,low,close,adj close,volume";

  private CsvBars() {
  }

  public static List<Bar> parse(String source, Reader input) throws IOException {
    BufferedReader reader = new BufferedReader(input);
    String header = reader.readLine();
    if (header == null) {
      throw new MarketDataException(source + ": file is empty");
    }
    String normalized = header.replace("\uFEFF", "").trim().toLowerCase(Locale.ROOT).replace(", ", ",");
    boolean yahoo;
    if (normalized.equals(PLAIN)) {
      yahoo = false;
    } else if (normalized.equals(YAHOO)) {
      yahoo = true;
    } else {
      throw new MarketDataException(source + ":1: header must be '" + PLAIN + "' or Yahoo's '"
          + "Date,Open,High,Low,Close,Adj Close,Volume', was '" + header + "'");
    }
    int columns = yahoo ? 7 : 6;
    List<Bar> bars = new ArrayList<>();
    String line;
    int lineNumber = 1;
    while ((line = reader.readLine()) != null) {
      lineNumber++;
      if (line.isBlank()) {
        continue;
      }
      String[] cells = line.split(",", -1);
      String where = source + ":" + lineNumber;
      if (cells.length != columns) {
        throw new MarketDataException(where + ": expected " + columns + " columns, found " + cells.length);
      }
      LocalDate date;
      try {
        date = LocalDate.parse(cells[0].trim());
      } catch (DateTimeParseException e) {
        throw new MarketDataException(where + ": '" + cells[0] + "' is not a date (YYYY-MM-DD)");
      }
      BigDecimal open = price(cells[1], "open", where);
      BigDecimal high = price(cells[2], "high", where);
      BigDecimal low = price(cells[3], "low", where);
      BigDecimal close = price(cells[yahoo ? 5 : 4], yahoo ? "adj close" : "close", where);
      long volume;
      try {
        volume = new BigDecimal(cells[columns - 1].trim()).longValueExact();
      } catch (NumberFormatException | ArithmeticException e) {
        throw new MarketDataException(where + ": volume '" + cells[columns - 1] + "' is not a whole number");
      }
      if (volume < 0) {
        throw new MarketDataException(where + ": volume must not be negative");
      }
      if (high.compareTo(low) < 0) {
        throw new MarketDataException(where + ": high " + high + " is below low " + low);
      }
      if (!bars.isEmpty() && !date.isAfter(bars.get(bars.size() - 1).date())) {
        throw new MarketDataException(where + ": date " + date + " is not after the previous row's "
            + bars.get(bars.size() - 1).date());
      }
      bars.add(new Bar(date, open, high, low, close, volume));
    }
    if (bars.isEmpty()) {
      throw new MarketDataException(source + ": no bars");
    }
    return List.copyOf(bars);
  }

  private static BigDecimal price(String cell, String column, String where) {
    BigDecimal value;
    try {
      value = new BigDecimal(cell.trim());
    } catch (NumberFormatException e) {
      throw new MarketDataException(where + ": " + column + " '" + cell + "' is not a number");
    }
    if (value.signum() <= 0) {
      throw new MarketDataException(where + ": " + column + " must be positive, was " + value.toPlainString());
    }
    return value;
  }
}
