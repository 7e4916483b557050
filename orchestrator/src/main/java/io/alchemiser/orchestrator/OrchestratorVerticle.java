package io.alchemiser.orchestrator;

import io.alchemiser.shared.client.AwaitRequest;
import io.alchemiser.shared.client.ListRequest;
import io.alchemiser.shared.client.StartRequest;
import io.alchemiser.shared.client.WorkflowClient;
import io.alchemiser.orchestrator.journal.Journal;
import io.alchemiser.orchestrator.journal.JournalReplay;

import io.alchemiser.shared.bus.Addresses;
import io.alchemiser.shared.metrics.AlchemiserMetrics;
import io.alchemiser.shared.backtest.BacktestSpecs;
import io.alchemiser.shared.event.CorrelationIds;
import io.alchemiser.shared.event.ErrorCodes;
import io.alchemiser.shared.inbox.EventInbox;
import io.alchemiser.shared.event.EventMetadata;
import io.alchemiser.shared.bus.EventPublisher;
import io.alchemiser.shared.event.EventRejectedException;
import io.alchemiser.shared.event.EventType;
import io.alchemiser.shared.event.StartupEvent;
import io.alchemiser.shared.client.WorkflowClientException;
import io.alchemiser.shared.event.WorkflowEvent;
import io.alchemiser.shared.client.WorkflowRecord;
import io.alchemiser.shared.event.WorkflowStarted;
import io.alchemiser.shared.client.WorkflowStatus;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tracks every workflow by its correlation id, through events only: it starts workflows, folds
 * each observed event into the workflow's record, ends workflows that run past their timeout, and
 * keeps the waiters of each. It never calls a plugin. Its face on the bus is {@link OrchestratorApi};
 * ids are claimed cluster-wide by {@link WorkflowClaims}; a journal's workflows come back through
 * {@link Recovery}.
 *
 * <p>Somewhat over 300 lines: starts, adopted starts, the fold of events, timeouts and ends all
 * change the same per-workflow state on this verticle's event loop (the sequencer, the timers, the
 * active count), and are easiest to check side by side. Partitioning that state is the next step.
 */
public final class OrchestratorVerticle extends VerticleBase {
  public static final String MODULE = "orchestrator";
  private static final Logger LOG = LoggerFactory.getLogger(OrchestratorVerticle.class);

  private final OrchestratorSettings settings;
  private final WorkflowStore store;
  private final AlchemiserMetrics metrics;
  private final KeyedSequencer sequencer = new KeyedSequencer();
  /** Local timers and waiters: they belong to this node's event loop, not to the shared record. */
  private final Map<String, Long> timeouts = new HashMap<>();
  private final AtomicInteger activeCount = new AtomicInteger();
  private EventPublisher publisher;
  private io.alchemiser.shared.bus.WorkflowRuns runs;
  private final List<MessageConsumer<?>> consumers = new ArrayList<>();
  private long pruneTimer = -1;
  private WorkflowClaims claims;
  private CompletionWaiters waiters;

  private final Journal journal;

  public OrchestratorVerticle(OrchestratorSettings settings, WorkflowStore store, AlchemiserMetrics metrics) {
    this(settings, store, metrics, null);
  }

  /** With a journal: every event is on disk before it counts, and the workflows it holds come back at start. */
  public OrchestratorVerticle(OrchestratorSettings settings, WorkflowStore store, AlchemiserMetrics metrics, Journal journal) {
    this.settings = settings;
    this.store = store;
    this.metrics = metrics;
    this.journal = journal;
  }

  @Override
  public Future<?> start() {
    // The orchestrator answers with workflow records.
    WorkflowClient.registerCodecs(vertx);
    publisher = new EventPublisher(vertx, MODULE);
    runs = io.alchemiser.shared.bus.WorkflowRuns.of(vertx);
    claims = new WorkflowClaims(vertx, deploymentID());
    waiters = new CompletionWaiters(vertx);
    metrics.activeWorkflows(activeCount::get);
    if (journal == null) {
      return listen();
    }
    journal.attach(vertx);
    Recovery recovery = new Recovery(vertx, settings, store, publisher, this::trackRecovered);
    return vertx.executeBlocking(() -> JournalReplay.of(journal), false)
        .compose(replay -> recovery.restore(replay).compose(v -> listen()).onSuccess(v -> recovery.resume(replay)));
  }

  private Future<Void> listen() {
    MessageConsumer<Object> events = EventInbox.observe(vertx, MODULE, metrics, true, this::onEvent, this::onRejected);
    MessageConsumer<Object> commands = new OrchestratorApi(this).register(vertx);
    consumers.add(events);
    consumers.add(commands);
    // A backtest's days are of no use once its result is made; they would push live workflows out.
    consumers.add(BacktestSpecs.onEnded(vertx, backtestId -> store.forgetFinished(
        id -> id.startsWith(BacktestSpecs.workflowPrefix(backtestId)))));
    pruneTimer = vertx.setPeriodic(settings.pruneInterval().toMillis(), id -> prune());
    return Future.all(events.completion(), commands.completion())
        .onSuccess(v -> LOG.info("orchestrator listening on {} and {}", Addresses.EVENTS, Addresses.ORCHESTRATOR))
        .mapEmpty();
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(pruneTimer);
    timeouts.values().forEach(vertx::cancelTimer);
    List<Future<?>> unregistered = new ArrayList<>();
    consumers.forEach(c -> unregistered.add(c.unregister()));
    return Future.join(unregistered).eventually(() -> {
      if (journal != null) {
        return vertx.executeBlocking(() -> {
          journal.close();
          return null;
        });
      }
      return Future.succeededFuture();
    });
  }

  // ---- what the bus API asks (OrchestratorApi) ---------------------------------------------

  /** Starts a workflow: refused while its id is active or completed here, or claimed elsewhere in the cluster. */
  Future<String> start(StartRequest request) {
    String id = request.correlationId() != null ? request.correlationId() : CorrelationIds.generate();
    boolean dryRun = request.dryRun();
    String trigger = request.trigger();
    Duration timeout = request.timeoutSeconds() != null ? Duration.ofSeconds(request.timeoutSeconds()) : settings.workflowTimeout();
    io.alchemiser.shared.event.Simulation simulation = checkedSimulation(request.simulation(), id);
    return sequencer.run(id, () -> store.get(id).compose(existing -> {
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
        io.alchemiser.shared.logging.WorkflowLogContext.withCorrelation(id, () -> LOG.info("retrying workflow {} that ended {}", id, status.label()));
      }
      WorkflowStarted started = new WorkflowStarted(EventMetadata.next(EventType.WORKFLOW_STARTED, id, null, MODULE,
          simulation == null ? null : simulation.backtestId()), dryRun, trigger, simulation);
      return claims.claim(id, timeout, simulation != null).compose(v -> journaled(started)).compose(v -> store.put(WorkflowRecord.started(started)))
          .map(v -> started);
    })).map(started -> {
      activeCount.incrementAndGet();
      timeouts.put(id, vertx.setTimer(timeout.toMillis(), t -> onTimeout(id, timeout)));
      // Every event of the run carries its deadline, so the modules act without asking whether it still runs.
      runs.running(id, System.currentTimeMillis() + timeout.toMillis());
      if (simulation == null) {
        metrics.workflowStarted();
        io.alchemiser.shared.logging.WorkflowLogContext.withCorrelation(id, () -> LOG.atInfo().addKeyValue("trigger", trigger).addKeyValue("dryRun", dryRun)
            .log("workflow {} started by {}{}", id, trigger, dryRun ? " (dry run)" : ""));
      }
      publisher.emit(started);
      return id;
    });
  }

  /** The simulated day a backtest asks for; only such a request may use a backtest's correlation id. */
  private static io.alchemiser.shared.event.Simulation checkedSimulation(io.alchemiser.shared.event.Simulation requested, String id) {
    if (requested == null) {
      if (io.alchemiser.shared.event.Simulation.isSimulatedId(id)) {
        throw new WorkflowClientException(WorkflowClientException.BAD_REQUEST, "correlation ids starting with '"
            + BacktestSpecs.WORKFLOW_PREFIX + "' are reserved for backtests");
      }
      return null;
    }
    if (!io.alchemiser.shared.event.Simulation.isSimulatedId(id)) {
      throw new WorkflowClientException(WorkflowClientException.BAD_REQUEST, "a simulated day needs a correlation id starting with '"
          + BacktestSpecs.WORKFLOW_PREFIX + "'");
    }
    return requested;
  }

  /** A workflow the journal brought back active: counted, and timed out when its time runs out. */
  private void trackRecovered(String id, Duration left) {
    activeCount.incrementAndGet();
    runs.running(id, System.currentTimeMillis() + Math.max(0, left.toMillis()));
    if (!left.isNegative() && !left.isZero()) {
      timeouts.put(id, vertx.setTimer(left.toMillis(), t -> onTimeout(id, settings.workflowTimeout())));
    }
  }

  /** A workflow another orchestrator started: tracked here too, so that this one can carry on if that one dies. */
  private void adoptStart(WorkflowStarted started) {
    String id = started.correlationId();
    sequencer.run(id, () -> store.get(id).compose(found -> {
      if (found.isPresent() && (found.get().status() == WorkflowStatus.ACTIVE
          || !found.get().startedAt().isBefore(started.metadata().timestamp()))) {
        return Future.succeededFuture(false);
      }
      return journaled(started).compose(v -> store.put(WorkflowRecord.started(started))).map(v -> true);
    })).onSuccess(adopted -> {
      if (adopted) {
        activeCount.incrementAndGet();
        if (runs.deadline(id) == null) {
          runs.running(id, System.currentTimeMillis() + settings.workflowTimeout().toMillis());
        }
        timeouts.put(id, vertx.setTimer(settings.workflowTimeout().toMillis(), t -> onTimeout(id, settings.workflowTimeout())));
      }
    }).onFailure(err -> LOG.error("cannot track workflow {} started elsewhere", id, err));
  }

  /** The record once the workflow has finished, or as it stands when the request's time is up. */
  Future<WorkflowRecord> awaitCompletion(AwaitRequest request) {
    return get(request.correlationId()).compose(record -> waiters.await(record, request.timeoutMs(), this::get));
  }

  Future<List<WorkflowRecord>> list(ListRequest request) {
    return store.recent(request.status(), request.limit());
  }

  Future<List<WorkflowRecord>> active() {
    return store.active();
  }

  Future<io.alchemiser.shared.client.WorkflowStats> stats() {
    return store.stats();
  }

  Future<WorkflowRecord> get(String id) {
    return store.get(id).compose(record -> record.isPresent() ? Future.succeededFuture(record.get())
        : Future.failedFuture(new WorkflowClientException(WorkflowClientException.NOT_FOUND, "no workflow " + id)));
  }

  // ---- events -----------------------------------------------------------------------------

  private void onEvent(WorkflowEvent event) {
    // A backtest's days stay out of the metrics: their orders and outcomes are not trading.
    boolean simulated = event.metadata().simulated();
    if (!simulated) {
      metrics.eventObserved(event.metadata().eventType());
    }
    if (event instanceof StartupEvent) {
      return;
    }
    if (event instanceof WorkflowStarted started) {
      adoptStart(started);
      return;
    }
    String id = event.correlationId();
    sequencer.run(id, () -> store.get(id).compose(found -> {
      if (found.isEmpty()) {
        io.alchemiser.shared.logging.WorkflowLogContext.withCorrelation(id, () -> LOG.warn("{} for unknown workflow {} ignored", event.metadata().eventType(), id));
        return Future.succeededFuture();
      }
      WorkflowRecord record = found.get();
      if (record.status().isFinished()) {
        io.alchemiser.shared.logging.WorkflowLogContext.withCorrelation(id, () ->
            LOG.info("late {} for workflow {} that already ended {} ignored", event.metadata().eventType(), id, record.status().label()));
        return Future.succeededFuture();
      }
      WorkflowRecord updated = record.with(event);
      return journaled(event).compose(v -> {
        if (!simulated) {
          StageMetrics.measure(metrics, record, event);
        }
        return store.put(updated);
      }).onSuccess(v -> {
        if (updated.status().isFinished()) {
          finished(updated);
        }
      });
    })).onFailure(err -> LOG.error("cannot record {} of workflow {}", event.metadata().eventType(), id, err));
  }

  /** Simulated days are not journaled: a backtest is re-run, not resumed, and would fill the journal. */
  private Future<Void> journaled(WorkflowEvent event) {
    return journal == null || event.metadata().simulated() ? Future.succeededFuture() : journal.append(event);
  }

  /** A message that is not a valid event but names an active workflow fails that workflow, so it never hangs. */
  private void onRejected(EventRejectedException rejected) {
    String id = rejected.correlationId();
    if (id == null || !CorrelationIds.isValid(id)) {
      return;
    }
    store.get(id).onSuccess(found -> found.filter(r -> r.status() == WorkflowStatus.ACTIVE).ifPresent(record ->
        publisher.fail(id, null, "rejected malformed event: " + rejected.getMessage(), ErrorCodes.MALFORMED_EVENT, record.stage())));
  }

  private void onTimeout(String id, Duration timeout) {
    timeouts.remove(id);
    store.get(id).onSuccess(found -> found.filter(r -> r.status() == WorkflowStatus.ACTIVE).ifPresent(record -> {
      io.alchemiser.shared.logging.WorkflowLogContext.withCorrelation(id, () -> LOG.atWarn().addKeyValue("status", "timeout").addKeyValue("errorCode", ErrorCodes.TIMEOUT)
          .addKeyValue("stage", record.stage()).log("workflow {} timed out after {}s at stage {}", id, timeout.toSeconds(), record.stage()));
      publisher.emit(new io.alchemiser.shared.event.WorkflowFailed(
          EventMetadata.next(EventType.WORKFLOW_FAILED, id, null, MODULE, record.backtestId()),
          "timed out after " + timeout.toSeconds() + "s waiting for the step after " + record.stage(), ErrorCodes.TIMEOUT, record.stage()));
    }));
  }

  private void finished(WorkflowRecord record) {
    String id = record.correlationId();
    claims.release(record);
    Long timer = timeouts.remove(id);
    if (timer != null) {
      vertx.cancelTimer(timer);
    }
    Long deadline = runs.deadline(id);
    if (deadline != null) {
      // Every node learns the run ended: an event of it still on its way is not acted on.
      vertx.eventBus().publish(io.alchemiser.shared.bus.Addresses.WORKFLOW_ENDED, io.alchemiser.shared.bus.WorkflowRuns.endedNotice(id, deadline));
    }
    activeCount.decrementAndGet();
    if (!record.simulated()) {
      Duration took = record.duration(Instant.now());
      metrics.workflowFinished(record.status().label(), record.errorCode(), took);
      io.alchemiser.shared.logging.WorkflowLogContext.withCorrelation(id, () -> LOG.atInfo().addKeyValue("status", record.status().label())
          .addKeyValue("durationSeconds", took.toMillis() / 1000.0).addKeyValue("errorCode", record.errorCode())
          .addKeyValue("orders", record.ordersExecuted().size())
          .log("workflow {} ended {} after {} ms with {} orders", id, record.status().label(), took.toMillis(), record.ordersExecuted().size()));
    }
    waiters.finished(record);
  }

  private void prune() {
    store.pruneFinishedBefore(Instant.now().minus(settings.maxAge()))
        .compose(ids -> journal == null || ids.isEmpty() ? Future.succeededFuture(ids.size())
            : vertx.executeBlocking(() -> journal.remove(ids), true).map(events -> ids.size()))
        .onSuccess(n -> {
          if (n > 0) {
            LOG.info("forgot {} finished workflows (older than {} or beyond the newest {})", n, settings.maxAge(), settings.maxFinished());
          }
        })
        .onFailure(err -> LOG.error("pruning old workflows failed", err));
  }
}
