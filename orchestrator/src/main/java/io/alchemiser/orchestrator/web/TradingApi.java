package io.alchemiser.orchestrator.web;

import io.alchemiser.shared.halt.TradingHalt;
import io.alchemiser.shared.halt.TradingHalts;
import io.alchemiser.shared.logging.UntrustedText;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's halt switch: {@code GET /api/trading}, {@code POST /api/trading/halt} with a
 * reason, {@code POST /api/trading/resume}. A halt stops every live order cluster-wide from the next
 * one on (see {@link TradingHalts}); dry runs and backtests go on. {@code alchemiser_trading_halted}
 * shows the state to Prometheus, refreshed every few seconds.
 */
final class TradingApi {
  private static final Logger LOG = LoggerFactory.getLogger(TradingApi.class);
  private static final long GAUGE_REFRESH_MS = 5_000;

  private final TradingHalts halts;
  private final Path dataDir;
  private final AtomicInteger halted = new AtomicInteger();

  TradingApi(Vertx vertx, Path dataDir, MeterRegistry registry) {
    this.halts = new TradingHalts(vertx);
    this.dataDir = dataDir;
    Gauge.builder("alchemiser.trading.halted", halted, AtomicInteger::get)
        .description("1 while an operator has halted trading (no live order is placed), else 0").register(registry);
  }

  /** Keeps the gauge current, from now on; returns the timer to cancel on stop. */
  long watch(Vertx vertx) {
    refresh();
    return vertx.setPeriodic(GAUGE_REFRESH_MS, id -> refresh());
  }

  private Future<TradingHalt> refresh() {
    return halts.current().onSuccess(halt -> halted.set(halt.halted() ? 1 : 0))
        .onFailure(err -> LOG.warn("cannot read the trading halt: {}", err.getMessage()));
  }

  void get(RoutingContext ctx) {
    answer(ctx, refresh());
  }

  void halt(RoutingContext ctx) {
    answer(ctx, halts.change(true, ctx.body().asJsonObject().getString("reason"), by(ctx), dataDir));
  }

  void resume(RoutingContext ctx) {
    JsonObject body = ctx.body().length() > 0 ? ctx.body().asJsonObject() : new JsonObject();
    answer(ctx, halts.change(false, body.getString("reason"), by(ctx), dataDir));
  }

  /** Who asked, as far as the request tells: its remote address, and what sent it (logged, and kept with the state). */
  private static String by(RoutingContext ctx) {
    String agent = ctx.request().getHeader("User-Agent");
    return "API from " + ctx.request().remoteAddress() + (agent == null ? "" : " (" + UntrustedText.abbreviate(agent, 150) + ")");
  }

  private void answer(RoutingContext ctx, Future<TradingHalt> state) {
    state.onSuccess(halt -> {
      halted.set(halt.halted() ? 1 : 0);
      ctx.response().putHeader("content-type", "application/json").end(view(halt).encode());
    }).onFailure(err -> {
      refresh();
      ApiErrors.send(ctx, 503, "unavailable", err.getMessage() != null ? err.getMessage() : err.toString());
    });
  }

  private static JsonObject view(TradingHalt halt) {
    return new JsonObject().put("halted", halt.halted()).put("reason", halt.reason())
        .put("changedAt", halt == TradingHalt.NONE ? null : halt.at().toString()).put("changedBy", halt.by());
  }
}
