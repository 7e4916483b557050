package io.alchemiser.portfolio;

import io.alchemiser.shared.bus.Addresses;
import io.alchemiser.shared.event.ErrorCodes;
import io.alchemiser.shared.bus.Headers;
import io.alchemiser.shared.bus.WorkflowRuns;
import io.alchemiser.shared.event.SignalGenerated;
import io.alchemiser.shared.client.WorkflowClient;
import io.alchemiser.shared.event.WorkflowException;
import io.alchemiser.shared.account.AccountLease;
import io.alchemiser.shared.account.AccountLeases;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The portfolio module's side of the account lease: before a live workflow reads the account to
 * plan, it takes the lease of the broker's account, waiting while another workflow holds it, for as
 * long as its own run allows. The execution module takes the lease over with the plan; a lease
 * still at planning when its workflow ends (failed, timed out, or the plan never reached an
 * execution module) is released here. The run's deadline and its end come from what this node knows
 * of runs ({@link WorkflowRuns}: the deadline each event carries, the orchestrator's end notices), so
 * waiting needs no question to the orchestrator and no look at every event of every workflow.
 */
final class AccountGate {
  private static final long REQUEST_TIMEOUT_MS = 5_000;
  /** How long before the workflow's timeout a waiter gives up, so that its own reason is the one reported. */
  private static final Duration MARGIN = Duration.ofSeconds(2);

  private final Vertx vertx;
  private final AccountLeases leases;
  private final Duration workflowTimeout;
  private final WorkflowClient client;
  private final WorkflowRuns runs;
  /** The leases held at planning, by workflow, with the deadline of the run that holds each. */
  private final Map<String, Planning> planning = new HashMap<>();
  private final MessageConsumer<Object> ends;

  private record Planning(AccountLease lease, long run) {
  }

  private AccountGate(Vertx vertx, AccountLeases leases, Duration workflowTimeout) {
    this.vertx = vertx;
    this.leases = leases;
    this.workflowTimeout = workflowTimeout;
    this.client = WorkflowClient.create(vertx, Duration.ofSeconds(2));
    this.runs = WorkflowRuns.of(vertx);
    // The orchestrators' notices of ended runs; until 1 December 2026 this read the headers of every event instead.
    this.ends = vertx.eventBus().consumer(Addresses.WORKFLOW_ENDED, message -> {
      for (WorkflowRuns.EndNotice notice : WorkflowRuns.EndNotice.readAll(message.body())) {
        runEnded(notice.correlationId(), notice.deadline());
      }
    });
  }

  static Future<AccountGate> start(Vertx vertx, AccountLeases leases, Duration workflowTimeout) {
    AccountGate gate = new AccountGate(vertx, leases, workflowTimeout);
    return gate.ends.completion().map(v -> gate);
  }

  Future<Void> stop() {
    return ends.unregister();
  }

  /** Holds the account of the broker for the signal's workflow; then {@code work} runs, and a failure of it gives the lease back. */
  <T> Future<T> whileHolding(SignalGenerated signal, java.util.function.Supplier<Future<T>> work) {
    String id = signal.correlationId();
    return identity(id).compose(account -> runDeadline(signal).compose(run ->
            leases.acquire(account, id, Instant.ofEpochMilli(run).minus(MARGIN), () -> runs.mayAct(id, run))
                .map(lease -> new Planning(lease, run))))
        .compose(held -> {
          planning.put(id, held);
          return work.get().onFailure(err -> {
            planning.remove(id, held);
            leases.release(held.lease());
          });
        });
  }

  private void runEnded(String id, long deadline) {
    Planning held = planning.get(id);
    // A run no later than the one that ended (a retry of the workflow is a later run, with a later deadline).
    if (held != null && held.run() <= deadline) {
      planning.remove(id);
      // At planning still: the plan never reached an execution module (which would hold it now).
      leases.release(held.lease());
    }
  }

  /** Which account the broker trades, as the execution module names it. */
  private Future<String> identity(String correlationId) {
    return vertx.eventBus().<Object>request(Addresses.BROKER_IDENTITY, null,
            new DeliveryOptions().setSendTimeout(REQUEST_TIMEOUT_MS).addHeader(Headers.CORRELATION_ID, correlationId))
        .recover(err -> Future.failedFuture(BrokerRequestFailed.of("cannot learn the broker's account", err)))
        .map(reply -> {
          if (reply.body() instanceof JsonObject body && body.getValue("account") instanceof String account
              && !account.isBlank() && account.length() <= 512) {
            return account;
          }
          throw new WorkflowException(ErrorCodes.BROKER_ERROR, "the broker named no account");
        });
  }

  /**
   * The run's deadline (epoch ms), as its event brought it; for an event that came without one, the
   * configured timeout counted from the workflow's start as the orchestrator recorded it.
   */
  private Future<Long> runDeadline(SignalGenerated signal) {
    Long known = runs.deadline(signal.correlationId());
    if (known != null) {
      return Future.succeededFuture(known);
    }
    return client.get(signal.correlationId()).map(record -> record.startedAt())
        .recover(err -> Future.succeededFuture(signal.metadata().timestamp()))
        .map(started -> started.plus(workflowTimeout).toEpochMilli());
  }
}
