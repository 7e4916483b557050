package io.alchemiser.orchestrator;

import io.alchemiser.shared.bus.Addresses;
import io.alchemiser.shared.bus.Headers;
import io.alchemiser.shared.client.AwaitRequest;
import io.alchemiser.shared.client.ListRequest;
import io.alchemiser.shared.client.OrchestratorAction;
import io.alchemiser.shared.client.StartRequest;
import io.alchemiser.shared.client.WorkflowClientException;
import io.alchemiser.shared.client.WorkflowList;
import io.alchemiser.shared.client.WorkflowQuery;
import io.alchemiser.shared.json.Json;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The orchestrator's face on the bus ({@link Addresses#ORCHESTRATOR}): one handler per
 * {@link OrchestratorAction}, each reading its own request record, so a malformed request is refused
 * naming the field. Refusals go back as {@link WorkflowClientException} codes (400, 404, 409);
 * anything else as 500 with the detail in the log.
 */
final class OrchestratorApi {
  private static final Logger LOG = LoggerFactory.getLogger(OrchestratorApi.class);
  private final Map<OrchestratorAction, Function<JsonObject, Future<?>>> handlers = new EnumMap<>(OrchestratorAction.class);

  OrchestratorApi(OrchestratorVerticle tracking) {
    handlers.put(OrchestratorAction.START, body -> tracking.start(StartRequest.fromJson(body))
        .map(id -> new JsonObject().put("correlationId", id)));
    // The record itself: JSON only if it leaves this node (EventMessageCodec).
    handlers.put(OrchestratorAction.AWAIT, body -> tracking.awaitCompletion(AwaitRequest.fromJson(body)));
    handlers.put(OrchestratorAction.GET, body -> tracking.get(WorkflowQuery.fromJson(body).correlationId()));
    handlers.put(OrchestratorAction.STATUS, body -> tracking.get(WorkflowQuery.fromJson(body).correlationId())
        .map(record -> new JsonObject().put("status", record.status().label())));
    handlers.put(OrchestratorAction.ACTIVE, body -> tracking.active().map(records -> Json.toBuffer(new WorkflowList(records))));
    handlers.put(OrchestratorAction.STATS, body -> tracking.stats().map(Json::toBuffer));
    handlers.put(OrchestratorAction.LIST, body -> tracking.list(ListRequest.fromJson(body))
        .map(records -> Json.toBuffer(new WorkflowList(records))));
  }

  MessageConsumer<Object> register(Vertx vertx) {
    return vertx.eventBus().consumer(Addresses.ORCHESTRATOR, this::onRequest);
  }

  /**
   * Starts handed over by the other orchestrators ({@link Addresses#ORCHESTRATOR_STARTS}): listened to
   * only while this node decides starts, so that a handed start reaches the one that does.
   */
  static MessageConsumer<Object> registerStarts(Vertx vertx, OrchestratorVerticle tracking) {
    return vertx.eventBus().consumer(Addresses.ORCHESTRATOR_STARTS, message -> {
      if (!(message.body() instanceof JsonObject body)) {
        message.fail(WorkflowClientException.BAD_REQUEST, "a handed start must be a JSON object");
        return;
      }
      Future<?> reply;
      try {
        reply = tracking.startHere(StartRequest.fromJson(body)).map(id -> new JsonObject().put("correlationId", id));
      } catch (RuntimeException e) {
        reply = Future.failedFuture(e);
      }
      answer(message, OrchestratorAction.START, reply);
    });
  }

  private void onRequest(Message<Object> message) {
    String name = message.headers().get(Headers.ACTION);
    OrchestratorAction action = OrchestratorAction.fromWire(name).orElse(null);
    if (action == null) {
      message.fail(WorkflowClientException.BAD_REQUEST, "unknown action '" + name + "' (start, await, get, status, active, stats, list)");
      return;
    }
    if (!(message.body() instanceof JsonObject body)) {
      message.fail(WorkflowClientException.BAD_REQUEST, "request body must be a JSON object");
      return;
    }
    Future<?> reply;
    try {
      reply = handlers.get(action).apply(body);
    } catch (RuntimeException e) {
      reply = Future.failedFuture(e);
    }
    answer(message, action, reply);
  }

  private static void answer(Message<Object> message, OrchestratorAction action, Future<?> reply) {
    reply.onComplete(result -> {
      if (result.succeeded()) {
        message.reply(result.result());
      } else if (result.cause() instanceof WorkflowClientException refused) {
        message.fail(refused.code(), refused.getMessage());
      } else {
        LOG.error("request '{}' failed", action.wire(), result.cause());
        message.fail(500, "internal error: " + result.cause().getMessage());
      }
    });
  }
}
