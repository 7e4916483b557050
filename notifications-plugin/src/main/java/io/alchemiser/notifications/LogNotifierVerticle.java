package io.alchemiser.notifications;

import io.alchemiser.shared.metrics.AlchemiserMetrics;
import io.alchemiser.shared.inbox.EventInbox;
import io.alchemiser.shared.event.WorkflowCompleted;
import io.alchemiser.shared.event.WorkflowEvent;
import io.alchemiser.shared.event.WorkflowFailed;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One structured log line per finished workflow (with its correlation id in the log context). */
final class LogNotifierVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger("io.alchemiser.notifications.summary");
  private final AlchemiserMetrics metrics;
  private io.alchemiser.shared.bus.EventSubscription consumer;

  LogNotifierVerticle(AlchemiserMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public Future<?> start() {
    consumer = EventInbox.observe(vertx, NotificationsPlugin.NAME, metrics, this::notify, rejected -> {
    });
    return consumer.completion();
  }

  @Override
  public Future<?> stop() {
    return consumer == null ? Future.succeededFuture() : consumer.unregister();
  }

  private void notify(WorkflowEvent event) {
    if (event.metadata().simulated()) {
      // A backtest's days are summed up by the backtest; thousands of lines would bury the live ones.
      return;
    }
    if (event instanceof WorkflowCompleted completed) {
      var s = completed.summary();
      LOG.atInfo().addKeyValue("status", "completed").addKeyValue("ordersPlaced", s.ordersPlaced())
          .addKeyValue("ordersFilled", s.ordersFilled()).addKeyValue("ordersPartiallyFilled", s.ordersPartiallyFilled())
          .addKeyValue("ordersRejected", s.ordersRejected()).addKeyValue("tradedValue", s.tradedValue()).addKeyValue("dryRun", s.dryRun())
          .log("workflow {} completed: {} orders placed, {} filled, {} partially filled, {} rejected, traded {}{}",
              event.correlationId(), s.ordersPlaced(), s.ordersFilled(), s.ordersPartiallyFilled(), s.ordersRejected(),
              s.tradedValue().toPlainString(), s.dryRun() ? " (dry run)" : "");
    } else if (event instanceof WorkflowFailed failed) {
      LOG.atWarn().addKeyValue("status", "failed").addKeyValue("errorCode", failed.errorCode()).addKeyValue("stage", failed.stage())
          .log("workflow {} failed [{}] at {}: {}", event.correlationId(), failed.errorCode(), failed.stage(), failed.failureReason());
    }
  }
}
