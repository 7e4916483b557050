package io.alchemiser.orchestrator;

import io.alchemiser.shared.client.WorkflowRecord;
import io.alchemiser.shared.event.TradeExecuted;
import io.alchemiser.shared.event.WorkflowEvent;
import io.alchemiser.shared.metrics.AlchemiserMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/** What an event of a live workflow adds to the metrics: the time its stage took, and an order's side, status and value. */
final class StageMetrics {
  private StageMetrics() {
  }

  static void measure(AlchemiserMetrics metrics, WorkflowRecord before, WorkflowEvent event) {
    String type = event.metadata().eventType();
    if (!before.stageTimes().containsKey(type)) {
      Instant previous = before.lastStageAt();
      Duration took = Duration.between(previous, event.metadata().timestamp());
      metrics.stageDuration(type, took.isNegative() ? Duration.ZERO : took);
    }
    if (event instanceof TradeExecuted trade) {
      metrics.order(trade.order().side().wire(), trade.order().status().name().toLowerCase(Locale.ROOT), trade.order().tradedValue());
    }
  }
}
