package io.alchemiser.notifications;

import io.alchemiser.shared.trading.OrderReport;
import io.alchemiser.shared.trading.PlannedTrade;
import io.alchemiser.shared.trading.StrategySignal;
import io.alchemiser.shared.trading.TradeAction;
import io.alchemiser.shared.client.WorkflowRecord;
import io.alchemiser.shared.client.WorkflowStatus;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/** The words of a notification: subject, plain text, HTML and a one-line chat text for one workflow. */
final class WorkflowSummary {
  private final WorkflowRecord record;
  private final String eventType;

  WorkflowSummary(WorkflowRecord record, String eventType) {
    this.record = record;
    this.eventType = eventType;
  }

  String status() {
    return record.status() == WorkflowStatus.ACTIVE ? eventType : record.status().label();
  }

  String subject() {
    return "[Alchemiser] " + (record.status() == WorkflowStatus.COMPLETED ? "Completed" : record.status().isFinished()
        ? "FAILED (" + record.status().label() + ")" : eventType) + ": workflow " + record.correlationId();
  }

  String duration() {
    return BigDecimal.valueOf(record.duration(Instant.now()).toMillis()).movePointLeft(3).setScale(1, RoundingMode.HALF_UP) + " s";
  }

  /** One line for chat (Slack's "text"). */
  String chatText() {
    StringBuilder text = new StringBuilder(subject()).append(" in ").append(duration());
    if (record.executionSummary() != null) {
      var s = record.executionSummary();
      text.append(String.format(Locale.ROOT, " — %d orders, %d filled, %d rejected, traded %s", s.ordersPlaced(), s.ordersFilled(),
          s.ordersRejected(), s.tradedValue().toPlainString()));
    }
    if (record.failureReason() != null) {
      text.append(" — ").append(record.errorCode()).append(": ").append(record.failureReason());
    }
    return text.toString();
  }

  String text() {
    StringBuilder out = new StringBuilder();
    out.append("Workflow ").append(record.correlationId()).append(": ").append(status()).append('\n');
    out.append("Started ").append(record.startedAt()).append(" by ").append(record.trigger()).append(", took ").append(duration())
        .append(record.dryRun() ? " (dry run: no orders)" : "").append('\n');
    if (record.failureReason() != null) {
      out.append("\nFailure [").append(record.errorCode()).append("]: ").append(record.failureReason()).append('\n');
    }
    if (record.strategySignals() != null) {
      out.append("\nTarget allocation as of ").append(record.strategySignals().asOf()).append(":\n");
      appendWeights(out, record.strategySignals().allocation(), "  ");
      for (StrategySignal strategy : record.strategySignals().strategies()) {
        out.append("  ").append(strategy.name()).append(" (weight ").append(strategy.weight().toPlainString()).append("):\n");
        appendWeights(out, strategy.allocation(), "    ");
      }
    }
    if (record.rebalancePlan() != null) {
      out.append("\nPlan (equity ").append(record.rebalancePlan().equity().toPlainString()).append(", cash ")
          .append(record.rebalancePlan().cash().toPlainString()).append("):\n");
      for (PlannedTrade trade : record.rebalancePlan().trades()) {
        if (trade.action() != TradeAction.HOLD) {
          out.append(String.format(Locale.ROOT, "  %-4s %-6s %s shares (~%s)%n", trade.action(), trade.symbol(),
              trade.quantity().toPlainString(), trade.tradeValue().abs().toPlainString()));
        }
      }
    }
    if (!record.ordersExecuted().isEmpty()) {
      out.append("\nOrders:\n");
      for (OrderReport order : record.ordersExecuted()) {
        out.append(String.format(Locale.ROOT, "  %-4s %-6s %s of %s at %s: %s%s%n", order.side(), order.symbol(),
            order.filledQuantity().toPlainString(), order.requestedQuantity().toPlainString(),
            order.fillPrice() == null ? "-" : order.fillPrice().toPlainString(), order.status().name().toLowerCase(Locale.ROOT),
            order.reason() == null ? "" : " (" + order.reason() + ")"));
      }
    }
    if (record.executionSummary() != null) {
      var s = record.executionSummary();
      out.append(String.format(Locale.ROOT, "%nSummary: %d placed, %d filled, %d partially filled, %d rejected; traded value %s%n",
          s.ordersPlaced(), s.ordersFilled(), s.ordersPartiallyFilled(), s.ordersRejected(), s.tradedValue().toPlainString()));
    }
    return out.toString();
  }

  String html() {
    StringBuilder out = new StringBuilder("<!DOCTYPE html><html><body style=\"font-family:sans-serif\">");
    out.append("<h2>Workflow ").append(esc(record.correlationId())).append(": ").append(esc(status())).append("</h2>");
    out.append("<p>Started ").append(esc(String.valueOf(record.startedAt()))).append(" by ").append(esc(record.trigger()))
        .append(", took ").append(esc(duration())).append(record.dryRun() ? " (dry run: no orders)" : "").append("</p>");
    if (record.failureReason() != null) {
      out.append("<p><strong>Failure [").append(esc(record.errorCode())).append("]:</strong> ").append(esc(record.failureReason())).append("</p>");
    }
    if (record.strategySignals() != null) {
      out.append("<h3>Target allocation as of ").append(esc(record.strategySignals().asOf().toString())).append("</h3>");
      out.append(weightsTable("Total", record.strategySignals().allocation()));
      for (StrategySignal strategy : record.strategySignals().strategies()) {
        out.append(weightsTable(strategy.name() + " (weight " + strategy.weight().toPlainString() + ")", strategy.allocation()));
      }
    }
    if (record.rebalancePlan() != null) {
      out.append("<h3>Plan</h3><table border=\"1\" cellpadding=\"4\"><tr><th>Action</th><th>Symbol</th><th>Quantity</th><th>Value</th></tr>");
      for (PlannedTrade trade : record.rebalancePlan().trades()) {
        if (trade.action() != TradeAction.HOLD) {
          out.append("<tr><td>").append(trade.action()).append("</td><td>").append(esc(trade.symbol())).append("</td><td>")
              .append(trade.quantity().toPlainString()).append("</td><td>").append(trade.tradeValue().abs().toPlainString()).append("</td></tr>");
        }
      }
      out.append("</table>");
    }
    if (!record.ordersExecuted().isEmpty()) {
      out.append("<h3>Orders</h3><table border=\"1\" cellpadding=\"4\"><tr><th>Side</th><th>Symbol</th><th>Filled</th>"
          + "<th>Requested</th><th>Fill price</th><th>Status</th><th>Client order id</th></tr>");
      for (OrderReport order : record.ordersExecuted()) {
        out.append("<tr><td>").append(order.side()).append("</td><td>").append(esc(order.symbol())).append("</td><td>")
            .append(order.filledQuantity().toPlainString()).append("</td><td>").append(order.requestedQuantity().toPlainString())
            .append("</td><td>").append(order.fillPrice() == null ? "-" : order.fillPrice().toPlainString()).append("</td><td>")
            .append(esc(order.status().name().toLowerCase(Locale.ROOT) + (order.reason() == null ? "" : ": " + order.reason())))
            .append("</td><td>").append(esc(order.clientOrderId())).append("</td></tr>");
      }
      out.append("</table>");
    }
    if (record.executionSummary() != null) {
      var s = record.executionSummary();
      out.append(String.format(Locale.ROOT, "<p>%d placed, %d filled, %d partially filled, %d rejected; traded value <strong>%s</strong></p>",
          s.ordersPlaced(), s.ordersFilled(), s.ordersPartiallyFilled(), s.ordersRejected(), s.tradedValue().toPlainString()));
    }
    return out.append("</body></html>").toString();
  }

  private static void appendWeights(StringBuilder out, Map<String, BigDecimal> weights, String indent) {
    weights.forEach((symbol, weight) -> out.append(indent).append(String.format(Locale.ROOT, "%-6s %s%n", symbol, percent(weight))));
  }

  private static String weightsTable(String title, Map<String, BigDecimal> weights) {
    StringBuilder out = new StringBuilder("<p><em>").append(esc(title)).append("</em></p><table border=\"1\" cellpadding=\"4\">");
    weights.forEach((symbol, weight) -> out.append("<tr><td>").append(esc(symbol)).append("</td><td>").append(percent(weight)).append("</td></tr>"));
    return out.append("</table>").toString();
  }

  private static String percent(BigDecimal weight) {
    return weight.movePointRight(2).setScale(2, RoundingMode.HALF_EVEN).toPlainString() + "%";
  }

  /** HTML-escapes text that came from strategies, brokers or config. */
  static String esc(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
