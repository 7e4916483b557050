package io.alchemiser.shared.event;

import io.alchemiser.shared.trading.Validation;

import java.util.List;

/** Published once a node has deployed every module enabled in its config. */
public record StartupEvent(EventMetadata metadata, String nodeId, List<String> modules) implements WorkflowEvent {
  public StartupEvent {
    Validation.require(metadata, "metadata");
    Validation.require(nodeId, "nodeId");
    modules = List.copyOf(Validation.require(modules, "modules"));
  }
}
