package io.alchemiser.shared.client;

import io.alchemiser.shared.event.ErrorCodes;
import io.alchemiser.shared.event.EventType;
import io.alchemiser.shared.event.RebalancePlanned;
import io.alchemiser.shared.event.SignalGenerated;
import io.alchemiser.shared.event.TradeExecuted;
import io.alchemiser.shared.event.WorkflowCompleted;
import io.alchemiser.shared.event.WorkflowEvent;
import io.alchemiser.shared.event.WorkflowFailed;
import io.alchemiser.shared.event.WorkflowStarted;
import io.alchemiser.shared.json.Json;
import io.alchemiser.shared.trading.ExecutionSummary;
import io.alchemiser.shared.trading.OrderReport;
import io.alchemiser.shared.trading.RebalancePlan;
import io.alchemiser.shared.trading.StrategySignals;
import io.alchemiser.shared.trading.Validation;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Everything known about one workflow: where it stands, when each stage was reached, and the
 * results collected from its events. Immutable, and plain JSON on the wire, so that a cluster-wide
 * map or a journal can hold it just as well as the orchestrator's memory. {@code backtestId} is set
 * on a backtest's simulated day (from its start event's metadata), null on a live workflow.
 */
public record WorkflowRecord(
    String correlationId,
    WorkflowStatus status,
    String stage,
    boolean dryRun,
    String trigger,
    Instant startedAt,
    Instant finishedAt,
    Map<String, Instant> stageTimes,
    StrategySignals strategySignals,
    RebalancePlan rebalancePlan,
    List<OrderReport> ordersExecuted,
    ExecutionSummary executionSummary,
    String failureReason,
    String errorCode,
    String backtestId) {

  public WorkflowRecord {
    Validation.require(correlationId, "correlationId");
    Validation.require(status, "status");
    Validation.require(startedAt, "startedAt");
    stageTimes = StageTimes.copyOf(stageTimes);
    ordersExecuted = List.copyOf(ordersExecuted == null ? List.of() : ordersExecuted);
  }

  public static WorkflowRecord started(WorkflowStarted event) {
    Instant at = event.metadata().timestamp();
    return new WorkflowRecord(event.correlationId(), WorkflowStatus.ACTIVE, EventType.WORKFLOW_STARTED.wireName(),
        event.dryRun(), event.trigger(), at, null, Map.of(EventType.WORKFLOW_STARTED.wireName(), at),
        null, null, List.of(), null, null, null, event.metadata().backtestId());
  }

  /** A backtest's simulated day, not trading. */
  public boolean simulated() {
    return backtestId != null;
  }

  /** This record with the event's results folded in. Stages only move forward. */
  public WorkflowRecord with(WorkflowEvent event) {
    EventType type = event.type();
    Map<String, Instant> times = StageTimes.plus(stageTimes, type, event.metadata().timestamp());
    String newStage = later(stage, type);
    StrategySignals signals = strategySignals;
    RebalancePlan plan = rebalancePlan;
    List<OrderReport> orders = ordersExecuted;
    ExecutionSummary summary = executionSummary;
    WorkflowStatus newStatus = status;
    Instant finished = finishedAt;
    String reason = failureReason;
    String code = errorCode;
    if (event instanceof SignalGenerated e) {
      signals = e.strategySignals();
    } else if (event instanceof RebalancePlanned e) {
      plan = e.plan();
    } else if (event instanceof TradeExecuted e) {
      // One entry per client order id: a resumed workflow reports an adopted order again.
      List<OrderReport> more = new ArrayList<>(orders);
      more.removeIf(o -> o.clientOrderId().equals(e.order().clientOrderId()));
      more.add(e.order());
      orders = more;
    } else if (event instanceof WorkflowCompleted e) {
      summary = e.summary();
      newStatus = WorkflowStatus.COMPLETED;
      finished = e.metadata().timestamp();
    } else if (event instanceof WorkflowFailed e) {
      newStatus = ErrorCodes.TIMEOUT.equals(e.errorCode()) ? WorkflowStatus.TIMEOUT : WorkflowStatus.FAILED;
      finished = e.metadata().timestamp();
      reason = e.failureReason();
      code = e.errorCode();
    }
    return new WorkflowRecord(correlationId, newStatus, newStage, dryRun, trigger, startedAt, finished, times,
        signals, plan, orders, summary, reason, code, backtestId);
  }

  private static String later(String current, EventType candidate) {
    EventType a = EventType.fromWireName(current).orElse(EventType.WORKFLOW_STARTED);
    return candidate.ordinal() >= a.ordinal() ? candidate.wireName() : current;
  }

  /** When the workflow reached its latest stage (its start, when none is recorded). */
  public Instant lastStageAt() {
    Instant latest = StageTimes.latest(stageTimes);
    return latest == null ? startedAt : latest;
  }

  public Duration duration(Instant now) {
    return Duration.between(startedAt, finishedAt == null ? now : finishedAt);
  }

  /**
   * The result shape of {@code run --json} and {@code GET /api/workflows/{id}}, after the original's
   * {@code wait_for_workflow_completion}: {@code completionStatus} is completed, failed, timeout,
   * or active while it runs. Built with Jackson, so decimals stay exact.
   */
  public ObjectNode toResultJson(Instant now) {
    ObjectNode result = Json.MAPPER.createObjectNode();
    result.put("correlationId", correlationId);
    result.put("success", status == WorkflowStatus.COMPLETED);
    result.put("completionStatus", status.label());
    result.put("durationSeconds", BigDecimal.valueOf(duration(now).toMillis()).movePointLeft(3).setScale(3, RoundingMode.UNNECESSARY));
    ArrayNode orders = result.putArray("ordersExecuted");
    for (OrderReport order : ordersExecuted) {
      ObjectNode o = orders.addObject();
      o.put("symbol", order.symbol());
      o.put("side", order.side().wire());
      o.put("quantity", order.filledQuantity());
      o.put("requestedQuantity", order.requestedQuantity());
      o.put("price", order.fillPrice());
      o.put("status", order.status().name().toLowerCase(Locale.ROOT));
      o.put("clientOrderId", order.clientOrderId());
      o.put("brokerOrderId", order.brokerOrderId());
    }
    result.set("strategySignals", Json.MAPPER.valueToTree(strategySignals));
    result.set("rebalancePlan", Json.MAPPER.valueToTree(rebalancePlan));
    result.set("executionSummary", Json.MAPPER.valueToTree(executionSummary));
    result.put("failureReason", failureReason);
    result.put("errorCode", errorCode);
    return result;
  }

  /** The {@link #toResultJson} shape plus where the workflow stands: status, stage, dry run, trigger, times (the API's and the history's view). */
  public ObjectNode toViewJson(Instant now) {
    ObjectNode json = toResultJson(now);
    json.put("status", status.label());
    json.put("stage", stage);
    json.put("dryRun", dryRun);
    json.put("trigger", trigger);
    json.put("startedAt", startedAt.toString());
    json.put("finishedAt", finishedAt == null ? null : finishedAt.toString());
    json.set("stageTimes", io.alchemiser.shared.json.Json.MAPPER.valueToTree(stageTimes));
    return json;
  }
}
