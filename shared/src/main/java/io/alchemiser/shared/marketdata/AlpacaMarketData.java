package io.alchemiser.shared.marketdata;

import io.alchemiser.shared.alpaca.AlpacaClient;
import io.alchemiser.shared.alpaca.AlpacaHttpException;
import io.alchemiser.shared.config.RetryPolicy;
import io.alchemiser.shared.event.ErrorCodes;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Daily bars from Alpaca's market data API v2 ({@code GET /v2/stocks/bars}, adjusted, paginated).
 * 429, 5xx and connection failures are retried with backoff; 401, 403 and 422 are clear errors that
 * quote Alpaca's message. A symbol's history is kept for {@code cacheTtl}, so the strategy and the
 * broker of one workflow read the same prices. The keys are sent as headers and never logged.
 */
public final class AlpacaMarketData implements MarketDataProvider {
  private static final Logger LOG = LoggerFactory.getLogger(AlpacaMarketData.class);
  private static final ZoneId EXCHANGE = ZoneId.of("America/New_York");
  private static final int PAGE_LIMIT = 10_000;
  private static final int MAX_PAGES = 100;

  public record Settings(URI dataUrl, String keyId, String secretKey, int historyDays, Duration cacheTtl, RetryPolicy retry) {
    @Override
    public String toString() {
      // Never print the keys, whatever prints this record.
      return "AlpacaMarketData.Settings[dataUrl=" + dataUrl + ", historyDays=" + historyDays + "]";
    }
  }

  private final Vertx vertx;
  private final Settings settings;
  private final AlpacaClient client;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();

  private record Cached(Instant fetchedAt, LocalDate start, List<Bar> bars) {
  }

  public AlpacaMarketData(Vertx vertx, Settings settings) {
    this.vertx = vertx;
    this.settings = settings;
    this.client = new AlpacaClient(vertx, settings.dataUrl(), settings.keyId(), settings.secretKey(),
        ErrorCodes.MARKET_DATA_ERROR, "market data");
  }

  @Override
  public String name() {
    return "alpaca";
  }

  @Override
  public boolean live() {
    return true;
  }

  @Override
  public Future<List<Bar>> dailyBars(String symbol, LocalDate asOf) {
    if (!symbol.matches("[A-Z0-9.\\-]{1,15}")) {
      return Future.failedFuture(new MarketDataException("'" + symbol + "' is not a ticker symbol"));
    }
    // History is read back from today, so evaluations as of recent dates share one download; only a
    // date far in the past moves the start back with it.
    LocalDate today = LocalDate.now(EXCHANGE);
    LocalDate start = (asOf == null || asOf.isAfter(today.minusDays(settings.historyDays() / 2)) ? today : asOf)
        .minusDays(settings.historyDays());
    Cached cached = cache.get(symbol);
    if (cached != null && !cached.start().isAfter(start)
        && cached.fetchedAt().plus(settings.cacheTtl()).isAfter(Instant.now())) {
      return Future.succeededFuture(SampleMarketData.upTo(symbol, cached.bars(), asOf));
    }
    List<Bar> bars = new ArrayList<>();
    return page(symbol, start, null, bars, 1).map(v -> {
      if (bars.isEmpty()) {
        throw new MarketDataException("Alpaca has no daily bars for " + symbol + " since " + start);
      }
      List<Bar> all = List.copyOf(bars);
      cache.put(symbol, new Cached(Instant.now(), start, all));
      return SampleMarketData.upTo(symbol, all, asOf);
    });
  }

  private Future<Void> page(String symbol, LocalDate start, String token, List<Bar> into, int pageNumber) {
    if (pageNumber > MAX_PAGES) {
      return Future.failedFuture(new MarketDataException("Alpaca returned more than " + MAX_PAGES + " pages of bars for " + symbol));
    }
    Map<String, String> query = new LinkedHashMap<>();
    query.put("symbols", symbol);
    query.put("timeframe", "1Day");
    query.put("start", start.toString());
    query.put("limit", Integer.toString(PAGE_LIMIT));
    query.put("adjustment", "all");
    if (token != null) {
      query.put("page_token", token);
    }
    return settings.retry().run(vertx, () -> client.call(HttpMethod.GET, "/v2/stocks/bars", query, null),
            AlpacaHttpException::isRetryable,
            (attempt, delay, cause) -> LOG.warn("Alpaca market data for {}: {}; attempt {} in {} ms", symbol, cause.getMessage(), attempt, delay))
        .compose(body -> {
          String next = parse(symbol, body, into);
          return next == null ? Future.succeededFuture() : page(symbol, start, next, into, pageNumber + 1);
        });
  }

  /** Adds the page's bars; returns the next page token or null. */
  private static String parse(String symbol, JsonNode json, List<Bar> into) {
    if (json == null || !json.isObject()) {
      throw new MarketDataException("Alpaca sent bars for " + symbol + " that are not a JSON object");
    }
    JsonNode bars = json.path("bars").path(symbol);
    if (!bars.isMissingNode() && !bars.isNull()) {
      if (!bars.isArray()) {
        throw new MarketDataException("Alpaca sent 'bars." + symbol + "' that is not a list");
      }
      for (JsonNode bar : bars) {
        Bar parsed = bar(symbol, bar);
        if (!into.isEmpty() && !parsed.date().isAfter(into.get(into.size() - 1).date())) {
          throw new MarketDataException("Alpaca sent bars for " + symbol + " out of order at " + parsed.date());
        }
        into.add(parsed);
      }
    }
    JsonNode next = json.path("next_page_token");
    return next.isTextual() && !next.asText().isEmpty() ? next.asText() : null;
  }

  private static Bar bar(String symbol, JsonNode bar) {
    try {
      LocalDate date = OffsetDateTime.parse(bar.path("t").asText()).atZoneSameInstant(EXCHANGE).toLocalDate();
      return new Bar(date, price(bar, "o"), price(bar, "h"), price(bar, "l"), price(bar, "c"), bar.path("v").asLong(0));
    } catch (DateTimeParseException e) {
      throw new MarketDataException("Alpaca sent a bar for " + symbol + " with a bad time 't': " + bar.path("t"));
    }
  }

  private static BigDecimal price(JsonNode bar, String field) {
    JsonNode value = bar.get(field);
    if (value == null || !value.isNumber() || value.decimalValue().signum() <= 0) {
      throw new MarketDataException("Alpaca sent a bar with a bad '" + field + "': " + bar);
    }
    return value.decimalValue();
  }
}
