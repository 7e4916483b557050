package io.alchemiser.shared.client;

import io.alchemiser.shared.event.CorrelationIds;
import io.vertx.core.json.JsonObject;

/** One workflow asked about by its correlation id ({@link OrchestratorAction#GET}, {@link OrchestratorAction#STATUS}). */
public record WorkflowQuery(String correlationId) {
  public WorkflowQuery {
    if (!CorrelationIds.isValid(correlationId)) {
      throw new WorkflowClientException(WorkflowClientException.BAD_REQUEST, CorrelationIds.validateMessage(correlationId));
    }
  }

  public JsonObject toJson() {
    return new JsonObject().put("correlationId", correlationId);
  }

  public static WorkflowQuery fromJson(JsonObject body) {
    return new WorkflowQuery(Requests.text(body, "correlationId"));
  }
}
