package io.alchemiser.shared.marketdata;

import io.alchemiser.shared.config.ConfigException;
import io.alchemiser.shared.config.ConfigReader;
import io.alchemiser.shared.config.RetryPolicy;

import io.vertx.core.Vertx;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/** Builds the market data provider the config names ({@code marketData.provider}). */
public final class MarketDataProviders {
  private MarketDataProviders() {
  }

  public static MarketDataProvider create(Vertx vertx, ConfigReader root) {
    ConfigReader section = root.section("marketData");
    String provider = section.oneOf("provider", "sample", Set.of("sample", "csv", "alpaca"));
    if (provider.equals("alpaca")) {
      return new AlpacaMarketData(vertx, alpacaSettings(root, section));
    }
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

  private static AlpacaMarketData.Settings alpacaSettings(ConfigReader root, ConfigReader section) {
    ConfigReader alpaca = root.section("alpaca");
    String keyId = alpaca.string("keyId", null);
    String secret = alpaca.string("secretKey", null);
    if (keyId == null || secret == null) {
      throw new ConfigException(alpaca.key(keyId == null ? "keyId" : "secretKey"),
          "is required with the alpaca market data provider (env APCA_API_KEY_ID and APCA_API_SECRET_KEY)");
    }
    URI uri = alpaca.httpUrl("dataUrl", "https://data.alpaca.markets");
    ConfigReader options = section.section("alpaca");
    return new AlpacaMarketData.Settings(uri, keyId, secret,
        options.positiveInt("historyDays", 1100),
        Duration.ofSeconds(options.positiveLong("cacheSeconds", 60)),
        RetryPolicy.from(options.section("retry"), RetryPolicy.DEFAULT));
  }
}
