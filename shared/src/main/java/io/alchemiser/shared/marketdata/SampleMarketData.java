package io.alchemiser.shared.marketdata;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The synthetic daily bars bundled in the jar (see the README: generated, not real history), so
 * that everything runs offline. Files are read once, off the event loop, and kept.
 */
public final class SampleMarketData implements MarketDataProvider {
  public static final String RESOURCE_DIR = "alchemiser/sample-data/";

  private final Vertx vertx;
  private final Map<String, List<Bar>> cache = new ConcurrentHashMap<>();

  public SampleMarketData(Vertx vertx) {
    this.vertx = vertx;
  }

  @Override
  public String name() {
    return "sample";
  }

  /** The tickers the sample data has. */
  public static Set<String> tickers() {
    try (InputStream in = resource("tickers.txt")) {
      if (in == null) {
        return Set.of();
      }
      Set<String> tickers = new TreeSet<>();
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (!line.isBlank()) {
          tickers.add(line.trim());
        }
      }
      return tickers;
    } catch (IOException e) {
      return Set.of();
    }
  }

  @Override
  public Future<List<Bar>> dailyBars(String symbol, LocalDate asOf) {
    List<Bar> cached = cache.get(symbol);
    Future<List<Bar>> all = cached != null ? Future.succeededFuture(cached)
        : vertx.executeBlocking(() -> cache.computeIfAbsent(symbol, SampleMarketData::load));
    return all.map(bars -> upTo(symbol, bars, asOf));
  }

  static List<Bar> upTo(String symbol, List<Bar> bars, LocalDate asOf) {
    if (asOf == null) {
      return bars;
    }
    int end = bars.size();
    while (end > 0 && bars.get(end - 1).date().isAfter(asOf)) {
      end--;
    }
    if (end == 0) {
      throw new MarketDataException("no bars of " + symbol + " on or before " + asOf);
    }
    return bars.subList(0, end);
  }

  private static List<Bar> load(String symbol) {
    if (!symbol.matches("[A-Z0-9.\\-]{1,15}")) {
      throw new MarketDataException("'" + symbol + "' is not a ticker symbol");
    }
    try (InputStream in = resource(symbol + ".csv")) {
      if (in == null) {
        throw new MarketDataException("the sample data has no ticker " + symbol + " (it has " + String.join(", ", tickers()) + ")");
      }
      return CsvBars.parse("sample-data/" + symbol + ".csv", new InputStreamReader(in, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new MarketDataException("cannot read the sample data of " + symbol + ": " + e.getMessage());
    }
  }

  private static InputStream resource(String name) {
    return SampleMarketData.class.getClassLoader().getResourceAsStream(RESOURCE_DIR + name);
  }
}
