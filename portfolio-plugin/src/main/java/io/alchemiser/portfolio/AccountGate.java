package io.alchemiser.portfolio;

import io.alchemiser.shared.bus.Addresses;
import io.alchemiser.shared.event.ErrorCodes;
import io.alchemiser.shared.event.EventType;
import io.alchemiser.shared.bus.Headers;
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
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The portfolio module's side of the account lease: before a live workflow reads the account to
 * plan, it takes the lease of the broker's account, waiting while another workflow holds it, for as
 * long as its own time allows. The execution module takes the lease over with the plan; a lease
 * still at planning when its workflow ends (failed, timed out, or the plan never reached an
 * execution module) is released here.
 */
final class AccountGate {
  private static final long REQUEST_TIMEOUT_MS = 5_000;
  /** How long before the workflow's timeout a waiter gives up, so that its own reason is the one reported. */
  private static final Duration MARGIN = Duration.ofSeconds(2);

  private final Vertx vertx;
  private final AccountLeases leases;
  private final Duration workflowTimeout;
  private final WorkflowClient client;
  private final Map<String, AccountLease> planning = new HashMap<>();
  private final Set<String> ended = Collections.newSetFromMap(new LinkedHashMap<>() {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
      return size() > 10_000;
    }
  });
  private final MessageConsumer<Object> ends;

  private AccountGate(Vertx vertx, AccountLeases leases, Duration workflowTimeout) {
    this.vertx = vertx;
    this.leases = leases;
    this.workflowTimeout = workflowTimeout;
    this.client = WorkflowClient.create(vertx, Duration.ofSeconds(2));
    // Only the headers are read: every event passes here, and only the starts and ends matter.
    this.ends = vertx.eventBus().consumer(Addresses.EVENTS, message -> {
      String type = message.headers().get(Headers.EVENT_TYPE);
      String id = Headers.correlationId(message.headers());
      if (id == null) {
        return;
      }
      if (EventType.WORKFLOW_COMPLETED.wireName().equals(type) || EventType.WORKFLOW_FAILED.wireName().equals(type)) {
        workflowEnded(id);
      } else if (EventType.WORKFLOW_STARTED.wireName().equals(type)) {
        // A failed id started again is a new attempt.
        ended.remove(id);
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
    return identity(id).compose(account -> deadline(signal).compose(deadline ->
            leases.acquire(account, id, deadline, () -> !ended.contains(id))))
        .compose(lease -> {
          planning.put(id, lease);
          return work.get().onFailure(err -> {
            planning.remove(id);
            leases.release(lease);
          });
        });
  }

  private void workflowEnded(String id) {
    ended.add(id);
    AccountLease lease = planning.remove(id);
    if (lease != null) {
      // At planning still: the plan never reached an execution module (which would hold it now).
      leases.release(lease);
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

  /** Shortly before the workflow's timeout, counted from its start as the orchestrator recorded it. */
  private Future<Instant> deadline(SignalGenerated signal) {
    return client.get(signal.correlationId()).map(record -> record.startedAt())
        .recover(err -> Future.succeededFuture(signal.metadata().timestamp()))
        .map(started -> started.plus(workflowTimeout).minus(MARGIN));
  }
}
