package io.alchemiser.shared.client;

import io.alchemiser.shared.event.CorrelationIds;
import io.vertx.core.json.JsonObject;

/** Waits up to {@code timeoutMs} (0: not at all) for a workflow to finish ({@link OrchestratorAction#AWAIT}). */
public record AwaitRequest(String correlationId, long timeoutMs) {
  public AwaitRequest {
    if (!CorrelationIds.isValid(correlationId)) {
      throw new WorkflowClientException(WorkflowClientException.BAD_REQUEST, CorrelationIds.validateMessage(correlationId));
    }
    if (timeoutMs < 0) {
      throw new WorkflowClientException(WorkflowClientException.BAD_REQUEST, "timeoutMs must not be negative, was " + timeoutMs);
    }
  }

  public JsonObject toJson() {
    return new JsonObject().put("correlationId", correlationId).put("timeoutMs", timeoutMs);
  }

  public static AwaitRequest fromJson(JsonObject body) {
    Long timeout = Requests.number(body, "timeoutMs");
    return new AwaitRequest(Requests.text(body, "correlationId"), timeout == null ? 0 : Math.max(0, timeout));
  }
}
