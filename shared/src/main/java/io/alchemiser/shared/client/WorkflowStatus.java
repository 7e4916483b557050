package io.alchemiser.shared.client;

import java.util.Locale;

/** Where a workflow stands. Only ACTIVE can change. */
public enum WorkflowStatus {
  ACTIVE, COMPLETED, FAILED, TIMEOUT;

  public boolean isFinished() {
    return this != ACTIVE;
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
