package io.alchemiser.orchestrator.cli.common;

import io.alchemiser.shared.metrics.AlchemiserMetrics;
import io.alchemiser.shared.inbox.EventInbox;
import io.alchemiser.shared.trading.OrderReport;
import io.alchemiser.shared.event.RebalancePlanned;
import io.alchemiser.shared.event.SignalGenerated;
import io.alchemiser.shared.event.TradeExecuted;
import io.alchemiser.shared.event.WorkflowCompleted;
import io.alchemiser.shared.event.WorkflowEvent;
import io.alchemiser.shared.event.WorkflowFailed;
import io.alchemiser.shared.event.WorkflowStarted;
import io.vertx.core.Vertx;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;

/** Prints one stderr line per stage of one workflow as its events go by. */
public final class ProgressPrinter {
  private final PrintStream out;
  private final String correlationId;
  private final Instant start = Instant.now();

  private ProgressPrinter(PrintStream out, String correlationId) {
    this.out = out;
    this.correlationId = correlationId;
  }

  public static io.alchemiser.shared.bus.EventSubscription attach(Vertx vertx, String correlationId, PrintStream out) {
    ProgressPrinter printer = new ProgressPrinter(out, correlationId);
    return EventInbox.observe(vertx, "cli", AlchemiserMetrics.NOOP, printer::print, rejected -> {
    });
  }

  private void print(WorkflowEvent event) {
    if (!correlationId.equals(event.correlationId())) {
      return;
    }
    String line;
    if (event instanceof WorkflowStarted started) {
      line = "workflow started" + (started.dryRun() ? " (dry run: no order will be placed)" : "");
    } else if (event instanceof SignalGenerated signal) {
      line = "signal: " + signal.allocation().size() + " targets from " + signal.strategies().size()
          + " strategies, data as of " + signal.asOf();
    } else if (event instanceof RebalancePlanned planned) {
      line = "plan: " + planned.plan().sells().size() + " sells, " + planned.plan().buys().size() + " buys";
    } else if (event instanceof TradeExecuted trade) {
      OrderReport o = trade.order();
      line = "order " + o.side().wire() + " " + o.requestedQuantity().toPlainString() + " " + o.symbol() + ": "
          + o.status().name().toLowerCase(java.util.Locale.ROOT)
          + (o.fillPrice() != null ? " at " + o.fillPrice().toPlainString() : "")
          + (o.reason() != null ? " (" + o.reason() + ")" : "");
    } else if (event instanceof WorkflowCompleted) {
      line = "completed";
    } else if (event instanceof WorkflowFailed failed) {
      line = "failed [" + failed.errorCode() + "]: " + failed.failureReason();
    } else {
      return;
    }
    long ms = Duration.between(start, Instant.now()).toMillis();
    out.printf("[%6.2fs] %s%n", ms / 1000.0, line);
  }
}
