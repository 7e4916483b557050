package io.alchemiser.orchestrator;

import io.vertx.core.Future;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Runs asynchronous tasks one after another per key, so that two events of one workflow never
 * interleave their read-modify-write of its record, while different workflows run freely.
 * Used from one event-loop context only.
 */
final class KeyedSequencer {
  private final Map<String, Future<?>> tails = new HashMap<>();

  <T> Future<T> run(String key, Supplier<Future<T>> task) {
    Future<?> previous = tails.get(key);
    Future<T> next = previous == null ? safely(task) : previous.transform(ignored -> safely(task));
    if (next.isComplete()) {
      // Done at once (no journal write to wait for): nothing later has to queue behind it.
      return next;
    }
    tails.put(key, next);
    next.onComplete(ignored -> tails.remove(key, next));
    return next;
  }

  int size() {
    return tails.size();
  }

  private static <T> Future<T> safely(Supplier<Future<T>> task) {
    try {
      return task.get();
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }
}
