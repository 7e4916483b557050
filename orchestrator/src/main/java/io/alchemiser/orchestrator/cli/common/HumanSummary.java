package io.alchemiser.orchestrator.cli.common;

import io.alchemiser.shared.trading.OrderReport;
import io.alchemiser.shared.trading.PlannedTrade;
import io.alchemiser.shared.trading.TradeAction;
import io.alchemiser.shared.client.WorkflowRecord;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.Map;

/** The plain-text result of {@code run} for a person at a terminal. */
public final class HumanSummary {
  private HumanSummary() {
  }

  public static String of(WorkflowRecord record, ObjectNode result) {
    StringBuilder out = new StringBuilder();
    out.append("Workflow ").append(record.correlationId()).append(' ').append(result.get("completionStatus").asText())
        .append(" in ").append(result.get("durationSeconds").asText()).append("s")
        .append(record.dryRun() ? " (dry run)" : "").append('\n');
    if (record.strategySignals() != null) {
      out.append("Target allocation as of ").append(record.strategySignals().asOf()).append(":");
      for (Map.Entry<String, BigDecimal> e : record.strategySignals().allocation().entrySet()) {
        out.append(' ').append(e.getKey()).append(' ').append(percent(e.getValue()));
      }
      out.append('\n');
    }
    if (record.rebalancePlan() != null) {
      var plan = record.rebalancePlan();
      out.append(String.format(Locale.ROOT, "Plan: equity %s, cash %s%n", plan.equity().toPlainString(), plan.cash().toPlainString()));
      for (PlannedTrade trade : plan.trades()) {
        if (trade.action() != TradeAction.HOLD) {
          out.append(String.format(Locale.ROOT, "  %-4s %-6s %14s shares  ~%s%n", trade.action(), trade.symbol(),
              trade.quantity().toPlainString(), trade.tradeValue().abs().toPlainString()));
        }
      }
    }
    if (!record.ordersExecuted().isEmpty()) {
      out.append("Orders:\n");
      for (OrderReport o : record.ordersExecuted()) {
        out.append(String.format(Locale.ROOT, "  %-4s %-6s %14s @ %-10s %-8s %s%n", o.side(), o.symbol(),
            o.filledQuantity().toPlainString(), o.fillPrice() == null ? "-" : o.fillPrice().toPlainString(),
            o.status().name().toLowerCase(Locale.ROOT), o.reason() == null ? o.clientOrderId() : o.reason()));
      }
    }
    if (record.executionSummary() != null) {
      var s = record.executionSummary();
      out.append(String.format(Locale.ROOT, "Summary: %d placed, %d filled, %d partially filled, %d rejected, traded %s%n",
          s.ordersPlaced(), s.ordersFilled(), s.ordersPartiallyFilled(), s.ordersRejected(), s.tradedValue().toPlainString()));
    }
    if (record.failureReason() != null) {
      out.append("Failure [").append(record.errorCode()).append("]: ").append(record.failureReason()).append('\n');
    }
    return out.toString();
  }

  private static String percent(BigDecimal weight) {
    return weight.movePointRight(2).setScale(2, RoundingMode.HALF_EVEN).toPlainString() + "%";
  }
}
