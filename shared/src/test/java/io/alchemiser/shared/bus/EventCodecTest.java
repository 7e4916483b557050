package io.alchemiser.shared.bus;

import io.alchemiser.shared.bus.EventCodec;
import io.alchemiser.shared.bus.Headers;
import io.alchemiser.shared.event.EventMetadata;
import io.alchemiser.shared.event.EventRejectedException;
import io.alchemiser.shared.event.EventType;
import io.alchemiser.shared.event.RebalancePlanned;
import io.alchemiser.shared.event.SignalGenerated;
import io.alchemiser.shared.event.StartupEvent;
import io.alchemiser.shared.event.TradeExecuted;
import io.alchemiser.shared.event.WorkflowCompleted;
import io.alchemiser.shared.event.WorkflowEvent;
import io.alchemiser.shared.event.WorkflowFailed;
import io.alchemiser.shared.event.WorkflowStarted;
import io.alchemiser.shared.trading.ExecutionSummary;
import io.alchemiser.shared.trading.OrderReport;
import io.alchemiser.shared.trading.OrderSide;
import io.alchemiser.shared.trading.OrderStatus;
import io.alchemiser.shared.trading.PlannedTrade;
import io.alchemiser.shared.trading.RebalancePlan;
import io.alchemiser.shared.trading.StrategySignal;
import io.alchemiser.shared.trading.TradeAction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

public class EventCodecTest {

  public static List<WorkflowEvent> oneOfEach() {
    String id = "codec-1";
    EventMetadata started = EventMetadata.next(EventType.WORKFLOW_STARTED, id, null, "orchestrator");
    Map<String, BigDecimal> allocation = Map.of("SPY", new BigDecimal("0.333333333333333333"),
        "TLT", new BigDecimal("0.666666666666666667"));
    PlannedTrade trade = new PlannedTrade("SPY", new BigDecimal("429.08"), BigDecimal.ZERO, new BigDecimal("0.00"),
        BigDecimal.ZERO, new BigDecimal("0.5"), new BigDecimal("50000.00"), new BigDecimal("49999.99"),
        new BigDecimal("116.528386"), TradeAction.BUY);
    return List.of(
        new StartupEvent(EventMetadata.next(EventType.STARTUP, "startup-n1", null, "launcher"), "n1", List.of("strategy")),
        new WorkflowStarted(started, true, "cli"),
        new SignalGenerated(EventMetadata.next(EventType.SIGNAL_GENERATED, id, started, "strategy"), allocation,
            List.of(new StrategySignal("s", BigDecimal.ONE, allocation, List.of("because"))), LocalDate.of(2025, 10, 31),
            new BigDecimal("0.05"), true),
        new RebalancePlanned(EventMetadata.next(EventType.REBALANCE_PLANNED, id, started, "portfolio"),
            new RebalancePlan(new BigDecimal("100000.01"), new BigDecimal("100000.01"), BigDecimal.ZERO, new BigDecimal("0.00"),
                new BigDecimal("49999.99"), List.of(trade)), true),
        new TradeExecuted(EventMetadata.next(EventType.TRADE_EXECUTED, id, started, "execution"),
            new OrderReport("SPY", OrderSide.BUY, new BigDecimal("116.528386"), new BigDecimal("116.528386"),
                new BigDecimal("429.08"), OrderStatus.FILLED, "b-1", "codec-1-SPY-b", null)),
        new WorkflowCompleted(EventMetadata.next(EventType.WORKFLOW_COMPLETED, id, started, "execution"),
            new ExecutionSummary(1, 1, 0, 0, new BigDecimal("49999.99"), false)),
        new WorkflowFailed(EventMetadata.next(EventType.WORKFLOW_FAILED, id, started, "orchestrator"), "why", "TIMEOUT", "WorkflowStarted"));
  }

  @Test
  void everyEventRoundTripsExactlyWithItsMetadataInHeaders() throws Exception {
    for (WorkflowEvent event : oneOfEach()) {
      Buffer body = EventCodec.encode(event);
      DeliveryOptions options = EventCodec.deliveryOptions(event);
      MultiMap headers = options.getHeaders();
      assertThat(headers.get(Headers.CORRELATION_ID)).isEqualTo(event.correlationId());
      assertThat(headers.get(Headers.EVENT_ID)).isEqualTo(event.metadata().eventId());
      assertThat(headers.get(Headers.EVENT_TYPE)).isEqualTo(event.type().wireName());
      assertThat(headers.get(Headers.SCHEMA_VERSION)).isEqualTo("1");
      assertThat(headers.get(Headers.CAUSATION_ID)).isEqualTo(event.metadata().causationId());
      WorkflowEvent decoded = EventCodec.decode(headers, body);
      assertThat(decoded).isEqualTo(event);
      assertThat(EventCodec.fromJson(body.toString())).isEqualTo(event);
    }
  }

  @Test
  void timestampsAreIsoUtcAndDecimalsArePlain() {
    WorkflowEvent signal = oneOfEach().get(2);
    JsonObject json = new JsonObject(EventCodec.encode(signal));
    assertThat(json.getJsonObject("metadata").getString("timestamp")).endsWith("Z").contains("T");
    assertThat(EventCodec.encode(signal).toString()).contains("0.333333333333333333").contains("\"asOf\":\"2025-10-31\"");
  }

  @Test
  void rejectsWhatIsNotAValidEventAndSaysWhy() {
    WorkflowEvent event = oneOfEach().get(5);
    Buffer body = EventCodec.encode(event);
    MultiMap good = EventCodec.deliveryOptions(event).getHeaders();

    assertRejected(MultiMap.caseInsensitiveMultiMap().add(Headers.EVENT_TYPE, "WorkflowCompleted"), body,
        EventRejectedException.Reason.MISSING_CORRELATION_ID, "correlation-id");
    assertRejected(copy(good).set(Headers.EVENT_TYPE, "Nope"), body, EventRejectedException.Reason.UNKNOWN_EVENT_TYPE, "Nope");
    assertRejected(copy(good).set(Headers.SCHEMA_VERSION, "7"), body, EventRejectedException.Reason.UNSUPPORTED_SCHEMA_VERSION, "7");
    assertRejected(good, Buffer.buffer("{oops"), EventRejectedException.Reason.MALFORMED_BODY, "not a valid event");
    assertRejected(good, 42, EventRejectedException.Reason.MALFORMED_BODY, "Integer");
    assertRejected(good, null, EventRejectedException.Reason.MALFORMED_BODY, "empty");
    assertRejected(copy(good).set(Headers.CORRELATION_ID, "other"), body, EventRejectedException.Reason.MALFORMED_BODY, "other");
    assertRejected(copy(good).set(Headers.EVENT_TYPE, "WorkflowFailed"), body, EventRejectedException.Reason.MALFORMED_BODY, "");

    JsonObject noSummary = new JsonObject(body);
    noSummary.remove("summary");
    assertRejected(good, noSummary.toBuffer(), EventRejectedException.Reason.MALFORMED_BODY, "summary");
    JsonObject negative = new JsonObject(body);
    negative.getJsonObject("summary").put("tradedValue", -1);
    assertRejected(good, negative.toBuffer(), EventRejectedException.Reason.MALFORMED_BODY, "must not be negative");
  }

  @Test
  void aSignalWhoseWeightsDoNotSumToOneIsRejected() {
    WorkflowEvent signal = oneOfEach().get(2);
    JsonObject json = new JsonObject(EventCodec.encode(signal));
    json.getJsonObject("allocation").put("SPY", 0.9);
    assertRejected(EventCodec.deliveryOptions(signal).getHeaders(), json.toBuffer(), EventRejectedException.Reason.MALFORMED_BODY, "not 1");
  }

  private static MultiMap copy(MultiMap headers) {
    return MultiMap.caseInsensitiveMultiMap().addAll(headers);
  }

  private static void assertRejected(MultiMap headers, Object body, EventRejectedException.Reason reason, String mention) {
    assertThatThrownBy(() -> EventCodec.decode(headers, body))
        .isInstanceOfSatisfying(EventRejectedException.class, e -> {
          assertThat(e.reason()).isEqualTo(reason);
          assertThat(e.getMessage()).contains(mention);
        });
  }

  @Test
  void aSimulationsEventsSayItThemselvesAndACausedEventInheritsIt() {
    EventMetadata start = EventMetadata.next(EventType.WORKFLOW_STARTED, "backtest-b1-2024-01-02", null, "orchestrator", "b1");
    EventMetadata failed = EventMetadata.next(EventType.WORKFLOW_FAILED, "backtest-b1-2024-01-02", start, "execution");
    assertThat(failed.simulated()).isTrue();
    assertThat(failed.backtestId()).isEqualTo("b1");
    assertThat(EventMetadata.next(EventType.WORKFLOW_STARTED, "wf-live", null, "orchestrator").simulated()).isFalse();
  }

  @Test
  void aLiveEventsJsonIsWhatItWasBeforeSimulationsWereMarked() throws Exception {
    WorkflowEvent live = oneOfEach().get(0);
    String json = EventCodec.encode(live).toString();
    assertThat(json).doesNotContain("backtestId");
    assertThat(EventCodec.fromJson(json)).isEqualTo(live);
    // A metadata field other than backtestId left out is still refused, naming it.
    String lost = json.replaceFirst("\"sourceModule\":\"[^\"]*\",?", "");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> EventCodec.fromJson(lost))
        .isInstanceOfSatisfying(io.alchemiser.shared.event.EventRejectedException.class,
            e -> assertThat(e.getMessage()).contains("sourceModule"));
  }

  /** A plan is read field by field (no map converted again): as strict as before, decimals exact, unknown fields ignored. */
  @Test
  void aPlanIsReadStrictlyAndExactly() throws Exception {
    RebalancePlanned planned = (RebalancePlanned) oneOfEach().get(3);
    RebalancePlanned holding = new RebalancePlanned(planned.metadata(), new RebalancePlan(planned.plan().equity(), planned.plan().cash(),
        planned.plan().cashReserve(), planned.plan().totalSellValue(), planned.plan().totalBuyValue(), planned.plan().trades(),
        "no strategy's rebalance period began"), true);
    assertThat(EventCodec.decode(EventCodec.deliveryOptions(holding).getHeaders(), EventCodec.encode(holding))).isEqualTo(holding);

    // Edited as text: a Vert.x JsonObject would turn the decimals into doubles (0.00 into 0.0).
    String json = EventCodec.encode(planned).toString();
    assertThat(json).contains("\"plan\":{");
    Buffer body = Buffer.buffer(json.replace("\"plan\":{", "\"plan\":{\"addedByANewerNode\":{\"x\":[1,{\"y\":null}]},"));
    RebalancePlanned read = (RebalancePlanned) EventCodec.decode(EventCodec.deliveryOptions(planned).getHeaders(), body);
    assertThat(read).isEqualTo(planned);
    assertThat(read.plan().totalSellValue().scale()).isEqualTo(2);
    assertThat(read.plan().trades().get(0).currentValue().toPlainString()).isEqualTo("0.00");

    assertRefused(planned, plan -> plan.remove("cash"), "plan.cash is missing");
    assertRefused(planned, plan -> plan.remove("trades"), "plan.trades is missing");
    assertRefused(planned, plan -> plan.put("holdReason", 5), "plan.holdReason must be a string");
    assertRefused(planned, plan -> plan.putNull("equity"), "plan.equity");
    assertRefused(planned, plan -> plan.put("cashReserve", "-1"), "plan.cashReserve");
    assertRefused(planned, plan -> plan.put("equity", "lots"), "equity");
    assertRefused(planned, plan -> plan.getJsonArray("trades").getJsonObject(0).put("price", -1), "price");
    assertRefused(planned, plan -> plan.put("trades", "none"), "trades");
  }

  private static void assertRefused(RebalancePlanned planned, java.util.function.Consumer<JsonObject> spoil, String named) {
    JsonObject body = new JsonObject(EventCodec.encode(planned));
    spoil.accept(body.getJsonObject("plan"));
    assertThatThrownBy(() -> EventCodec.decode(EventCodec.deliveryOptions(planned).getHeaders(), body.toBuffer()))
        .isInstanceOf(EventRejectedException.class).hasMessageContaining(named);
  }

  /** Metadata and strategy signals are read field by field too (no untyped map converted again): as strict as before. */
  @Test
  void metadataAndStrategySignalsAreReadStrictlyAndExactly() throws Exception {
    SignalGenerated signal = (SignalGenerated) oneOfEach().get(2);
    MultiMap headers = EventCodec.deliveryOptions(signal).getHeaders();
    String json = EventCodec.encode(signal).toString();
    assertThat(json).contains("\"weight\":1,");
    // Unknown fields are ignored; a weight written as a string keeps its exact digits.
    SignalGenerated read = (SignalGenerated) EventCodec.decode(headers, Buffer.buffer(json
        .replace("\"metadata\":{", "\"metadata\":{\"addedLater\":[{\"x\":1}],")
        .replace("\"weight\":1,", "\"addedLater\":{\"y\":[]},\"weight\":\"1.000\",")));
    assertThat(read.metadata()).isEqualTo(signal.metadata());
    assertThat(read.strategies().get(0).weight().toPlainString()).isEqualTo("1.000");
    assertThat(read.strategies().get(0).allocation()).isEqualTo(signal.strategies().get(0).allocation());
    assertThat(read.strategies().get(0).holding()).isNull();

    assertBodyRefused(signal, json.replace("\"causationId\":", "\"cause\":"), "metadata.causationId is missing");
    assertBodyRefused(signal, json.replaceFirst("\"sourceModule\":\"strategy\"", "\"sourceModule\":7"),
        "metadata.sourceModule must be a string, was 7");
    assertBodyRefused(signal, json.replace("\"schemaVersion\":1", "\"schemaVersion\":1.5"), "metadata.schemaVersion must be a whole number");
    assertBodyRefused(signal, json.replace("\"schemaVersion\":1", "\"schemaVersion\":\"1\""), "metadata.schemaVersion must be a whole number");
    assertBodyRefused(signal, json.replaceFirst("\"timestamp\":\"[^\"]*\"", "\"timestamp\":\"yesterday\""),
        "metadata.timestamp is not an ISO-8601 instant: yesterday");
    assertBodyRefused(signal, json.replaceFirst("\"eventId\":\"[^\"]*\"", "\"eventId\":null"), "metadata.eventId");
    assertBodyRefused(signal, json.replace("\"trace\":[\"because\"]", "\"trace\":\"because\""), "strategies[].trace must be an array");
    assertBodyRefused(signal, json.replace("\"trace\":[\"because\"]", "\"trace\":[{\"a\":1}]"), "strategies[].trace must hold lines of text");
    assertBodyRefused(signal, json.replace(",\"trace\":[\"because\"]", ""), "strategies[].trace is missing");
    assertBodyRefused(signal, json.replace("\"weight\":1,", "\"weight\":\"one\","), "strategies[].weight must be a number, was one");
    assertBodyRefused(signal, json.replace("\"weight\":1,", "\"weight\":-1,"), "must not be negative");
    assertBodyRefused(signal, json.replace("\"name\":\"s\"", "\"name\":[]"), "strategies[].name must be a string, was an array");
    int strategies = json.indexOf("\"strategies\"");
    assertBodyRefused(signal, json.substring(0, strategies) + json.substring(strategies).replaceFirst("\"allocation\":\\{", "\"allocation\":{\"QQQ\":true,"),
        "strategies[].allocation.QQQ must be a number, was true");
    assertBodyRefused(signal, json.substring(0, strategies) + json.substring(strategies).replaceFirst("\"allocation\":\\{[^}]*}", "\"allocation\":[]"),
        "strategies[].allocation must be an object");
    String holding = json.replace("\"trace\":[\"because\"]", "\"trace\":[\"because\"],\"holding\":\"s until 2025-11-30\"");
    assertThat(((SignalGenerated) EventCodec.decode(headers, Buffer.buffer(holding))).strategies().get(0).holding())
        .isEqualTo("s until 2025-11-30");
  }

  private static void assertBodyRefused(WorkflowEvent event, String json, String named) {
    assertThatThrownBy(() -> EventCodec.decode(EventCodec.deliveryOptions(event).getHeaders(), Buffer.buffer(json)))
        .isInstanceOfSatisfying(EventRejectedException.class, e -> {
          assertThat(e.reason()).isEqualTo(EventRejectedException.Reason.MALFORMED_BODY);
          assertThat(e.getMessage()).contains(named);
        });
  }
}
