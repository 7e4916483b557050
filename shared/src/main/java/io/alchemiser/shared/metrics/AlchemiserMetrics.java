package io.alchemiser.shared.metrics;

import io.alchemiser.shared.event.EventRejectedException;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The metrics every module reports. Labels are bounded sets (module, event type, reason, status),
 * never a correlation id. {@link #NOOP} for code under test that does not look at metrics.
 */
public interface AlchemiserMetrics {

  void messageRejected(String module, EventRejectedException.Reason reason);

  void eventObserved(String eventType);

  void workflowStarted();

  void workflowFinished(String status, String errorCode, Duration duration);

  void activeWorkflows(Supplier<Number> gauge);

  /** Workflows in flight on one partition of this node's orchestrator: how evenly the ids spread over its event loops. */
  void partitionWorkflows(int partition, Supplier<Number> gauge);

  /** 1 while this node's orchestrator decides the cluster's workflow starts (holds the start lease), else 0. */
  void decidesStarts(Supplier<Number> gauge);

  /** Time from the previous stage of a workflow to this one (stage: the event type that marks it). */
  void stageDuration(String stage, Duration duration);

  /** An order as reported: by side and status, and the value it traded. */
  void order(String side, String status, java.math.BigDecimal tradedValue);

  void webSocketClients(Supplier<Number> gauge);

  /** A WebSocket client closed because it could not keep up. */
  void webSocketOverflow();

  /** A module tries a failed piece of work again. */
  void retry(String module);

  /** How a notification ended: channel (email, webhook) and outcome (sent, failed). */
  void notification(String channel, String outcome);

  /** A workflow found its account held by another and waited: how long, and whether it got the lease (acquired, timeout). */
  void accountLeaseWait(String outcome, Duration waited);

  AlchemiserMetrics NOOP = new AlchemiserMetrics() {
    @Override
    public void retry(String module) {
    }

    @Override
    public void accountLeaseWait(String outcome, Duration waited) {
    }

    @Override
    public void stageDuration(String stage, Duration duration) {
    }

    @Override
    public void order(String side, String status, java.math.BigDecimal tradedValue) {
    }

    @Override
    public void webSocketClients(Supplier<Number> gauge) {
    }

    @Override
    public void webSocketOverflow() {
    }

    @Override
    public void notification(String channel, String outcome) {
    }

    @Override
    public void messageRejected(String module, EventRejectedException.Reason reason) {
    }

    @Override
    public void eventObserved(String eventType) {
    }

    @Override
    public void workflowStarted() {
    }

    @Override
    public void workflowFinished(String status, String errorCode, Duration duration) {
    }

    @Override
    public void activeWorkflows(Supplier<Number> gauge) {
    }

    @Override
    public void partitionWorkflows(int partition, Supplier<Number> gauge) {
    }

    @Override
    public void decidesStarts(Supplier<Number> gauge) {
    }
  };

  static AlchemiserMetrics micrometer(MeterRegistry registry) {
    return new Micrometer(registry);
  }

  /**
   * Prometheus-style names: base units, counters end in _total once exported. The meters counted
   * on every event or workflow are built once per tag set and kept: a builder's registration
   * looks the meter up in the registry each time, a cost profiled on the orchestrator's hot path.
   */
  final class Micrometer implements AlchemiserMetrics {
    private final MeterRegistry registry;
    private final java.util.Map<String, Counter> events = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.Map<String, Timer> stages = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.Map<String, Timer> durations = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.Map<String, java.util.Map<String, Counter>> finished = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.Map<String, java.util.Map<String, Counter>> orders = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.Map<String, Counter> traded = new java.util.concurrent.ConcurrentHashMap<>();
    private final Counter started;
    /** Made once: a lambda written at the call would be a new object on every event. */
    private final java.util.function.Function<String, Counter> newEventCounter;
    private final java.util.function.Function<String, Timer> newStageTimer;

    private Micrometer(MeterRegistry registry) {
      this.registry = registry;
      this.started = Counter.builder("alchemiser.workflows.started").register(registry);
      this.newEventCounter = type -> Counter.builder("alchemiser.events").description("Events seen by the orchestrator, by type")
          .tag("type", type).register(registry);
      this.newStageTimer = stage -> Timer.builder("alchemiser.workflow.stage.duration").description("Time from the previous stage to this one")
          .tag("stage", stage).publishPercentileHistogram().register(registry);
    }

    /**
     * The meter kept under {@code key}, made on first use. Keyed by the tag values themselves (no
     * key string built per call), looked up before anything is allocated.
     */
    private static <M> M kept(java.util.Map<String, M> meters, String key, java.util.function.Function<String, M> made) {
      M meter = meters.get(key);
      return meter != null ? meter : meters.computeIfAbsent(key, made);
    }

    private static java.util.Map<String, Counter> nested(java.util.Map<String, java.util.Map<String, Counter>> meters, String key) {
      return kept(meters, key, k -> new java.util.concurrent.ConcurrentHashMap<>());
    }

    @Override
    public void messageRejected(String module, EventRejectedException.Reason reason) {
      Counter.builder("alchemiser.messages.rejected")
          .description("Messages a module could not accept as events")
          .tag("module", module).tag("reason", reason.label())
          .register(registry).increment();
    }

    @Override
    public void eventObserved(String eventType) {
      kept(events, eventType, newEventCounter).increment();
    }

    @Override
    public void workflowStarted() {
      started.increment();
    }

    @Override
    public void workflowFinished(String status, String errorCode, Duration duration) {
      String reason = errorCode == null ? "none" : errorCode;
      kept(nested(finished, status), reason, r -> Counter.builder("alchemiser.workflows.finished")
          .tag("status", status).tag("reason", r).register(registry)).increment();
      kept(durations, status, st -> Timer.builder("alchemiser.workflow.duration").tag("status", st)
          .publishPercentileHistogram().register(registry)).record(duration);
    }

    @Override
    public void retry(String module) {
      Counter.builder("alchemiser.retries").description("Work tried again after a retryable failure")
          .tag("module", module).register(registry).increment();
    }

    @Override
    public void stageDuration(String stage, Duration duration) {
      kept(stages, stage, newStageTimer).record(duration);
    }

    @Override
    public void order(String side, String status, java.math.BigDecimal tradedValue) {
      kept(nested(orders, side), status, st -> Counter.builder("alchemiser.orders").description("Orders reported by the broker")
          .tag("side", side).tag("status", st).register(registry)).increment();
      kept(traded, side, sd -> Counter.builder("alchemiser.traded.value").description("Value traded, in account currency")
          .baseUnit("dollars").tag("side", sd).register(registry)).increment(tradedValue.doubleValue());
    }

    @Override
    public void webSocketClients(Supplier<Number> gauge) {
      io.micrometer.core.instrument.Gauge.builder("alchemiser.websocket.clients", gauge)
          .description("Clients connected to /ws/events").register(registry);
    }

    @Override
    public void webSocketOverflow() {
      Counter.builder("alchemiser.websocket.overflows").description("WebSocket clients closed for falling behind")
          .register(registry).increment();
    }

    @Override
    public void notification(String channel, String outcome) {
      Counter.builder("alchemiser.notifications").description("Notifications by channel and outcome")
          .tag("channel", channel).tag("outcome", outcome).register(registry).increment();
    }

    @Override
    public void accountLeaseWait(String outcome, Duration waited) {
      Timer.builder("alchemiser.account.lease.wait").description("Waits of workflows for an account another workflow held")
          .tag("outcome", outcome).register(registry).record(waited);
    }

    @Override
    public void activeWorkflows(Supplier<Number> gauge) {
      io.micrometer.core.instrument.Gauge.builder("alchemiser.workflows.active", gauge)
          .description("Workflows in flight on this orchestrator").register(registry);
    }

    @Override
    public void partitionWorkflows(int partition, Supplier<Number> gauge) {
      io.micrometer.core.instrument.Gauge.builder("alchemiser.orchestrator.partition.workflows", gauge)
          .description("Workflows in flight on one partition (event loop) of this orchestrator")
          .tag("partition", Integer.toString(partition)).register(registry);
    }

    @Override
    public void decidesStarts(Supplier<Number> gauge) {
      io.micrometer.core.instrument.Gauge.builder("alchemiser.orchestrator.decides.starts", gauge)
          .description("1 while this orchestrator decides the cluster's workflow starts (it holds the start lease)").register(registry);
    }
  }
}
