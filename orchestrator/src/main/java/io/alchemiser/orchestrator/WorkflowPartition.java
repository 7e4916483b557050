package io.alchemiser.orchestrator;

import static io.alchemiser.shared.logging.WorkflowLogContext.withCorrelation;

import io.alchemiser.shared.backtest.BacktestSpecs;
import io.alchemiser.shared.bus.EventPublisher;
import io.alchemiser.shared.bus.EventSubscription;
import io.alchemiser.shared.client.AwaitRequest;
import io.alchemiser.shared.client.StartRequest;
import io.alchemiser.shared.client.WorkflowClientException;
import io.alchemiser.shared.client.WorkflowRecord;
import io.alchemiser.shared.client.WorkflowStatus;
import io.alchemiser.shared.event.CorrelationIds;
import io.alchemiser.shared.event.ErrorCodes;
import io.alchemiser.shared.event.EventMetadata;
import io.alchemiser.shared.event.EventRejectedException;
import io.alchemiser.shared.event.EventType;
import io.alchemiser.shared.event.Simulation;
import io.alchemiser.shared.event.StartupEvent;
import io.alchemiser.shared.event.WorkflowEvent;
import io.alchemiser.shared.event.WorkflowFailed;
import io.alchemiser.shared.event.WorkflowStarted;
import io.alchemiser.shared.inbox.EventInbox;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The workflows whose correlation ids hash to one partition, on an event loop of their own: it
 * starts them, folds each of their events into their records, times them out, ends them and answers
 * those who await them. Its state (the sequencer, the timers, the waiters) is touched on its own
 * event loop only: it takes its lanes of the events off the bus there, and {@link OrchestratorVerticle}
 * hands it requests and the events sent to the bare address there.
 * The partitions of a node share its {@link Orchestration} (store, journal, claims, metrics).
 */
final class WorkflowPartition extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(OrchestratorVerticle.class);
  private static final String MODULE = OrchestratorVerticle.MODULE;

  private final Orchestration common;
  private final int index;
  private final int partitions;
  private EventSubscription lanes;
  private final KeyedSequencer sequencer = new KeyedSequencer();
  private PartitionRuns clock;
  private EventPublisher publisher;
  private CompletionWaiters waiters;
  private Handler<Message<Object>> observer;

  WorkflowPartition(Orchestration orchestration, int index, int partitions) {
    this.common = orchestration;
    this.index = index;
    this.partitions = partitions;
  }

  /** The partition (of {@code partitions}) that takes lane {@code lane}: each lane has one, and lanes spread evenly. */
  static int ofLane(int lane, int partitions) {
    return lane % partitions;
  }

  /**
   * Takes this partition's lanes of the events' address off the bus, on its own event loop (call it
   * there): no hand-over from another loop per event. Not at start: a journal's workflows come back first.
   */
  Future<Void> listen() {
    lanes = EventSubscription.lanes(vertx, lane -> ofLane(lane, partitions) == index, observer);
    return lanes.completion();
  }

  @Override
  public Future<?> start() {
    publisher = new EventPublisher(vertx, MODULE);
    clock = new PartitionRuns(vertx, context);
    waiters = new CompletionWaiters(vertx);
    observer = EventInbox.observer(vertx, MODULE, common.metrics(), true, this::onEvent, this::onRejected);
    // Each running workflow here has its timeout timer: their count is this partition's share (read by the scrape, a moment stale).
    common.metrics().partitionWorkflows(index, clock::size);
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    clock.stop();
    return lanes == null ? Future.succeededFuture() : lanes.unregister();
  }

  int index() {
    return index;
  }

  /** Takes a message sent to the bare {@code alchemiser.events} on this partition's event loop. */
  void accept(Message<Object> message) {
    execute(() -> observer.handle(message));
  }

  /** Runs {@code task} on this partition's event loop. */
  void execute(Runnable task) {
    context.runOnContext(v -> task.run());
  }

  /** {@code task}'s Future, run on this partition's event loop. */
  <T> Future<T> call(Supplier<Future<T>> task) {
    Promise<T> result = Promise.promise();
    context.runOnContext(v -> {
      try {
        task.get().onComplete(result);
      } catch (RuntimeException e) {
        result.fail(e);
      }
    });
    return result.future();
  }

  /** The record, or a 404 naming the id. */
  static Future<WorkflowRecord> found(WorkflowStore store, String id) {
    return store.get(id).compose(record -> record.isPresent() ? Future.succeededFuture(record.get())
        : Future.failedFuture(new WorkflowClientException(WorkflowClientException.NOT_FOUND, "no workflow " + id)));
  }

  /** The record once the workflow has finished, or as it stands when the request's time is up. */
  Future<WorkflowRecord> awaitCompletion(AwaitRequest request) {
    return found(common.store(), request.correlationId())
        .compose(record -> waiters.await(record, request.timeoutMs(), id -> found(common.store(), id)));
  }

  /** Starts a workflow: refused while its id is active or completed here, or claimed elsewhere in the cluster. */
  Future<String> start(StartRequest request, String id) {
    boolean dryRun = request.dryRun();
    String trigger = request.trigger();
    Duration timeout = request.timeoutSeconds() != null ? Duration.ofSeconds(request.timeoutSeconds()) : common.settings().workflowTimeout();
    Simulation simulation = checkedSimulation(request.simulation(), id);
    return sequencer.run(id, () -> common.store().get(id).compose(existing -> {
      if (existing.isPresent()) {
        WorkflowStatus status = existing.get().status();
        if (status == WorkflowStatus.ACTIVE) {
          return Future.failedFuture(new WorkflowClientException(WorkflowClientException.CONFLICT,
              "workflow " + id + " is already active (stage " + existing.get().stage() + ")"));
        }
        if (status == WorkflowStatus.COMPLETED) {
          return Future.failedFuture(new WorkflowClientException(WorkflowClientException.CONFLICT,
              "workflow " + id + " has already completed; start a new one with another correlation id"));
        }
        withCorrelation(id, () -> LOG.info("retrying workflow {} that ended {}", id, status.label()));
      }
      WorkflowStarted started = new WorkflowStarted(EventMetadata.next(EventType.WORKFLOW_STARTED, id, null, MODULE,
          simulation == null ? null : simulation.backtestId()), dryRun, trigger, simulation);
      return common.claims().claim(id, timeout, simulation != null, existing.isPresent()).compose(v -> journaled(started)).compose(v -> common.store().put(WorkflowRecord.started(started)))
          .map(v -> started);
    })).map(started -> {
      common.activeCount().incrementAndGet();
      clock.started(id, timeout, () -> onTimeout(id, timeout));
      if (simulation == null) {
        common.metrics().workflowStarted();
        withCorrelation(id, () -> LOG.atInfo().addKeyValue("trigger", trigger).addKeyValue("dryRun", dryRun)
            .log("workflow {} started by {}{}", id, trigger, dryRun ? " (dry run)" : ""));
      }
      publisher.emit(started);
      return id;
    });
  }

  /** The simulated day a backtest asks for; only such a request may use a backtest's correlation id. */
  private static Simulation checkedSimulation(Simulation requested, String id) {
    if (requested == null) {
      if (Simulation.isSimulatedId(id)) {
        throw new WorkflowClientException(WorkflowClientException.BAD_REQUEST, "correlation ids starting with '"
            + BacktestSpecs.WORKFLOW_PREFIX + "' are reserved for backtests");
      }
      return null;
    }
    if (!Simulation.isSimulatedId(id)) {
      throw new WorkflowClientException(WorkflowClientException.BAD_REQUEST, "a simulated day needs a correlation id starting with '"
          + BacktestSpecs.WORKFLOW_PREFIX + "'");
    }
    return requested;
  }

  /** A workflow the journal brought back active: counted, and timed out when its time runs out. */
  void trackRecovered(String id, Duration left) {
    common.activeCount().incrementAndGet();
    clock.recovered(id, left, () -> onTimeout(id, common.settings().workflowTimeout()));
  }

  /** A workflow another orchestrator started: tracked here too, so that this one can carry on if that one dies. */
  private void adoptStart(WorkflowStarted started) {
    String id = started.correlationId();
    if (clock.timesHere(id)) {
      // This partition runs it (it started or adopted it, and its timer runs): the start it published itself comes back here.
      return;
    }
    sequencer.run(id, () -> common.store().get(id).compose(found -> {
      if (found.isPresent() && (found.get().status() == WorkflowStatus.ACTIVE
          || !found.get().startedAt().isBefore(started.metadata().timestamp()))) {
        return Future.succeededFuture(false);
      }
      return journaled(started).compose(v -> common.store().put(WorkflowRecord.started(started))).map(v -> true);
    })).onSuccess(adopted -> {
      if (adopted) {
        common.activeCount().incrementAndGet();
        Duration timeout = common.settings().workflowTimeout();
        clock.adopted(id, timeout, () -> onTimeout(id, timeout));
      }
    }).onFailure(err -> LOG.error("cannot track workflow {} started elsewhere", id, err));
  }

  void onEvent(WorkflowEvent event) {
    // A backtest's days stay out of the metrics: their orders and outcomes are not trading.
    boolean simulated = event.metadata().simulated();
    if (!simulated) {
      common.metrics().eventObserved(event.metadata().eventType());
    }
    if (event instanceof StartupEvent) {
      return;
    }
    if (event instanceof WorkflowStarted started) {
      adoptStart(started);
      return;
    }
    String id = event.correlationId();
    sequencer.run(id, () -> common.store().get(id).compose(found -> {
      if (found.isEmpty()) {
        withCorrelation(id, () -> LOG.warn("{} for unknown workflow {} ignored", event.metadata().eventType(), id));
        return Future.succeededFuture();
      }
      WorkflowRecord record = found.get();
      if (record.status().isFinished()) {
        withCorrelation(id, () ->
            LOG.info("late {} for workflow {} that already ended {} ignored", event.metadata().eventType(), id, record.status().label()));
        return Future.succeededFuture();
      }
      WorkflowRecord updated = record.with(event);
      return journaled(event).compose(v -> {
        if (!simulated) {
          StageMetrics.measure(common.metrics(), record, event);
        }
        return common.store().put(updated);
      }).onSuccess(v -> {
        if (updated.status().isFinished()) {
          finished(updated);
        }
      });
    })).onFailure(err -> LOG.error("cannot record {} of workflow {}", event.metadata().eventType(), id, err));
  }

  /** Simulated days are not journaled: a backtest is re-run, not resumed, and would fill the journal. */
  private Future<Void> journaled(WorkflowEvent event) {
    return common.journal() == null || event.metadata().simulated() ? Future.succeededFuture() : common.journal().append(event);
  }

  /** A message that is not a valid event but names an active workflow fails that workflow, so it never hangs. */
  void onRejected(EventRejectedException rejected) {
    String id = rejected.correlationId();
    if (id == null || !CorrelationIds.isValid(id)) {
      return;
    }
    common.store().get(id).onSuccess(found -> found.filter(r -> r.status() == WorkflowStatus.ACTIVE).ifPresent(record ->
        publisher.fail(id, null, "rejected malformed event: " + rejected.getMessage(), ErrorCodes.MALFORMED_EVENT, record.stage())));
  }

  private void onTimeout(String id, Duration timeout) {
    clock.timedOut(id);
    common.store().get(id).onSuccess(found -> found.filter(r -> r.status() == WorkflowStatus.ACTIVE).ifPresent(record -> {
      withCorrelation(id, () -> LOG.atWarn().addKeyValue("status", "timeout").addKeyValue("errorCode", ErrorCodes.TIMEOUT)
          .addKeyValue("stage", record.stage()).log("workflow {} timed out after {}s at stage {}", id, timeout.toSeconds(), record.stage()));
      publisher.emit(new WorkflowFailed(
          EventMetadata.next(EventType.WORKFLOW_FAILED, id, null, MODULE, record.backtestId()),
          "timed out after " + timeout.toSeconds() + "s waiting for the step after " + record.stage(), ErrorCodes.TIMEOUT, record.stage()));
    }));
  }

  private void finished(WorkflowRecord record) {
    String id = record.correlationId();
    common.claims().release(record);
    clock.ended(id, record.status().label());
    common.activeCount().decrementAndGet();
    if (!record.simulated()) {
      Duration took = record.duration(Instant.now());
      common.metrics().workflowFinished(record.status().label(), record.errorCode(), took);
      withCorrelation(id, () -> LOG.atInfo().addKeyValue("status", record.status().label())
          .addKeyValue("durationSeconds", took.toMillis() / 1000.0).addKeyValue("errorCode", record.errorCode())
          .addKeyValue("orders", record.ordersExecuted().size())
          .log("workflow {} ended {} after {} ms with {} orders", id, record.status().label(), took.toMillis(), record.ordersExecuted().size()));
    }
    waiters.finished(record);
  }
}
