package io.alchemiser.shared.client;

import io.alchemiser.shared.event.Simulation;

/**
 * Asks the orchestrator to start a workflow; a null correlation id lets it choose one.
 * {@code simulation} is set only for the simulated days of a backtest.
 */
public record StartRequest(String correlationId, boolean dryRun, String trigger, Long timeoutSeconds, Simulation simulation) {
  public StartRequest(String correlationId, boolean dryRun, String trigger, Long timeoutSeconds) {
    this(correlationId, dryRun, trigger, timeoutSeconds, null);
  }

  public static StartRequest of(String correlationId, boolean dryRun, String trigger) {
    return new StartRequest(correlationId, dryRun, trigger, null);
  }
}
