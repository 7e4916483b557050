package io.alchemiser.shared;

import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/** Builds the market data provider the config names ({@code marketData.provider}). */
public final class MarketDataProviders {
  private MarketDataProviders() {
  }

  public static MarketDataProvider create(Vertx vertx, ConfigReader root) {
    ConfigReader section = root.section("marketData");
    String provider = section.oneOf("provider", "sample", Set.of("sample", "csv"));
    if (provider.equals("csv")) {
      String dir = section.string("dir", null);
      if (dir == null) {
        throw new ConfigException(section.key("dir"), "is required with the csv provider (env ALCHEMISER_MARKET_DATA_DIR)");
      }
      Path path = Path.of(dir);
      if (!Files.isDirectory(path)) {
        throw new ConfigException(section.key("dir"), "'" + dir + "' is not a directory");
      }
      return new CsvDirectoryMarketData(vertx, path);
    }
    return new SampleMarketData(vertx);
  }
}
