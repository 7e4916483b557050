package io.alchemiser.notifications;

import io.alchemiser.shared.cluster.ClusterMap;
import io.alchemiser.shared.metrics.AlchemiserMetrics;
import io.alchemiser.shared.inbox.EventInbox;
import io.alchemiser.shared.event.EventType;
import io.alchemiser.shared.client.WorkflowClient;
import io.alchemiser.shared.event.WorkflowEvent;
import io.alchemiser.shared.client.WorkflowRecord;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a notification on every configured event (by default the end of each workflow), with the
 * workflow's whole record as the orchestrator holds it, and on every halt and resume of trading
 * ({@code notifications.tradingHalts}, on by default; each sent to one notifications module). An observer only: it emits no event, so a
 * slow or failing channel can never fail or delay a workflow. Sends are retried with backoff; one
 * that finally fails is logged and counted.
 */
final class NotificationVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(NotificationVerticle.class);
  /** How long to wait for the orchestrator to have folded the terminal event into the record. */
  private static final Duration RECORD_WAIT = Duration.ofSeconds(10);
  /** How long an event taken on is remembered: far longer than any two modules take to observe it. */
  private static final Duration NOTICE_MEMORY = Duration.ofMinutes(10);
  private final String nodeId;

  private final NotificationSettings settings;
  private final AlchemiserMetrics metrics;
  private final List<NotifierFactory> factories;
  private List<Notifier> notifiers;
  private WorkflowClient client;
  private io.alchemiser.shared.bus.EventSubscription consumer;
  private io.vertx.core.eventbus.MessageConsumer<Object> halts;

  interface NotifierFactory {
    Notifier create(io.vertx.core.Vertx vertx);
  }

  NotificationVerticle(NotificationSettings settings, AlchemiserMetrics metrics, List<NotifierFactory> factories, String nodeId) {
    this.nodeId = nodeId + "/" + java.util.UUID.randomUUID().toString().substring(0, 8);
    this.settings = settings;
    this.metrics = metrics;
    this.factories = factories;
  }

  @Override
  public Future<?> start() {
    notifiers = factories.stream().map(f -> f.create(vertx)).toList();
    client = WorkflowClient.create(vertx);
    consumer = EventInbox.observe(vertx, NotificationsPlugin.NAME, metrics, this::onEvent, rejected -> {
    });
    Future<Void> haltsHeard = Future.succeededFuture();
    if (settings.tradingHalts()) {
      halts = vertx.eventBus().consumer(io.alchemiser.shared.bus.Addresses.TRADING_HALT_NOTICES, this::onHalt);
      haltsHeard = halts.completion();
    }
    return Future.all(consumer.completion(), haltsHeard).onSuccess(v -> LOG.info("notifications on {} by {}", settings.events(),
        notifiers.stream().map(Notifier::channel).toList()));
  }

  /**
   * Waits, bounded by {@code notifications.shutdownGraceSeconds}, for the notifications still on their
   * way, so that a {@code run} that ends right after its workflow still tells people about it.
   */
  @Override
  public Future<?> stop() {
    Future<?> unregistered = Future.join(consumer == null ? Future.succeededFuture() : consumer.unregister(),
        halts == null ? Future.succeededFuture() : halts.unregister());
    if (inFlight.isEmpty()) {
      return unregistered;
    }
    Promise<Void> drained = Promise.promise();
    drain(drained);
    long timer = vertx.setTimer(settings.shutdownGrace().toMillis(), t -> {
      LOG.warn("{} notifications still on their way at shutdown were dropped", inFlight.size());
      drained.tryComplete();
    });
    return drained.future().onComplete(r -> vertx.cancelTimer(timer));
  }

  private final Set<Future<?>> inFlight = new HashSet<>();

  /** Until nothing is on its way: each step (the claim, the record, the deliveries) starts the next before it ends. */
  private void drain(Promise<Void> drained) {
    if (inFlight.isEmpty()) {
      drained.tryComplete();
    } else {
      Future.join(new ArrayList<>(inFlight)).onComplete(r -> drain(drained));
    }
  }

  private void track(Future<?> work) {
    inFlight.add(work);
    work.onComplete(r -> inFlight.remove(work));
  }

  private void onEvent(WorkflowEvent event) {
    String type = event.metadata().eventType();
    // Simulated backtest days are nobody's news: a backtest reports its result itself.
    if (!settings.events().contains(type) || event.type() == EventType.STARTUP || event.metadata().simulated()) {
      return;
    }
    String id = event.correlationId();
    // Every notifications module observes every event: the one that takes it on first tells of it.
    Future<String> claim = ClusterMap.NOTICES_TAKEN.<String, String>open(vertx)
        .compose(taken -> taken.putIfAbsent(event.metadata().eventId(), nodeId, NOTICE_MEMORY.toMillis()));
    // Told (the record asked for, and tracked) before the claim counts as done: a stop waits for both.
    claim.onComplete((holder, err) -> {
      if (err != null) {
        io.alchemiser.shared.logging.WorkflowLogContext.withCorrelation(id, () -> LOG.warn(
            "cannot tell whether another notifications module tells of {} of workflow {} ({}); telling of it here", type, id, err.getMessage()));
      } else if (holder != null) {
        io.alchemiser.shared.logging.WorkflowLogContext.withCorrelation(id, () -> LOG.debug("{} of workflow {} is told by {}", type, id, holder));
        return;
      }
      tell(event, type);
    });
    track(claim);
  }

  private void tell(WorkflowEvent event, String type) {
    String id = event.correlationId();
    Future<WorkflowRecord> record = event.type().isTerminal() ? client.awaitCompletion(id, RECORD_WAIT) : client.get(id);
    track(record);
    record.onFailure(err -> {
      io.alchemiser.shared.logging.WorkflowLogContext.withCorrelation(id, () -> LOG.warn("no notification for {} of workflow {}: its record could not be read ({})", type, id, err.getMessage()));
      notifiers.forEach(n -> metrics.notification(n.channel(), "failed"));
    }).onSuccess(r -> notifiers.forEach(notifier -> deliver(notifier, r, type)));
  }

  /** A halt or a resume: checked as any message from the bus, acknowledged, then told on every channel. */
  private void onHalt(io.vertx.core.eventbus.Message<Object> message) {
    io.alchemiser.shared.halt.TradingHalt state;
    try {
      if (!(message.body() instanceof io.vertx.core.json.JsonObject json)) {
        throw new IllegalArgumentException("the body must be a JSON object");
      }
      state = io.alchemiser.shared.halt.TradingHalt.fromJson(json);
    } catch (RuntimeException e) {
      LOG.warn("a trading halt notice refused: {}", e.getMessage());
      message.fail(400, "not a trading halt notice: " + e.getMessage());
      return;
    }
    message.reply("accepted");
    HaltSummary halt = new HaltSummary(state);
    notifiers.forEach(notifier -> deliver(notifier, null, halt.event(), () -> notifier.send(halt)));
  }

  private void deliver(Notifier notifier, WorkflowRecord record, String type) {
    deliver(notifier, record.correlationId(), type + " of workflow " + record.correlationId(), () -> notifier.send(record, type));
  }

  /** One notice on one channel, retried; {@code id}: the workflow's, for the log context (null for a halt). */
  private void deliver(Notifier notifier, String id, String what, java.util.function.Supplier<Future<Void>> send) {
    Future<Void> delivery = settings.retry().run(vertx, send, notifier::retryable,
            (attempt, delay, cause) -> logged(id, () -> LOG.atWarn().addKeyValue("channel", notifier.channel())
                .log("{} notification of {} failed ({}); attempt {} in {} ms", notifier.channel(), what, cause.getMessage(), attempt, delay)))
        .onSuccess(v -> {
          metrics.notification(notifier.channel(), "sent");
          logged(id, () -> LOG.atInfo().addKeyValue("channel", notifier.channel()).log("{} notification sent of {}", notifier.channel(), what));
        })
        .onFailure(err -> {
          metrics.notification(notifier.channel(), "failed");
          logged(id, () -> LOG.atError().addKeyValue("channel", notifier.channel())
              .log("{} notification of {} failed for good: {}", notifier.channel(), what, err.getMessage()));
        });
    track(delivery);
  }

  private static void logged(String id, Runnable log) {
    if (id == null) {
      log.run();
    } else {
      io.alchemiser.shared.logging.WorkflowLogContext.withCorrelation(id, log);
    }
  }
}
