package io.alchemiser.orchestrator;

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
import io.alchemiser.shared.bus.Headers;
import io.alchemiser.shared.json.Json;
import io.alchemiser.shared.event.StartupEvent;
import io.alchemiser.shared.client.WorkflowClientException;
import io.alchemiser.shared.event.WorkflowEvent;
import io.alchemiser.shared.client.WorkflowList;
import io.alchemiser.shared.client.WorkflowRecord;
import io.alchemiser.shared.event.WorkflowStarted;
import io.alchemiser.shared.client.WorkflowStatus;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
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
 * answers the {@link io.alchemiser.shared.client.WorkflowClient} requests. It never calls a plugin.
 */
public final class OrchestratorVerticle extends VerticleBase {
  public static final String MODULE = "orchestrator";
  /** Ids of the workflows active anywhere in the cluster (see config/cluster.xml). */
  static final String ACTIVE_MAP = "alchemiser.active-workflows";
  private static final String ACTIVE_CLAIM = "active:";
  private static final Duration OUTCOME_MEMORY = Duration.ofMinutes(1);
  private static final Logger LOG = LoggerFactory.getLogger(OrchestratorVerticle.class);

  private final OrchestratorSettings settings;
  private final WorkflowStore store;
  private final AlchemiserMetrics metrics;
  private final KeyedSequencer sequencer = new KeyedSequencer();
  /** Local timers and waiters: they belong to this node's event loop, not to the shared record. */
  private final Map<String, Long> timeouts = new HashMap<>();
  private final Map<String, List<Promise<WorkflowRecord>>> waiters = new HashMap<>();
  private final AtomicInteger activeCount = new AtomicInteger();
  private EventPublisher publisher;
  private final List<MessageConsumer<?>> consumers = new ArrayList<>();
  private long pruneTimer = -1;

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
    metrics.activeWorkflows(activeCount::get);
    if (journal == null) {
      return listen();
    }
    journal.attach(vertx);
    return vertx.executeBlocking(() -> JournalReplay.of(journal), false)
        .compose(replay -> restore(replay).compose(v -> listen()).onSuccess(v -> recover(replay)));
  }

  private Future<Void> restore(JournalReplay replay) {
    Future<Void> chain = Future.succeededFuture();
    for (WorkflowRecord record : replay.records.values()) {
      chain = chain.compose(v -> store.put(record));
    }
    LOG.info("journal: {} workflows restored", replay.records.size());
    return chain;
  }

  /**
   * Workflows that were running when the process stopped: resumed where that is safe — re-planned
   * from their signal on the account as it now is (execution adopts the orders already placed and
   * places only what is missing), or re-evaluated from the start when no signal was journaled — and
   * failed as interrupted once they are past their timeout.
   */
  private void recover(JournalReplay replay) {
    Instant now = Instant.now();
    for (WorkflowRecord record : replay.records.values()) {
      if (record.status() != WorkflowStatus.ACTIVE) {
        continue;
      }
      String id = record.correlationId();
      Duration left = Duration.between(now, record.startedAt().plus(settings.workflowTimeout()));
      activeCount.incrementAndGet();
      if (left.isNegative() || left.isZero()) {
        io.alchemiser.shared.logging.WorkflowLogContext.withCorrelation(id, () -> LOG.warn("workflow {} was interrupted at {} and is past its timeout", id, record.stage()));
        publisher.fail(id, null, "interrupted: the process stopped while the workflow was at " + record.stage()
            + ", and it is past its timeout; start it again with the same correlation id to finish it", ErrorCodes.INTERRUPTED, record.stage());
        continue;
      }
      timeouts.put(id, vertx.setTimer(left.toMillis(), t -> onTimeout(id, settings.workflowTimeout())));
      WorkflowEvent resumeFrom = replay.signals.containsKey(id) ? replay.signals.get(id) : replay.started.get(id);
      io.alchemiser.shared.logging.WorkflowLogContext.withCorrelation(id, () -> LOG.info("resuming workflow {} from {}", id, resumeFrom.metadata().eventType()));
      handOverWhenReady(resumeFrom, System.nanoTime() + left.toNanos());
    }
  }

  /**
   * At start the modules that resume a workflow may not be deployed yet (here or on another node):
   * ask until one answers, then hand the event over; at the deadline, hand over anyway, which fails
   * the workflow naming the missing module.
   */
  private void handOverWhenReady(WorkflowEvent event, long deadline) {
    vertx.eventBus().request(event.type().handlerAddress(), null,
            new io.vertx.core.eventbus.DeliveryOptions().addHeader(Headers.PING, "1").setSendTimeout(2_000))
        .onComplete(pong -> {
          if (pong.succeeded() || System.nanoTime() > deadline) {
            publisher.handOver(event);
          } else {
            vertx.setTimer(200, t -> handOverWhenReady(event, deadline));
          }
        });
  }

  private Future<Void> listen() {
    MessageConsumer<Object> events = EventInbox.observe(vertx, MODULE, metrics, true, this::onEvent, this::onRejected);
    MessageConsumer<Object> commands = vertx.eventBus().consumer(Addresses.ORCHESTRATOR, this::onCommand);
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

  // ---- client API -------------------------------------------------------------------------

  private void onCommand(Message<Object> message) {
    String action = message.headers().get(Headers.ACTION);
    JsonObject body = message.body() instanceof JsonObject json ? json : null;
    if (body == null) {
      message.fail(WorkflowClientException.BAD_REQUEST, "request body must be a JSON object");
      return;
    }
    Future<Object> reply;
    try {
      reply = switch (action == null ? "" : action) {
        case "start" -> start(body).map(Object.class::cast);
        // The record itself: JSON only if it leaves this node (EventMessageCodec).
        case "await" -> awaitCompletion(body).map(Object.class::cast);
        case "get" -> get(requiredId(body)).map(Object.class::cast);
        case "status" -> get(requiredId(body)).map(record -> new JsonObject().put("status", record.status().label()));
        case "active" -> store.active().map(records -> Json.toBuffer(new WorkflowList(records)));
        case "stats" -> store.stats().map(Json::toBuffer);
        case "list" -> list(body).map(records -> Json.toBuffer(new WorkflowList(records)));
        default -> Future.failedFuture(new WorkflowClientException(WorkflowClientException.BAD_REQUEST,
            "unknown action '" + action + "' (start, await, get, status, active, stats, list)"));
      };
    } catch (WorkflowClientException | ClassCastException e) {
      reply = Future.failedFuture(e instanceof WorkflowClientException ? e
          : new WorkflowClientException(WorkflowClientException.BAD_REQUEST, "malformed request: " + e.getMessage()));
    }
    reply.onComplete(result -> {
      if (result.succeeded()) {
        message.reply(result.result());
      } else if (result.cause() instanceof WorkflowClientException refused) {
        message.fail(refused.code(), refused.getMessage());
      } else {
        LOG.error("request '{}' failed", action, result.cause());
        message.fail(500, "internal error: " + result.cause().getMessage());
      }
    });
  }

  private Future<JsonObject> start(JsonObject body) {
    String requested = body.getString("correlationId");
    if (requested != null && !CorrelationIds.isValid(requested)) {
      throw new WorkflowClientException(WorkflowClientException.BAD_REQUEST, CorrelationIds.validateMessage(requested));
    }
    String id = requested != null ? requested : CorrelationIds.generate();
    boolean dryRun = Boolean.TRUE.equals(body.getBoolean("dryRun"));
    String trigger = body.getString("trigger") == null ? "api" : body.getString("trigger");
    Long timeoutSeconds = body.getLong("timeoutSeconds");
    if (timeoutSeconds != null && timeoutSeconds <= 0) {
      throw new WorkflowClientException(WorkflowClientException.BAD_REQUEST, "timeoutSeconds must be positive");
    }
    Duration timeout = timeoutSeconds != null ? Duration.ofSeconds(timeoutSeconds) : settings.workflowTimeout();
    io.alchemiser.shared.event.Simulation simulation = simulation(body, id);
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
      WorkflowStarted started = new WorkflowStarted(
          EventMetadata.next(EventType.WORKFLOW_STARTED, id, null, MODULE), dryRun, trigger, simulation);
      return claim(id, timeout).compose(v -> journaled(started)).compose(v -> store.put(WorkflowRecord.started(started)))
          .map(v -> started);
    })).map(started -> {
      activeCount.incrementAndGet();
      timeouts.put(id, vertx.setTimer(timeout.toMillis(), t -> onTimeout(id, timeout)));
      if (simulation == null) {
        metrics.workflowStarted();
        io.alchemiser.shared.logging.WorkflowLogContext.withCorrelation(id, () -> LOG.atInfo().addKeyValue("trigger", trigger).addKeyValue("dryRun", dryRun)
            .log("workflow {} started by {}{}", id, trigger, dryRun ? " (dry run)" : ""));
      }
      publisher.emit(started);
      return new JsonObject().put("correlationId", id);
    });
  }

  /** The simulated day a backtest asks for; only such a request may use a backtest's correlation id. */
  private static io.alchemiser.shared.event.Simulation simulation(JsonObject body, String id) {
    Object requested = body.getValue("simulation");
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
    try {
      return io.alchemiser.shared.event.Simulation.fromJson(requested);
    } catch (IllegalArgumentException e) {
      throw new WorkflowClientException(WorkflowClientException.BAD_REQUEST, "malformed simulation: " + e.getMessage());
    }
  }

  /**
   * Claims the id cluster-wide (a map every orchestrator shares; a local one without a cluster), so
   * that two orchestrators cannot both start it. When the workflow ends the entry keeps its outcome:
   * a completed id stays refused everywhere, even to an orchestrator that has not yet seen the end,
   * while a failed or timed-out one may be claimed again.
   */
  private Future<Void> claim(String id, Duration timeout) {
    if (!vertx.isClustered() || io.alchemiser.shared.event.Simulation.isSimulatedId(id)) {
      // Without a cluster this is the only orchestrator, and its store already refuses a known id; one
      // runner starts each simulated day once, one after another: nothing to guard cluster-wide.
      return Future.succeededFuture();
    }
    String mine = ACTIVE_CLAIM + deploymentID();
    long ttl = timeout.plusMinutes(1).toMillis();
    return vertx.sharedData().<String, String>getAsyncMap(ACTIVE_MAP).compose(map -> map.putIfAbsent(id, mine, ttl)
        .compose(previous -> {
          if (previous == null) {
            return Future.<Void>succeededFuture();
          }
          if (previous.equals(WorkflowStatus.FAILED.label()) || previous.equals(WorkflowStatus.TIMEOUT.label())) {
            return map.replaceIfPresent(id, previous, mine, ttl).compose(replaced -> replaced ? Future.<Void>succeededFuture()
                : Future.failedFuture(conflict(id, "another orchestrator is starting it again")));
          }
          return Future.failedFuture(conflict(id, previous.startsWith(ACTIVE_CLAIM) ? "it is already active (started by another orchestrator)"
              : "it has already completed; start a new one with another correlation id"));
        }));
  }

  private static WorkflowClientException conflict(String id, String why) {
    return new WorkflowClientException(WorkflowClientException.CONFLICT, "workflow " + id + " cannot start: " + why);
  }

  /**
   * Records the outcome on the claim for a minute: long enough for every orchestrator to have seen
   * the end (each tracks every workflow from its start event, and its store refuses a completed id
   * from then on), short enough that the map stays small however many workflows run.
   */
  private void release(WorkflowRecord record) {
    if (!vertx.isClustered() || io.alchemiser.shared.event.Simulation.isSimulatedId(record.correlationId())) {
      return;
    }
    vertx.sharedData().<String, String>getAsyncMap(ACTIVE_MAP)
        .compose(map -> map.put(record.correlationId(), record.status().label(), OUTCOME_MEMORY.toMillis()))
        .onFailure(err -> LOG.warn("could not record the end of workflow {} on its claim: {}", record.correlationId(), err.getMessage()));
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
        timeouts.put(id, vertx.setTimer(settings.workflowTimeout().toMillis(), t -> onTimeout(id, settings.workflowTimeout())));
      }
    }).onFailure(err -> LOG.error("cannot track workflow {} started elsewhere", id, err));
  }

  private Future<WorkflowRecord> awaitCompletion(JsonObject body) {
    String id = requiredId(body);
    long timeoutMs = Math.max(0, body.getLong("timeoutMs", 0L));
    return get(id).compose(record -> {
      if (record.status().isFinished() || timeoutMs == 0) {
        return Future.succeededFuture(record);
      }
      Promise<WorkflowRecord> promise = Promise.promise();
      waiters.computeIfAbsent(id, k -> new ArrayList<>()).add(promise);
      long timer = vertx.setTimer(timeoutMs, t -> {
        List<Promise<WorkflowRecord>> list = waiters.get(id);
        if (list != null && list.remove(promise)) {
          if (list.isEmpty()) {
            waiters.remove(id);
          }
          get(id).onComplete(promise);
        }
      });
      return promise.future().onComplete(r -> vertx.cancelTimer(timer));
    });
  }

  private Future<List<WorkflowRecord>> list(JsonObject body) {
    String statusName = body.getString("status");
    WorkflowStatus status = null;
    if (statusName != null) {
      try {
        status = WorkflowStatus.valueOf(statusName.toUpperCase(java.util.Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new WorkflowClientException(WorkflowClientException.BAD_REQUEST,
            "status must be active, completed, failed or timeout, was '" + statusName + "'");
      }
    }
    int limit = body.getInteger("limit", 50);
    if (limit < 1 || limit > 1000) {
      throw new WorkflowClientException(WorkflowClientException.BAD_REQUEST, "limit must be between 1 and 1000, was " + limit);
    }
    return store.recent(status, limit);
  }

  private Future<WorkflowRecord> get(String id) {
    return store.get(id).compose(record -> record.isPresent() ? Future.succeededFuture(record.get())
        : Future.failedFuture(new WorkflowClientException(WorkflowClientException.NOT_FOUND, "no workflow " + id)));
  }

  private static String requiredId(JsonObject body) {
    String id = body.getString("correlationId");
    if (!CorrelationIds.isValid(id)) {
      throw new WorkflowClientException(WorkflowClientException.BAD_REQUEST, CorrelationIds.validateMessage(id));
    }
    return id;
  }

  // ---- events -----------------------------------------------------------------------------

  private void onEvent(WorkflowEvent event) {
    // A backtest's days stay out of the metrics: their orders and outcomes are not trading.
    boolean simulated = io.alchemiser.shared.event.Simulation.isSimulatedId(event.correlationId());
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
          measure(record, event);
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
    return journal == null || io.alchemiser.shared.event.Simulation.isSimulatedId(event.correlationId()) ? Future.succeededFuture() : journal.append(event);
  }

  private void measure(WorkflowRecord before, WorkflowEvent event) {
    String type = event.metadata().eventType();
    if (!before.stageTimes().containsKey(type)) {
      Instant previous = before.stageTimes().values().stream().max(Instant::compareTo).orElse(before.startedAt());
      Duration took = Duration.between(previous, event.metadata().timestamp());
      metrics.stageDuration(type, took.isNegative() ? Duration.ZERO : took);
    }
    if (event instanceof io.alchemiser.shared.event.TradeExecuted trade) {
      metrics.order(trade.order().side().wire(), trade.order().status().name().toLowerCase(java.util.Locale.ROOT),
          trade.order().tradedValue());
    }
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
      publisher.fail(id, null, "timed out after " + timeout.toSeconds() + "s waiting for the step after " + record.stage(),
          ErrorCodes.TIMEOUT, record.stage());
    }));
  }

  private void finished(WorkflowRecord record) {
    String id = record.correlationId();
    release(record);
    Long timer = timeouts.remove(id);
    if (timer != null) {
      vertx.cancelTimer(timer);
    }
    activeCount.decrementAndGet();
    if (!io.alchemiser.shared.event.Simulation.isSimulatedId(id)) {
      Duration took = record.duration(Instant.now());
      metrics.workflowFinished(record.status().label(), record.errorCode(), took);
      io.alchemiser.shared.logging.WorkflowLogContext.withCorrelation(id, () -> LOG.atInfo().addKeyValue("status", record.status().label())
          .addKeyValue("durationSeconds", took.toMillis() / 1000.0).addKeyValue("errorCode", record.errorCode())
          .addKeyValue("orders", record.ordersExecuted().size())
          .log("workflow {} ended {} after {} ms with {} orders", id, record.status().label(), took.toMillis(), record.ordersExecuted().size()));
    }
    List<Promise<WorkflowRecord>> list = waiters.remove(id);
    if (list != null) {
      list.forEach(p -> p.tryComplete(record));
    }
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
