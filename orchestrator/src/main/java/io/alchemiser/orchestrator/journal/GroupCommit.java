package io.alchemiser.orchestrator.journal;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends from any event loop, written in groups: one write at a time (off the event loops) takes
 * everything appended since the last one began, so that appends made meanwhile — by every partition
 * of the orchestrator — share one commit and fsync. Each append's Future completes once its write has,
 * on the event loop that appended it; entries are written in the order they were appended.
 */
final class GroupCommit {
  private static final Logger LOG = LoggerFactory.getLogger(Journal.class);

  private final Vertx vertx;
  /** Writes one batch durably (blocking). */
  private final Consumer<List<byte[]>> writer;
  private final List<Pending> queue = new ArrayList<>();
  private boolean writing;

  /** An entry waiting for the next write, and the event loop that waits for it. */
  private record Pending(byte[] entry, Promise<Void> done, Context context) {
  }

  GroupCommit(Vertx vertx, Consumer<List<byte[]>> writer) {
    this.vertx = vertx;
    this.writer = writer;
  }

  Future<Void> append(byte[] entry) {
    Promise<Void> done = Promise.promise();
    Pending pending = new Pending(entry, done, vertx.getOrCreateContext());
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
    List<Pending> batch;
    synchronized (queue) {
      batch = new ArrayList<>(queue);
      queue.clear();
    }
    List<byte[]> entries = new ArrayList<>(batch.size());
    batch.forEach(p -> entries.add(p.entry()));
    vertx.executeBlocking(() -> {
      writer.accept(entries);
      return null;
    }, false).onComplete(result -> {
      if (result.failed()) {
        LOG.error("journal write failed", result.cause());
      }
      Context here = Vertx.currentContext();
      Throwable failure = result.failed() ? result.cause() : null;
      for (Pending p : batch) {
        if (p.context() == here) {
          settle(p.done(), failure);
        } else {
          p.context().runOnContext(v -> settle(p.done(), failure));
        }
      }
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

  private static void settle(Promise<Void> done, Throwable failure) {
    if (failure == null) {
      done.complete();
    } else {
      done.fail(failure);
    }
  }
}
