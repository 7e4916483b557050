package io.alchemiser.orchestrator;

import io.alchemiser.orchestrator.claims.WorkflowClaims;
import io.alchemiser.orchestrator.journal.Journal;
import io.alchemiser.orchestrator.journal.JournalReplay;
import io.alchemiser.shared.backtest.BacktestSpecs;
import io.alchemiser.shared.bus.Addresses;
import io.alchemiser.shared.bus.EventPublisher;
import io.alchemiser.shared.bus.Headers;
import io.alchemiser.shared.client.AwaitRequest;
import io.alchemiser.shared.client.ListRequest;
import io.alchemiser.shared.client.StartRequest;
import io.alchemiser.shared.client.WorkflowClient;
import io.alchemiser.shared.client.WorkflowClientException;
import io.alchemiser.shared.client.WorkflowRecord;
import io.alchemiser.shared.client.WorkflowStats;
import io.alchemiser.shared.event.CorrelationIds;
import io.alchemiser.shared.metrics.AlchemiserMetrics;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tracks every workflow by its correlation id, through events only: it starts workflows, folds
 * each observed event into the workflow's record, ends workflows that run past their timeout, and
 * keeps the waiters of each. It never calls a plugin.
 *
 * <p>The work is split by correlation id over {@link WorkflowPartition}s, each on an event loop of
 * its own (one per core by default, {@code orchestrator.partitions}): each partition takes its lanes
 * of the events' address ({@link Addresses#EVENTS}) off the bus on its own event loop, decodes and
 * folds; this verticle takes the requests ({@link OrchestratorApi}) and whatever is sent to the bare
 * events address, and hands each to the partition of its correlation id. One workflow's events all
 * take one lane, so one partition, in the order they arrived: its record is still changed on one
 * event loop at a time. Records live in one store the partitions share, so queries
 * need no fan-out; a journal's workflows come back through {@link Recovery}. In a cluster one
 * orchestrator at a time decides starts ({@link WorkflowClaims}): the others hand theirs to it.
 */
public final class OrchestratorVerticle extends VerticleBase {
  public static final String MODULE = "orchestrator";
  private static final Logger LOG = LoggerFactory.getLogger(OrchestratorVerticle.class);
  /** How long a start waits for an orchestrator to decide it: within the workflow client's 10 s, so that its caller hears why. */
  private static final Duration HAND_OVER_PATIENCE = Duration.ofSeconds(8);

  private final OrchestratorSettings settings;
  private final WorkflowStore store;
  private final AlchemiserMetrics metrics;
  private final Journal journal;
  private final List<MessageConsumer<?>> consumers = new ArrayList<>();
  private WorkflowPartition[] partitions;
  private WorkflowClaims claims;
  private MessageConsumer<Object> handedStarts;
  private long pruneTimer = -1;

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
    AtomicInteger activeCount = new AtomicInteger();
    metrics.activeWorkflows(activeCount::get);
    claims = new WorkflowClaims(vertx);
    metrics.decidesStarts(() -> claims.decidesStarts() ? 1 : 0);
    Orchestration common = new Orchestration(settings, store, metrics, journal, claims, activeCount);
    if (journal != null) {
      journal.attach(vertx);
    }
    Future<JournalReplay> replay = journal == null ? Future.succeededFuture() : vertx.executeBlocking(() -> JournalReplay.of(journal), false);
    return replay.compose(journaled -> deployPartitions(common).compose(v -> {
      if (journaled == null) {
        return listen();
      }
      Recovery recovery = new Recovery(vertx, settings, store, new EventPublisher(vertx, MODULE),
          (id, left) -> {
            WorkflowPartition partition = partition(id);
            partition.execute(() -> partition.trackRecovered(id, left));
          });
      return recovery.restore(journaled).compose(r -> listen()).onSuccess(r -> recovery.resume(journaled));
    }));
  }

  /** The partitions, each deployed on an event loop of its own; they go when this verticle goes. */
  private Future<Void> deployPartitions(Orchestration common) {
    partitions = new WorkflowPartition[settings.partitions()];
    List<Future<String>> deployed = new ArrayList<>();
    for (int i = 0; i < partitions.length; i++) {
      partitions[i] = new WorkflowPartition(common, i, settings.partitions());
      deployed.add(vertx.deployVerticle(partitions[i]));
    }
    return Future.all(deployed).mapEmpty();
  }

  private Future<Void> listen() {
    MessageConsumer<Object> events = vertx.eventBus().consumer(Addresses.EVENTS, this::route);
    MessageConsumer<Object> commands = new OrchestratorApi(this).register(vertx);
    consumers.add(events);
    consumers.add(commands);
    List<Future<Void>> lanes = new ArrayList<>();
    for (WorkflowPartition partition : partitions) {
      lanes.add(partition.call(partition::listen));
    }
    // A backtest's days are of no use once its result is made; they would push live workflows out.
    consumers.add(BacktestSpecs.onEnded(vertx, backtestId -> store.forgetFinished(
        id -> id.startsWith(BacktestSpecs.workflowPrefix(backtestId)))));
    pruneTimer = vertx.setPeriodic(settings.pruneInterval().toMillis(), id -> prune());
    return Future.all(events.completion(), commands.completion(), Future.all(lanes))
        .compose(v -> claims.start(this::decidingStarts))
        .onSuccess(v -> LOG.info("orchestrator listening on {} and {} ({} partitions)", Addresses.EVENTS, Addresses.ORCHESTRATOR,
            partitions.length))
        .mapEmpty();
  }

  /** Listens for the starts other orchestrators hand over while this one decides them. */
  private void decidingStarts(boolean deciding) {
    if (deciding && handedStarts == null) {
      handedStarts = OrchestratorApi.registerStarts(vertx, this);
    } else if (!deciding && handedStarts != null) {
      handedStarts.unregister();
      handedStarts = null;
    }
  }

  /**
   * A message sent to the bare events address goes to its workflow's partition, read there; one
   * without a correlation id to the first, which refuses it.
   */
  private void route(Message<Object> message) {
    partition(message.headers().get(Headers.CORRELATION_ID)).accept(message);
  }

  /** The partition of a correlation id: the same for every event of the workflow, for as long as this node runs. */
  WorkflowPartition partition(String correlationId) {
    return partitions[correlationId == null ? 0 : WorkflowPartition.ofLane(Addresses.eventLane(correlationId), partitions.length)];
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(pruneTimer);
    List<Future<?>> unregistered = new ArrayList<>();
    unregistered.add(claims.stop());
    if (handedStarts != null) {
      consumers.add(handedStarts);
    }
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

  /**
   * Starts a workflow here, or where starts are decided: refused while its id is active or completed,
   * or claimed in the cluster. A backtest's simulated day starts where it was asked for.
   */
  Future<String> start(StartRequest request) {
    StartRequest named = request.correlationId() != null ? request
        : new StartRequest(CorrelationIds.generate(), request.dryRun(), request.trigger(), request.timeoutSeconds(), request.simulation());
    if (named.simulation() != null) {
      return startHere(named);
    }
    long giveUpAt = System.nanoTime() + HAND_OVER_PATIENCE.toNanos();
    if (!claims.decidesStarts()) {
      return handOver(named, giveUpAt);
    }
    // The lease may move between the question and the claim: the start then goes where it went.
    return startHere(named).recover(err -> err instanceof WorkflowClientException refused && refused.code() == WorkflowClientException.UNAVAILABLE
        ? handOver(named, giveUpAt) : Future.failedFuture(err));
  }

  /** Starts a workflow on this node's partition for its id (a start handed over comes here too). */
  Future<String> startHere(StartRequest request) {
    String id = request.correlationId() != null ? request.correlationId() : CorrelationIds.generate();
    WorkflowPartition partition = partition(id);
    return partition.call(() -> partition.start(request, id));
  }

  /** Hands the start to the orchestrator that decides starts; while none does (the lease is moving), waits for one. */
  private Future<String> handOver(StartRequest request, long giveUpAt) {
    long left = Math.max(1, (giveUpAt - System.nanoTime()) / 1_000_000);
    return vertx.eventBus().<JsonObject>request(Addresses.ORCHESTRATOR_STARTS, request.toJson(), new DeliveryOptions().setSendTimeout(left))
        .map(reply -> reply.body().getString("correlationId"))
        .recover(err -> {
          ReplyException reply = err instanceof ReplyException r ? r : null;
          boolean nobodyDecides = reply != null && (reply.failureType() == ReplyFailure.NO_HANDLERS
              || reply.failureCode() == WorkflowClientException.UNAVAILABLE);
          if (nobodyDecides && System.nanoTime() - giveUpAt < 0) {
            return vertx.timer(250).compose(v -> claims.decidesStarts() ? startHere(request) : handOver(request, giveUpAt));
          }
          if (reply != null && reply.failureType() == ReplyFailure.RECIPIENT_FAILURE) {
            return Future.failedFuture(new WorkflowClientException(reply.failureCode(), reply.getMessage()));
          }
          if (reply != null && reply.failureType() == ReplyFailure.TIMEOUT) {
            // Not retried: it may have started, and a second try would be refused as a duplicate of it.
            return Future.failedFuture(new WorkflowClientException(WorkflowClientException.UNAVAILABLE, "workflow " + request.correlationId()
                + " may or may not have started: the orchestrator that decides starts did not answer in time; ask for it by id"));
          }
          return Future.failedFuture(new WorkflowClientException(WorkflowClientException.UNAVAILABLE, "workflow " + request.correlationId()
              + " could not start: no orchestrator decided it within " + HAND_OVER_PATIENCE.toSeconds() + " s (" + err.getMessage() + ")"));
        });
  }

  /** The record once the workflow has finished, or as it stands when the request's time is up. */
  Future<WorkflowRecord> awaitCompletion(AwaitRequest request) {
    WorkflowPartition partition = partition(request.correlationId());
    return partition.call(() -> partition.awaitCompletion(request));
  }

  Future<List<WorkflowRecord>> list(ListRequest request) {
    return store.recent(request.status(), request.limit());
  }

  Future<List<WorkflowRecord>> active() {
    return store.active();
  }

  Future<WorkflowStats> stats() {
    return store.stats();
  }

  Future<WorkflowRecord> get(String id) {
    return WorkflowPartition.found(store, id);
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
