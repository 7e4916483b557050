package io.alchemiser.shared;

/** Asks the orchestrator to start a workflow; a null correlation id lets it choose one. */
public record StartRequest(String correlationId, boolean dryRun, String trigger, Long timeoutSeconds) {
  public static StartRequest of(String correlationId, boolean dryRun, String trigger) {
    return new StartRequest(correlationId, dryRun, trigger, null);
  }
}
