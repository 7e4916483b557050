package io.alchemiser.orchestrator.journal;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Appends from any event loop, written in groups: one write at a time takes everything appended
 * since the last one began, so that appends made meanwhile — by every partition of the orchestrator —
 * share one write (the journal's commit and fsync, the claims' one cluster write). Each append's
 * Future completes once its write has, on the event loop that appended it; entries are written in
 * the order they were appended.
 *
 * @param <T> what one append writes
 */
public final class GroupCommit<T> {
  private final Vertx vertx;
  /** Writes one batch; its Future completes when the batch is durable. */
  private final Function<List<T>, Future<Void>> writer;
  private final List<Pending<T>> queue = new ArrayList<>();
  private boolean writing;

  /** An entry waiting for the next write, and the event loop that waits for it. */
  private record Pending<T>(T entry, Promise<Void> done, Context context) {
  }

  public GroupCommit(Vertx vertx, Function<List<T>, Future<Void>> writer) {
    this.vertx = vertx;
    this.writer = writer;
  }

  public Future<Void> append(T entry) {
    Promise<Void> done = Promise.promise();
    Pending<T> pending = new Pending<>(entry, done, vertx.getOrCreateContext());
    boolean start;
    synchronized (queue) {
      queue.add(pending);
      start = !writing;
      writing = true;
    }
    if (start) {
      write();
    }
    return done.future();
  }

  private void write() {
    List<Pending<T>> batch;
    synchronized (queue) {
      batch = new ArrayList<>(queue);
      queue.clear();
    }
    List<T> entries = new ArrayList<>(batch.size());
    batch.forEach(p -> entries.add(p.entry()));
    Future<Void> written;
    try {
      written = writer.apply(entries);
    } catch (RuntimeException e) {
      written = Future.failedFuture(e);
    }
    written.onComplete(result -> {
      Context here = Vertx.currentContext();
      Throwable failure = result.failed() ? result.cause() : null;
      // One task per event loop that waits, not one per entry: a write settles tens of appends, and
      // each task handed to another loop may wake it.
      Map<Context, List<Promise<Void>>> byContext = new IdentityHashMap<>(4);
      for (Pending<T> p : batch) {
        byContext.computeIfAbsent(p.context(), c -> new ArrayList<>()).add(p.done());
      }
      byContext.forEach((context, promises) -> {
        if (context == here) {
          settle(promises, failure);
        } else {
          context.runOnContext(v -> settle(promises, failure));
        }
      });
      boolean more;
      synchronized (queue) {
        more = !queue.isEmpty();
        writing = more;
      }
      if (more) {
        write();
      }
    });
  }

  private static void settle(List<Promise<Void>> promises, Throwable failure) {
    for (Promise<Void> done : promises) {
      if (failure == null) {
        done.complete();
      } else {
        done.fail(failure);
      }
    }
  }
}
