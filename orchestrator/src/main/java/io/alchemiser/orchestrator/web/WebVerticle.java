package io.alchemiser.orchestrator.web;

import io.alchemiser.orchestrator.backtest.BacktestRunner;

import io.alchemiser.shared.metrics.AlchemiserMetrics;
import io.alchemiser.shared.client.WorkflowClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import io.vertx.ext.web.openapi.router.OpenAPIRoute;
import io.vertx.ext.web.openapi.router.RequestExtractor;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.core.Handler;
import java.util.LinkedHashMap;
import java.util.Map;
import io.vertx.micrometer.PrometheusScrapingHandler;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web module: the REST API, the {@code /ws/events} stream, the monitoring page, {@code /health},
 * {@code /ready} and {@code /metrics}, on one HTTP server. It talks to the orchestrator through the
 * workflow client only.
 */
public final class WebVerticle extends VerticleBase {
  public static final String MODULE = "web";
  /** Where the port actually bound is kept for this Vert.x instance (with port 0 it is chosen at start). */
  public static final String PORT_MAP = "alchemiser.web";
  private static final Logger LOG = LoggerFactory.getLogger(WebVerticle.class);
  private static final long MAX_BODY_BYTES = 64 * 1024;
  /** The REST contract, in the jar; also served as {@code /openapi.yaml}. */
  static final String CONTRACT = "webroot/openapi.yaml";

  private final WebSettings settings;
  private final MeterRegistry registry;
  private final AlchemiserMetrics metrics;
  private final Set<String> localModules;
  private final io.alchemiser.shared.config.ConfigReader root;
  private final java.nio.file.Path dataDir;
  private EventStream events;
  private HttpServer server;
  private long haltWatch = -1;

  public WebVerticle(WebSettings settings, MeterRegistry registry, AlchemiserMetrics metrics, Set<String> localModules,
              io.alchemiser.shared.config.ConfigReader root, java.nio.file.Path dataDir) {
    this.root = root;
    this.dataDir = dataDir;
    this.settings = settings;
    this.registry = registry;
    this.metrics = metrics;
    this.localModules = localModules;
  }

  @Override
  public Future<?> start() {
    WorkflowApi api = new WorkflowApi(WorkflowClient.create(vertx), io.alchemiser.shared.account.AccountLeases.reader(vertx));
    AccountApi account = new AccountApi(vertx);
    BacktestApi backtests = new BacktestApi(new BacktestRunner(vertx, WorkflowClient.create(vertx),
        io.alchemiser.shared.marketdata.MarketDataProviders.create(vertx, root)));
    TradingApi trading = new TradingApi(vertx, dataDir, registry);
    haltWatch = trading.watch(vertx);
    events = new EventStream(vertx, metrics, settings.maxQueuedBytes(), settings.idleSeconds() * 1000L);
    return OpenAPIContract.from(vertx, CONTRACT).compose(contract -> {
      Router router = router(contract, api, account, backtests, trading);
      events.start();
      return vertx.createHttpServer(serverOptions()).requestHandler(router).listen(settings.port(), settings.host())
          .recover(this::notListening);
    }).onSuccess(s -> {
      server = s;
      vertx.sharedData().getLocalMap(PORT_MAP).put("port", s.actualPort());
      LOG.info("{} listening on port {}{}", settings.tls() == null ? "HTTP" : "HTTPS", s.actualPort(),
          settings.tls() == null ? "" : " (TLS by " + io.alchemiser.orchestrator.tls.TlsEngine.describe() + ")");
    });
  }

  /** A port another process holds is named, with what to do about it, rather than "Address already in use". */
  private Future<HttpServer> notListening(Throwable err) {
    if (err instanceof java.net.BindException) {
      return Future.failedFuture(new io.alchemiser.shared.config.ConfigException("web.port", settings.host() + ":" + settings.port()
          + " is in use by another process (a serve already running?); choose another port (web.port, --http-port; 0 picks a free one)"));
    }
    return Future.failedFuture(err);
  }

  /**
   * The REST routes come from the OpenAPI document, which validates each request before its
   * handler runs; the stream, the page and the fallbacks are added after them.
   */
  private Router router(OpenAPIContract contract, WorkflowApi api, AccountApi account, BacktestApi backtests, TradingApi trading) {
    RouterBuilder builder = RouterBuilder.create(vertx, contract, RequestExtractor.withBodyHandler());
    ContractErrors refusals = new ContractErrors(contract.getRawContract());
    // Vert.x Web orders handlers by kind: the body is read before any plain handler (ours below) may run.
    builder.rootHandler(BodyHandler.create().setBodyLimit(MAX_BODY_BYTES).setHandleFileUploads(false));
    builder.rootHandler(ctx -> {
      ctx.response().putHeader("x-content-type-options", "nosniff").putHeader("cache-control", "no-store");
      // The API speaks JSON only: a body sent without a content type is read as JSON (and validated as such).
      String type = ctx.request().getHeader("content-type");
      if (type == null && ctx.body() != null && ctx.body().length() > 0) {
        ctx.request().headers().set("content-type", "application/json");
      } else if (type != null && !type.startsWith("application/json") && type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
        // Media types are case-insensitive (RFC 9110); the validator compares them as written.
        ctx.request().headers().set("content-type", type.toLowerCase(java.util.Locale.ROOT));
      }
      ctx.next();
    });
    if (settings.apiToken() != null) {
      builder.rootHandler(ctx -> {
        String path = ctx.request().path();
        boolean operations = path.equals("/health") || path.equals("/ready") || path.equals("/metrics");
        if (path.startsWith("/api/") || path.startsWith("/ws/") || operations && !settings.openHealthAndMetrics()) {
          authorize(ctx);
        } else {
          ctx.next();
        }
      });
    }
    Map<String, Handler<RoutingContext>> handlers = new LinkedHashMap<>();
    handlers.put("startWorkflow", api::start);
    handlers.put("listWorkflows", api::list);
    handlers.put("getWorkflow", api::get);
    handlers.put("getStats", api::stats);
    handlers.put("getAccount", account::get);
    handlers.put("getTrading", trading::get);
    handlers.put("haltTrading", trading::halt);
    handlers.put("resumeTrading", trading::resume);
    handlers.put("submitBacktest", backtests::submit);
    handlers.put("listBacktests", backtests::list);
    handlers.put("getBacktest", backtests::get);
    handlers.put("listDeadLetters", this::deadLetters);
    handlers.put("getSchedule", ctx -> vertx.eventBus().request(io.alchemiser.shared.bus.Addresses.SCHEDULE, null)
        .onSuccess(reply -> ctx.response().putHeader("content-type", "application/json").end(reply.body().toString()))
        .onFailure(err -> ctx.response().putHeader("content-type", "application/json")
            .end(new io.vertx.core.json.JsonObject().put("entries", new io.vertx.core.json.JsonArray()).encode())));
    handlers.put("metrics", registry instanceof PrometheusMeterRegistry prometheus
        ? PrometheusScrapingHandler.create(prometheus) : ctx -> ApiErrors.send(ctx, 503, "unavailable", "metrics are off"));
    handlers.put("health", HealthCheckHandler.createWithHealthChecks(
        HealthChecks.create(vertx).register("event-loop", promise -> promise.complete(Status.OK()))));
    handlers.put("ready", HealthCheckHandler.createWithHealthChecks(Readiness.create(vertx, localModules)));
    for (OpenAPIRoute route : builder.getRoutes()) {
      Handler<RoutingContext> handler = handlers.remove(route.getOperation().getOperationId());
      if (handler == null) {
        throw new IllegalStateException("the contract's operation " + route.getOperation().getOperationId() + " has no handler");
      }
      // The token is checked by the root handler above, for the operations and the stream alike.
      route.setDoSecurity(false).addHandler(handler).addFailureHandler(refusals::send);
    }
    if (!handlers.isEmpty()) {
      throw new IllegalStateException("handlers without an operation in the contract: " + handlers.keySet());
    }
    Router router = builder.createRouter();
    router.route("/api/*").handler(ctx -> ApiErrors.send(ctx, 404, "not found", "no such API: " + ctx.request().method() + " "
        + ctx.request().path()));
    router.get("/ws/events").handler(this::webSocket);
    router.route().handler(StaticHandler.create("webroot").setIndexPage("index.html").setCachingEnabled(false));
    // The API's own explorer, served from the jar: /docs (Swagger UI) reads /openapi.yaml.
    router.route("/webjars/*").handler(StaticHandler.create("META-INF/resources/webjars").setCachingEnabled(false));
    router.route().last().handler(ctx -> ApiErrors.send(ctx, 404, "not found", "no such page: " + ctx.request().path()));
    router.errorHandler(500, ctx -> {
      LOG.error("{} {} failed", ctx.request().method(), ctx.request().path(), ctx.failure());
      ApiErrors.send(ctx, 500, "internal error", "the request could not be served; the server log has the details");
    });
    router.errorHandler(400, refusals::badRequest);
    router.errorHandler(413, ctx -> ApiErrors.send(ctx, 413, "too large", "request bodies are limited to " + MAX_BODY_BYTES + " bytes"));
    router.errorHandler(405, ctx -> ApiErrors.send(ctx, 405, "method not allowed", ctx.request().method() + " " + ctx.request().path()));
    return router;
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(haltWatch);
    Future<Void> closed = server == null ? Future.succeededFuture() : server.close();
    return Future.join(events == null ? Future.succeededFuture() : events.stop(), closed);
  }

  /** {@code limit} is checked by the contract (1 to 1000) before this runs. */
  private void deadLetters(RoutingContext ctx) {
    int limit = ctx.queryParams().get("limit") == null ? 100 : Integer.parseInt(ctx.queryParams().get("limit"));
    vertx.eventBus().<Object>request(io.alchemiser.shared.bus.Addresses.DEAD_LETTERS_LIST, new io.vertx.core.json.JsonObject().put("limit", limit))
        .onSuccess(reply -> ctx.response().putHeader("content-type", "application/json").end(reply.body().toString()))
        .onFailure(err -> ApiErrors.send(ctx, 503, "unavailable", "no orchestrator keeps dead letters here: " + err.getMessage()));
  }

  private void authorize(RoutingContext ctx) {
    String header = ctx.request().getHeader("Authorization");
    String presented = header != null && header.startsWith("Bearer ") ? header.substring(7).trim()
        : ctx.request().path().startsWith("/ws/") ? ctx.queryParams().get("access_token") : null;
    if (presented != null && MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8),
        settings.apiToken().getBytes(StandardCharsets.UTF_8))) {
      ctx.next();
      return;
    }
    ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"alchemiser\"");
    ApiErrors.send(ctx, 401, "unauthorized", "this server needs 'Authorization: Bearer <token>' (ALCHEMISER_API_TOKEN)");
  }

  /** HTTPS (and so WSS) when the web module has its PEM files. */
  private HttpServerOptions serverOptions() {
    HttpServerOptions options = new HttpServerOptions().setCompressionSupported(true).setMaxWebSocketFrameSize(64 * 1024);
    if (settings.tls() != null) {
      options.setSsl(true).setSslEngineOptions(io.alchemiser.orchestrator.tls.TlsEngine.preferred()).setKeyCertOptions(new io.vertx.core.net.PemKeyCertOptions()
          .setCertPath(settings.tls().cert().toString()).setKeyPath(settings.tls().key().toString()));
    }
    return options;
  }

  private void webSocket(RoutingContext ctx) {
    String correlationId = ctx.queryParams().get("correlationId");
    String types = ctx.queryParams().get("type");
    // The handshake waits until the events are taken off the bus, so that the client misses none from then on.
    ctx.request().pause();
    events.subscribed().onComplete((v, unavailable) -> {
      if (unavailable != null) {
        ctx.request().resume();
        ApiErrors.send(ctx, 503, "unavailable", "the event stream cannot start: " + unavailable.getMessage());
        return;
      }
      ctx.request().toWebSocket().onSuccess(socket -> {
        String refused = events.accept(socket, correlationId, types);
        if (refused != null) {
          socket.writeTextMessage(new io.vertx.core.json.JsonObject().put("error", "bad request").put("detail", refused).encode());
          socket.close((short) 1008, "bad filter");
          events.releaseIfIdle();
        }
      }).onFailure(err -> {
        events.releaseIfIdle();
        LOG.warn("WebSocket upgrade of {} failed: {}", ctx.request().uri(), err.getMessage());
        ApiErrors.send(ctx, 400, "bad request", "/ws/events needs a WebSocket upgrade");
      });
    });
  }

}
