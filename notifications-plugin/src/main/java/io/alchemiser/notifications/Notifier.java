package io.alchemiser.notifications;

import io.alchemiser.shared.client.WorkflowRecord;
import io.vertx.core.Future;

/** One way of telling people about a workflow. */
interface Notifier {
  /** A bounded name for logs and metrics: email, webhook. */
  String channel();

  Future<Void> send(WorkflowRecord record, String eventType);

  /** Tells of a halt or a resume of trading. */
  Future<Void> send(HaltSummary halt);

  /** Whether a failed send is worth trying again. */
  boolean retryable(Throwable failure);
}
