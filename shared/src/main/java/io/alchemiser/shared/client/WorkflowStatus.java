package io.alchemiser.shared.client;

import java.util.Locale;

/** Where a workflow stands. Only ACTIVE can change. */
public enum WorkflowStatus {
  ACTIVE, COMPLETED, FAILED, TIMEOUT;

  /** Computed once: the label is read for every event a workflow sees. */
  private final String label = name().toLowerCase(Locale.ROOT);

  public boolean isFinished() {
    return this != ACTIVE;
  }

  public String label() {
    return label;
  }
}
