package io.alchemiser.orchestrator;

import io.alchemiser.orchestrator.journal.JournalReplay;
import io.alchemiser.shared.bus.EventPublisher;
import io.alchemiser.shared.bus.Headers;
import io.alchemiser.shared.client.WorkflowRecord;
import io.alchemiser.shared.client.WorkflowStatus;
import io.alchemiser.shared.event.ErrorCodes;
import io.alchemiser.shared.event.WorkflowEvent;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the journal brings back at start: every workflow's record into the store, and each one
 * that was running resumed where that is safe, or failed as interrupted.
 */
final class Recovery {
  private static final Logger LOG = LoggerFactory.getLogger(OrchestratorVerticle.class);
  private final Vertx vertx;
  private final OrchestratorSettings settings;
  private final WorkflowStore store;
  private final EventPublisher publisher;
  /** Tracks a workflow that was active (its id, and the time it has left). */
  private final BiConsumer<String, Duration> track;

  Recovery(Vertx vertx, OrchestratorSettings settings, WorkflowStore store, EventPublisher publisher, BiConsumer<String, Duration> track) {
    this.vertx = vertx;
    this.settings = settings;
    this.store = store;
    this.publisher = publisher;
    this.track = track;
  }

  Future<Void> restore(JournalReplay replay) {
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
  void resume(JournalReplay replay) {
    Instant now = Instant.now();
    for (WorkflowRecord record : replay.records.values()) {
      if (record.status() != WorkflowStatus.ACTIVE) {
        continue;
      }
      String id = record.correlationId();
      Duration left = Duration.between(now, record.startedAt().plus(settings.workflowTimeout()));
      track.accept(id, left);
      if (left.isNegative() || left.isZero()) {
        io.alchemiser.shared.logging.WorkflowLogContext.withCorrelation(id, () -> LOG.warn("workflow {} was interrupted at {} and is past its timeout", id, record.stage()));
        publisher.fail(id, null, "interrupted: the process stopped while the workflow was at " + record.stage()
            + ", and it is past its timeout; start it again with the same correlation id to finish it", ErrorCodes.INTERRUPTED, record.stage());
        continue;
      }
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
}
