package io.alchemiser.shared.client;

import io.alchemiser.shared.bus.Addresses;
import io.alchemiser.shared.bus.Headers;
import io.alchemiser.shared.event.CorrelationIds;
import io.alchemiser.shared.json.Json;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link WorkflowClient} over request/reply on {@link Addresses#ORCHESTRATOR}, JSON both ways. A query
 * that changes nothing (get, status, list, active, stats) is asked once more when its first request
 * goes unanswered: for a moment after an orchestrator dies, the cluster may still route a request to
 * it, and the bus then drops the request without failing it, so only the timeout tells.
 */
final class EventBusWorkflowClient implements WorkflowClient {
  private static final Logger LOG = LoggerFactory.getLogger(EventBusWorkflowClient.class);
  private final long requestTimeoutMs;
  private final Vertx vertx;

  EventBusWorkflowClient(Vertx vertx, Duration requestTimeout) {
    // Records come back as themselves from this node's orchestrator, as JSON from another's.
    WorkflowClient.registerCodecs(vertx);
    this.vertx = vertx;
    this.requestTimeoutMs = requestTimeout.toMillis();
  }

  @Override
  public Future<String> start(StartRequest request) {
    if (request.correlationId() != null && !CorrelationIds.isValid(request.correlationId())) {
      return Future.failedFuture(new WorkflowClientException(WorkflowClientException.BAD_REQUEST,
          CorrelationIds.validateMessage(request.correlationId())));
    }
    return call(OrchestratorAction.START, request.toJson(), requestTimeoutMs).map(reply -> ((JsonObject) reply).getString("correlationId"));
  }

  @Override
  public Future<WorkflowRecord> awaitCompletion(String correlationId, Duration timeout) {
    return query(() -> new AwaitRequest(correlationId, timeout.toMillis()).toJson())
        .compose(body -> call(OrchestratorAction.AWAIT, body, timeout.toMillis() + requestTimeoutMs)).compose(EventBusWorkflowClient::record);
  }

  @Override
  public Future<WorkflowRecord> get(String correlationId) {
    return query(() -> new WorkflowQuery(correlationId).toJson())
        .compose(body -> idempotent(OrchestratorAction.GET, body, requestTimeoutMs))
        .compose(EventBusWorkflowClient::record);
  }

  @Override
  public Future<List<WorkflowRecord>> activeWorkflows() {
    return idempotent(OrchestratorAction.ACTIVE, new JsonObject(), requestTimeoutMs).compose(EventBusWorkflowClient::list);
  }

  @Override
  public Future<List<WorkflowRecord>> recent(WorkflowStatus status, int limit) {
    return query(() -> new ListRequest(status, limit).toJson())
        .compose(body -> idempotent(OrchestratorAction.LIST, body, requestTimeoutMs)).compose(EventBusWorkflowClient::list);
  }

  private static Future<List<WorkflowRecord>> list(Object reply) {
    try {
      return Future.succeededFuture(Json.fromBody(reply, WorkflowList.class).workflows());
    } catch (IOException e) {
      return Future.failedFuture(new IllegalStateException("orchestrator sent an unreadable workflow list: " + Json.describe(e)));
    }
  }

  @Override
  public Future<WorkflowStatus> status(String correlationId) {
    return query(() -> new WorkflowQuery(correlationId).toJson())
        .compose(body -> idempotent(OrchestratorAction.STATUS, body, requestTimeoutMs)).compose(reply -> {
      String label = reply instanceof JsonObject json ? json.getString("status") : null;
      for (WorkflowStatus status : WorkflowStatus.values()) {
        if (status.label().equals(label)) {
          return Future.succeededFuture(status);
        }
      }
      return Future.failedFuture(new IllegalStateException("orchestrator sent an unknown status '" + label + "'"));
    });
  }

  @Override
  public Future<Boolean> isActive(String correlationId) {
    return status(correlationId)
        .map(status -> status == WorkflowStatus.ACTIVE)
        .recover(err -> err instanceof WorkflowClientException wce && wce.code() == WorkflowClientException.NOT_FOUND
            ? Future.succeededFuture(false) : Future.failedFuture(err));
  }

  @Override
  public Future<String> stage(String correlationId) {
    return get(correlationId).map(WorkflowRecord::stage);
  }

  @Override
  public Future<WorkflowStats> stats() {
    return idempotent(OrchestratorAction.STATS, new JsonObject(), requestTimeoutMs).compose(reply -> {
      try {
        return Future.succeededFuture(Json.fromBody(reply, WorkflowStats.class));
      } catch (IOException e) {
        return Future.failedFuture(new IllegalStateException("orchestrator sent unreadable stats: " + Json.describe(e)));
      }
    });
  }

  /** A request's body, or the refusal its record makes of a bad argument (before anything is sent). */
  private static Future<JsonObject> query(java.util.function.Supplier<JsonObject> body) {
    try {
      return Future.succeededFuture(body.get());
    } catch (WorkflowClientException e) {
      return Future.failedFuture(e);
    }
  }

  /** A request that changes nothing, so asking it twice is harmless: asked again once if it went unanswered. */
  private Future<Object> idempotent(OrchestratorAction action, JsonObject body, long timeoutMs) {
    return ask(action, body, timeoutMs).recover(err -> {
      if (err instanceof ReplyException reply && reply.failureType() == ReplyFailure.TIMEOUT) {
        LOG.info("the orchestrator did not answer a '{}' request in {} ms; asking once more", action.wire(), timeoutMs);
        return ask(action, body, timeoutMs);
      }
      return Future.failedFuture(err);
    }).recover(err -> Future.failedFuture(translate(err)));
  }

  private Future<Object> call(OrchestratorAction action, JsonObject body, long timeoutMs) {
    return ask(action, body, timeoutMs).recover(err -> Future.failedFuture(translate(err)));
  }

  private Future<Object> ask(OrchestratorAction action, JsonObject body, long timeoutMs) {
    DeliveryOptions options = new DeliveryOptions().addHeader(Headers.ACTION, action.wire()).setSendTimeout(timeoutMs);
    String correlationId = body.getString("correlationId");
    if (correlationId != null) {
      options.addHeader(Headers.CORRELATION_ID, correlationId);
    }
    return vertx.eventBus().request(Addresses.ORCHESTRATOR, body, options).map(message -> message.body());
  }

  private static Throwable translate(Throwable err) {
    if (err instanceof ReplyException reply) {
      if (reply.failureType() == ReplyFailure.RECIPIENT_FAILURE) {
        return new WorkflowClientException(reply.failureCode(), reply.getMessage());
      }
      if (reply.failureType() == ReplyFailure.NO_HANDLERS) {
        return new WorkflowClientException(WorkflowClientException.UNAVAILABLE, "no orchestrator is running");
      }
      return new WorkflowClientException(WorkflowClientException.UNAVAILABLE, "the orchestrator did not answer in time");
    }
    return err;
  }

  private static Future<WorkflowRecord> record(Object body) {
    if (body instanceof WorkflowRecord record) {
      return Future.succeededFuture(record);
    }
    try {
      return Future.succeededFuture(Json.fromBody(body, WorkflowRecord.class));
    } catch (IOException e) {
      return Future.failedFuture(new IllegalStateException("orchestrator sent an unreadable workflow: " + Json.describe(e)));
    }
  }
}
