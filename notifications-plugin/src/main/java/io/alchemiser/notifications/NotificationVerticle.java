package io.alchemiser.notifications;

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
 * workflow's whole record as the orchestrator holds it. An observer only: it emits no event, so a
 * slow or failing channel can never fail or delay a workflow. Sends are retried with backoff; one
 * that finally fails is logged and counted.
 */
final class NotificationVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(NotificationVerticle.class);
  /** How long to wait for the orchestrator to have folded the terminal event into the record. */
  private static final Duration RECORD_WAIT = Duration.ofSeconds(10);

  private final NotificationSettings settings;
  private final AlchemiserMetrics metrics;
  private final List<NotifierFactory> factories;
  private List<Notifier> notifiers;
  private WorkflowClient client;
  private io.alchemiser.shared.bus.EventSubscription consumer;

  interface NotifierFactory {
    Notifier create(io.vertx.core.Vertx vertx);
  }

  NotificationVerticle(NotificationSettings settings, AlchemiserMetrics metrics, List<NotifierFactory> factories) {
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
    return consumer.completion().onSuccess(v -> LOG.info("notifications on {} by {}", settings.events(),
        notifiers.stream().map(Notifier::channel).toList()));
  }

  /**
   * Waits, bounded by {@code notifications.shutdownGraceSeconds}, for the notifications still on their
   * way, so that a {@code run} that ends right after its workflow still tells people about it.
   */
  @Override
  public Future<?> stop() {
    Future<?> unregistered = consumer == null ? Future.succeededFuture() : consumer.unregister();
    if (inFlight.isEmpty()) {
      return unregistered;
    }
    Promise<Void> drained = Promise.promise();
    Future.join(new ArrayList<>(inFlight)).onComplete(r -> drained.tryComplete());
    long timer = vertx.setTimer(settings.shutdownGrace().toMillis(), t -> {
      LOG.warn("{} notifications still on their way at shutdown were dropped", inFlight.size());
      drained.tryComplete();
    });
    return drained.future().onComplete(r -> vertx.cancelTimer(timer));
  }

  private final Set<Future<?>> inFlight = new HashSet<>();

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
    Future<WorkflowRecord> record = event.type().isTerminal() ? client.awaitCompletion(id, RECORD_WAIT) : client.get(id);
    track(record);
    record.onFailure(err -> {
      io.alchemiser.shared.logging.WorkflowLogContext.withCorrelation(id, () -> LOG.warn("no notification for {} of workflow {}: its record could not be read ({})", type, id, err.getMessage()));
      notifiers.forEach(n -> metrics.notification(n.channel(), "failed"));
    }).onSuccess(r -> notifiers.forEach(notifier -> deliver(notifier, r, type)));
  }

  private void deliver(Notifier notifier, WorkflowRecord record, String type) {
    String id = record.correlationId();
    Future<Void> delivery = settings.retry().run(vertx, () -> notifier.send(record, type), notifier::retryable,
            (attempt, delay, cause) -> io.alchemiser.shared.logging.WorkflowLogContext.withCorrelation(id, () -> LOG.atWarn().addKeyValue("channel", notifier.channel())
                .log("{} notification for workflow {} failed ({}); attempt {} in {} ms", notifier.channel(), id, cause.getMessage(), attempt, delay)))
        .onSuccess(v -> {
          metrics.notification(notifier.channel(), "sent");
          io.alchemiser.shared.logging.WorkflowLogContext.withCorrelation(id, () -> LOG.atInfo().addKeyValue("channel", notifier.channel())
              .log("{} notification sent for {} of workflow {}", notifier.channel(), type, id));
        })
        .onFailure(err -> {
          metrics.notification(notifier.channel(), "failed");
          io.alchemiser.shared.logging.WorkflowLogContext.withCorrelation(id, () -> LOG.atError().addKeyValue("channel", notifier.channel())
              .log("{} notification for {} of workflow {} failed for good: {}", notifier.channel(), type, id, err.getMessage()));
        });
    track(delivery);
  }
}
