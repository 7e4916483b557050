package io.alchemiser.shared.client;

import io.alchemiser.shared.event.CorrelationIds;
import io.alchemiser.shared.event.Simulation;
import io.vertx.core.json.JsonObject;

/**
 * Asks the orchestrator to start a workflow ({@link OrchestratorAction#START}); a null correlation
 * id lets it choose one, a null trigger is {@code api}, a null timeout is the configured one.
 * {@code simulation} is set only for the simulated days of a backtest.
 */
public record StartRequest(String correlationId, boolean dryRun, String trigger, Long timeoutSeconds, Simulation simulation) {
  public StartRequest(String correlationId, boolean dryRun, String trigger, Long timeoutSeconds) {
    this(correlationId, dryRun, trigger, timeoutSeconds, null);
  }

  public static StartRequest of(String correlationId, boolean dryRun, String trigger) {
    return new StartRequest(correlationId, dryRun, trigger, null);
  }

  public JsonObject toJson() {
    JsonObject body = new JsonObject()
        .put("correlationId", correlationId)
        .put("dryRun", dryRun)
        .put("trigger", trigger)
        .put("timeoutSeconds", timeoutSeconds);
    if (simulation != null) {
      body.put("simulation", simulation.toJson());
    }
    return body;
  }

  /** The request as the orchestrator receives it, checked field by field. */
  public static StartRequest fromJson(JsonObject body) {
    String id = Requests.text(body, "correlationId");
    if (id != null && !CorrelationIds.isValid(id)) {
      throw new WorkflowClientException(WorkflowClientException.BAD_REQUEST, CorrelationIds.validateMessage(id));
    }
    Long timeout = Requests.number(body, "timeoutSeconds");
    if (timeout != null && timeout <= 0) {
      throw new WorkflowClientException(WorkflowClientException.BAD_REQUEST, "timeoutSeconds must be positive");
    }
    String trigger = Requests.text(body, "trigger");
    Simulation simulation = null;
    if (body.getValue("simulation") != null) {
      try {
        simulation = Simulation.fromJson(body.getValue("simulation"));
      } catch (IllegalArgumentException e) {
        throw new WorkflowClientException(WorkflowClientException.BAD_REQUEST, "malformed simulation: " + e.getMessage());
      }
    }
    return new StartRequest(id, Requests.flag(body, "dryRun"), trigger == null ? "api" : trigger, timeout, simulation);
  }
}
