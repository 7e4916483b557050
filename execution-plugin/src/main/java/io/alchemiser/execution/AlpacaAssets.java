package io.alchemiser.execution;

import com.fasterxml.jackson.databind.JsonNode;
import io.alchemiser.shared.alpaca.AlpacaHttpException;
import io.alchemiser.shared.event.ErrorCodes;
import io.alchemiser.shared.event.WorkflowException;
import io.vertx.core.Future;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Alpaca's assets ({@code GET /v2/assets/{symbol}}): whether it trades a symbol, and whether in
 * fractions. A plan for a fraction of an asset that is not fractionable would be refused order by
 * order, so the plan is made in whole shares for it instead.
 */
final class AlpacaAssets {
  private static final long TTL_NANOS = TimeUnit.MINUTES.toNanos(15);

  private final Function<String, Future<JsonNode>> get;
  private final Map<String, CachedAsset> cache = new ConcurrentHashMap<>();

  /** {@code get}: a GET of a path of the trading API, retried as every call is. */
  AlpacaAssets(Function<String, Future<JsonNode>> get) {
    this.get = get;
  }

  /**
   * Which of {@code universe} Alpaca trades in whole shares only (it refuses an order for a fraction of
   * such an asset); fails when it does not trade one of {@code wanted} at all, before any order.
   */
  Future<Set<String>> wholeSharesOf(Set<String> universe, Collection<String> wanted) {
    List<String> symbols = new ArrayList<>(universe);
    List<Future<Asset>> lookups = new ArrayList<>();
    symbols.forEach(symbol -> lookups.add(asset(symbol)));
    return Future.all(lookups).map(all -> {
      Set<String> whole = new TreeSet<>();
      for (int i = 0; i < symbols.size(); i++) {
        Asset asset = all.resultAt(i);
        String symbol = symbols.get(i);
        if (wanted.contains(symbol) && !asset.trades()) {
          throw new WorkflowException(ErrorCodes.BROKER_ERROR, (asset == Asset.UNKNOWN ? "Alpaca knows no asset " + symbol
              : "Alpaca does not trade " + symbol + " (asset status " + asset.status() + ", tradable " + asset.tradable() + ")")
              + ": no order was placed");
        }
        if (!asset.fractionable()) {
          whole.add(symbol);
        }
      }
      return whole;
    });
  }

  /** What Alpaca says of an asset, kept a while: these flags change rarely, and every plan asks. */
  private Future<Asset> asset(String symbol) {
    CachedAsset cached = cache.get(symbol);
    if (cached != null && System.nanoTime() - cached.readAt() < TTL_NANOS) {
      return Future.succeededFuture(cached.asset());
    }
    String path = "/v2/assets/" + URLEncoder.encode(symbol, StandardCharsets.UTF_8);
    return get.apply(path)
        .map(json -> {
          String what = "asset " + symbol;
          if (!json.path("tradable").isBoolean() || !json.path("fractionable").isBoolean()) {
            throw AlpacaBroker.invalid(what, "'tradable' and 'fractionable' must be true or false");
          }
          Asset asset = new Asset(AlpacaBroker.text(json, "status", what), json.get("tradable").asBoolean(), json.get("fractionable").asBoolean());
          cache.put(symbol, new CachedAsset(asset, System.nanoTime()));
          return asset;
        })
        // Unknown to Alpaca: refused when a plan wants it; a position in it is left to its orders.
        .recover(err -> err instanceof AlpacaHttpException http && http.status() == 404
            ? Future.succeededFuture(Asset.UNKNOWN) : Future.failedFuture(err));
  }

  record Asset(String status, boolean tradable, boolean fractionable) {
    static final Asset UNKNOWN = new Asset("unknown", false, false);

    boolean trades() {
      return tradable && "active".equals(status);
    }
  }

  private record CachedAsset(Asset asset, long readAt) {
  }
}
