package io.alchemiser.shared.client;

import io.vertx.core.json.JsonObject;
import java.util.Locale;

/** The newest workflows, of one status or of any (null), at most {@code limit} of them ({@link OrchestratorAction#LIST}). */
public record ListRequest(WorkflowStatus status, int limit) {
  public ListRequest {
    if (limit < 1 || limit > 1000) {
      throw new WorkflowClientException(WorkflowClientException.BAD_REQUEST, "limit must be between 1 and 1000, was " + limit);
    }
  }

  public JsonObject toJson() {
    return new JsonObject().put("status", status == null ? null : status.label()).put("limit", limit);
  }

  public static ListRequest fromJson(JsonObject body) {
    String name = Requests.text(body, "status");
    WorkflowStatus status = null;
    if (name != null) {
      try {
        status = WorkflowStatus.valueOf(name.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new WorkflowClientException(WorkflowClientException.BAD_REQUEST,
            "status must be active, completed, failed or timeout, was '" + name + "'");
      }
    }
    Long limit = Requests.number(body, "limit");
    return new ListRequest(status, limit == null ? 50 : (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, limit)));
  }
}
