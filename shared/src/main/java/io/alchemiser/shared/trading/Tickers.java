package io.alchemiser.shared.trading;

/**
 * One spelling per share class. Symphonies and configs may write a class share as {@code BRK/B}
 * (Composer's habit) or {@code BRK.B}; the broker and market data (Alpaca) know only {@code BRK.B},
 * so that is the spelling in every event, order, position and CSV file name ({@code BRK.B.csv}).
 */
public final class Tickers {
  private Tickers() {
  }

  /** {@code BRK/B} → {@code BRK.B}; any other ticker as it is. */
  public static String canonical(String ticker) {
    return ticker.replace('/', '.');
  }
}
