package io.alchemiser.shared.marketdata;

import io.vertx.core.Future;
import java.time.LocalDate;
import java.util.List;

/** Daily bars by symbol. Failures are {@link MarketDataException}s that name the symbol. */
public interface MarketDataProvider {

  /** Short name for logs and config, e.g. {@code sample}. */
  String name();

  /** True for providers of live market data, whose latest bar must be recent to trade on. */
  default boolean live() {
    return false;
  }

  /** Bars of {@code symbol} up to and including {@code asOf} (null: all), oldest first, never empty. */
  Future<List<Bar>> dailyBars(String symbol, LocalDate asOf);

  default Future<Bar> latestBar(String symbol) {
    return dailyBars(symbol, null).map(bars -> bars.get(bars.size() - 1));
  }
}
