package io.alchemiser.shared.marketdata;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

/** Bars from a directory of {@code TICKER.csv} files (see {@link CsvBars}), read off the event loop each time. */
public final class CsvDirectoryMarketData implements MarketDataProvider {
  private final Vertx vertx;
  private final Path dir;

  public CsvDirectoryMarketData(Vertx vertx, Path dir) {
    this.vertx = vertx;
    this.dir = dir;
  }

  @Override
  public String name() {
    return "csv";
  }

  @Override
  public Future<List<Bar>> dailyBars(String symbol, LocalDate asOf) {
    if (!symbol.matches("[A-Z0-9.\\-]{1,15}")) {
      return Future.failedFuture(new MarketDataException("'" + symbol + "' is not a ticker symbol"));
    }
    Path file = dir.resolve(symbol + ".csv");
    return vertx.executeBlocking(() -> {
      try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        return SampleMarketData.upTo(symbol, CsvBars.parse(file.toString(), reader), asOf);
      } catch (NoSuchFileException e) {
        throw new MarketDataException("no market data for " + symbol + ": " + file + " does not exist");
      } catch (IOException e) {
        throw new MarketDataException("cannot read " + file + ": " + e.getMessage());
      }
    }, false);
  }
}
