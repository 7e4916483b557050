package io.alchemiser.portfolio;

import io.alchemiser.shared.bus.Addresses;
import io.alchemiser.shared.backtest.BacktestSpecs;
import io.alchemiser.shared.event.ErrorCodes;
import io.alchemiser.shared.inbox.EventInbox;
import io.alchemiser.shared.event.EventMetadata;
import io.alchemiser.shared.bus.EventPublisher;
import io.alchemiser.shared.event.EventType;
import io.alchemiser.shared.bus.Headers;
import io.alchemiser.shared.plugin.PluginContext;
import io.alchemiser.shared.trading.RebalancePlan;
import io.alchemiser.shared.event.RebalancePlanned;
import io.alchemiser.shared.event.SignalGenerated;
import io.alchemiser.shared.event.WorkflowException;
import io.alchemiser.shared.account.AccountLeases;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.TreeSet;

/**
 * On {@code SignalGenerated}: asks the broker (over the bus) for the account and the prices of
 * every symbol involved, plans the rebalance, and publishes {@code RebalancePlanned}. A backtest's
 * simulated day is planned on its scratch account, by the backtest's own planning rules.
 */
final class PortfolioVerticle extends VerticleBase {
  private static final long ACCOUNT_TIMEOUT_MS = 30_000;

  private final RebalancePlanner planner;
  private final PlannerSettings settings;
  private final PluginContext context;
  private MessageConsumer<Object> consumer;
  private MessageConsumer<Object> planRequests;
  private MessageConsumer<Object> ended;
  private MessageConsumer<Object> accountRequests;
  private AccountLeases leases;
  private AccountGate gate;
  private BacktestSpecs specs;
  private final java.util.Map<String, RebalancePlanner> backtestPlanners = new java.util.HashMap<>();

  PortfolioVerticle(PlannerSettings settings, PluginContext context) {
    this.planner = new RebalancePlanner(settings);
    this.settings = settings;
    this.context = context;
  }

  @Override
  public Future<?> start() {
    EventPublisher publisher = new EventPublisher(vertx, PortfolioPlugin.NAME);
    long delayMs = context.testingDelayMs(PortfolioPlugin.NAME);
    consumer = EventInbox.of(vertx, publisher, context.metrics())
        .retrying(io.alchemiser.shared.config.RetryPolicy.from(context.section(PortfolioPlugin.NAME).section("retry"), io.alchemiser.shared.config.RetryPolicy.DEFAULT))
        .handle(EventType.SIGNAL_GENERATED, SignalGenerated.class, signal -> plan(signal).compose(plan -> delayMs == 0 ? publisher.emit(plan)
            : vertx.timer(delayMs).compose(t -> publisher.emit(plan))));
    planRequests = vertx.eventBus().consumer(Addresses.PORTFOLIO_PLAN, this::planRequest);
    accountRequests = vertx.eventBus().consumer(Addresses.PORTFOLIO_ACCOUNT, this::accountRequest);
    specs = new BacktestSpecs(vertx);
    ended = BacktestSpecs.onEnded(vertx, id -> {
      backtestPlanners.remove(id);
      specs.forget(id);
    });
    java.time.Duration workflowTimeout = java.time.Duration.ofSeconds(
        context.root().section("orchestrator").positiveLong("workflowTimeoutSeconds", 120));
    Future<AccountGate> gated = AccountLeases.start(vertx, context.metrics(), context.nodeId())
        .compose(made -> {
          leases = made;
          return AccountGate.start(vertx, made, workflowTimeout);
        })
        .onSuccess(made -> gate = made);
    return Future.all(consumer.completion(), planRequests.completion(), ended.completion(), accountRequests.completion(), gated);
  }

  @Override
  public Future<?> stop() {
    return Future.join(consumer == null ? Future.succeededFuture() : consumer.unregister(),
        planRequests == null ? Future.succeededFuture() : planRequests.unregister(),
        accountRequests == null ? Future.succeededFuture() : accountRequests.unregister(),
        gate == null ? Future.succeededFuture() : gate.stop(),
        leases == null ? Future.succeededFuture() : leases.close(),
        ended == null ? Future.succeededFuture() : ended.unregister());
  }

  /**
   * {@code {"allocation": {...}, "account": {cash, equity, positions, prices}, "rebalanceThreshold": x}}
   * → the plan, as JSON; nothing is placed.
   */
  private void planRequest(io.vertx.core.eventbus.Message<Object> message) {
    try {
      JsonObject request = message.body() instanceof JsonObject json ? json : new JsonObject(message.body().toString());
      java.util.Map<String, java.math.BigDecimal> allocation = new java.util.TreeMap<>();
      JsonObject weights = request.getJsonObject("allocation", new JsonObject());
      for (String symbol : weights.fieldNames()) {
        allocation.put(symbol, new java.math.BigDecimal(weights.getValue(symbol).toString()));
      }
      Object threshold = request.getValue("rebalanceThreshold");
      RebalancePlan plan = planner.plan(io.alchemiser.shared.trading.Allocations.validated(allocation, "allocation"),
          AccountSnapshot.fromJson(request.getJsonObject("account", new JsonObject())),
          threshold == null ? null : new java.math.BigDecimal(threshold.toString()));
      message.reply(io.alchemiser.shared.json.Json.toBuffer(plan));
    } catch (RuntimeException e) {
      message.fail(400, "cannot plan: " + e.getMessage());
    }
  }

  private Future<RebalancePlanned> plan(SignalGenerated signal) {
    if (signal.simulation() == null) {
      return plan(signal, planner);
    }
    String backtestId = signal.simulation().backtestId();
    RebalancePlanner known = backtestPlanners.get(backtestId);
    return (known != null ? Future.succeededFuture(known) : specs.get(backtestId).map(spec -> {
      // The backtest's own rules: its threshold (not the symphony's), its reserve, fractional shares, every trade made.
      RebalancePlanner made = new RebalancePlanner(new PlannerSettings(spec.cashReserve(), java.math.BigDecimal.ZERO, true, spec.threshold(), null));
      backtestPlanners.put(backtestId, made);
      return made;
    })).compose(backtestPlanner -> plan(signal, backtestPlanner));
  }

  /**
   * A live workflow that will trade holds its account from here until its last order is settled
   * (see {@link AccountGate}); a dry run and a backtest's day (a scratch account) take no lease.
   */
  private Future<RebalancePlanned> plan(SignalGenerated signal, RebalancePlanner planner) {
    if (signal.simulation() != null || signal.dryRun()) {
      return readAndPlan(signal, planner);
    }
    return gate.whileHolding(signal, () -> readAndPlan(signal, planner));
  }

  /**
   * Why the whole plan holds: no strategy's rebalance period began today (each says what it holds);
   * null when one did, and the whole account is rebalanced to the consolidated target.
   */
  static String holdReason(SignalGenerated signal) {
    if (signal.strategies().isEmpty() || signal.strategies().stream().anyMatch(s -> s.holding() == null)) {
      return null;
    }
    return "no strategy's rebalance period begins: " + String.join("; ",
        signal.strategies().stream().map(s -> s.name() + " " + s.holding()).toList());
  }

  /**
   * {@code {}} → the account as this module sees it: {@code {"cash", "equity", "positions": [{"symbol",
   * "quantity", "price", "marketValue"}]}} (what {@code GET /api/account} shows).
   */
  private void accountRequest(io.vertx.core.eventbus.Message<Object> message) {
    vertx.eventBus().<Object>request(Addresses.BROKER_ACCOUNT, new JsonObject().put("symbols", new JsonArray()),
            new DeliveryOptions().setSendTimeout(ACCOUNT_TIMEOUT_MS))
        .onFailure(err -> message.fail(502, "cannot read the account from the broker: " + err.getMessage()))
        .onSuccess(reply -> {
          try {
            if (!(reply.body() instanceof JsonObject body)) {
              throw new WorkflowException(ErrorCodes.BROKER_ERROR, "the broker answered the account request with no account");
            }
            message.reply(AccountSnapshot.fromJson(body).toView());
          } catch (WorkflowException e) {
            message.fail(502, e.getMessage());
          }
        });
  }

  /** A plan that will trade, held to the operator's turnover limit; a dry run's is shown whole, and a backtest's day has its own rules. */
  private RebalancePlan limited(SignalGenerated signal, RebalancePlan plan) {
    return signal.dryRun() || signal.simulation() != null ? plan : settings.withinTurnover(plan);
  }

  private Future<RebalancePlanned> readAndPlan(SignalGenerated signal, RebalancePlanner planner) {
    boolean simulation = signal.simulation() != null;
    JsonObject request = new JsonObject().put("symbols", new JsonArray(new TreeSet<>(signal.allocation().keySet()).stream().toList()));
    if (simulation) {
      request.put("simulation", signal.simulation().toJson());
    }
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(ACCOUNT_TIMEOUT_MS)
        .addHeader(Headers.CORRELATION_ID, signal.correlationId());
    return vertx.eventBus().<Object>request(Addresses.BROKER_ACCOUNT, request, options)
        .recover(err -> Future.failedFuture(BrokerRequestFailed.of("cannot read the account from the broker", err)))
        .map(reply -> {
          if (!(reply.body() instanceof JsonObject body)) {
            throw new WorkflowException(ErrorCodes.BROKER_ERROR, "the broker answered the account request with no account");
          }
          AccountSnapshot account = AccountSnapshot.fromJson(body);
          String holdReason = holdReason(signal);
          return new RebalancePlanned(
              EventMetadata.next(EventType.REBALANCE_PLANNED, signal.correlationId(), signal.metadata(), PortfolioPlugin.NAME),
              holdReason != null ? planner.holding(signal.allocation(), account, holdReason)
                  : limited(signal, planner.plan(signal.allocation(), account, simulation ? null : signal.rebalanceThreshold())),
              signal.dryRun(), signal.simulation());
        });
  }
}
