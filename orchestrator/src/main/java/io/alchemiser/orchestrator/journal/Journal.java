package io.alchemiser.orchestrator.journal;

import io.alchemiser.shared.bus.EventCodec;
import io.alchemiser.shared.event.EventRejectedException;
import io.alchemiser.shared.event.WorkflowEvent;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable journal of every workflow event, in H2's MVStore under {@code <dataDir>/journal}.
 * Appends are grouped: events that arrive while a write is under way go out together in the next
 * one, each write ends in a commit and an fsync, and an append's Future completes only after its
 * event is on disk. The store holds a file lock: one process at a time.
 */
public final class Journal implements AutoCloseable {
  public static final String FILE = "journal.mv.db";
  private static final Logger LOG = LoggerFactory.getLogger(Journal.class);

  private final MVStore store;
  private final MVMap<Long, byte[]> events;
  private final MVMap<Long, byte[]> deadLetters;
  private long next;
  private Vertx vertx;
  private final List<Pending> queue = new ArrayList<>();
  private boolean writing;

  private record Pending(byte[] json, Promise<Void> done) {
  }

  /** The journal is held by another process (a running server). */
  public static final class LockedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    LockedException(Path file) {
      super("the journal " + file + " is in use by another Alchemiser process (a running server?); "
          + "ask that server (GET /api/workflows) or stop it first", null, false, false);
    }
  }

  private Journal(MVStore store) {
    this.store = store;
    this.events = store.openMap("events");
    this.deadLetters = store.openMap("dead-letters");
    Long last = events.lastKey();
    this.next = last == null ? 1 : last + 1;
  }

  public static Journal open(Path dataDir, boolean readOnly) {
    Path dir = dataDir.resolve("journal");
    Path file = dir.resolve(FILE);
    try {
      if (!readOnly) {
        Files.createDirectories(dir);
      } else if (!Files.exists(file)) {
        throw new IllegalStateException("no journal at " + file);
      }
      MVStore.Builder builder = new MVStore.Builder().fileName(file.toString()).autoCommitDisabled();
      return new Journal(readOnly ? builder.readOnly().open() : builder.open());
    } catch (MVStoreException e) {
      if (String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("lock")) {
        throw new LockedException(file);
      }
      throw new IllegalStateException("the journal " + file + " cannot be opened: " + e.getMessage(), e);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("cannot create " + dir + ": " + e.getMessage(), e);
    }
  }

  /** Appends go through this Vert.x; call before the first append. */
  public Journal attach(Vertx vertx) {
    this.vertx = vertx;
    return this;
  }

  /** Completes once the event is durable. Called from one event-loop context. */
  public Future<Void> append(WorkflowEvent event) {
    Promise<Void> done = Promise.promise();
    queue.add(new Pending(EventCodec.toJsonBytes(event), done));
    if (!writing) {
      write();
    }
    return done.future();
  }

  private void write() {
    List<Pending> batch = new ArrayList<>(queue);
    queue.clear();
    writing = true;
    vertx.executeBlocking(() -> {
      synchronized (store) {
        for (Pending pending : batch) {
          events.put(next++, pending.json());
        }
        store.commit();
        store.sync();
      }
      return batch.size();
    }, true).onComplete(result -> {
      writing = false;
      if (result.succeeded()) {
        batch.forEach(p -> p.done().complete());
      } else {
        LOG.error("journal write failed", result.cause());
        batch.forEach(p -> p.done().fail(result.cause()));
      }
      if (!queue.isEmpty()) {
        write();
      }
    });
  }

  /** Every event in the order it was journaled (blocking). Unreadable entries are reported and skipped. */
  public void forEach(Consumer<WorkflowEvent> action) {
    synchronized (store) {
      for (Map.Entry<Long, byte[]> entry : events.entrySet()) {
        try {
          action.accept(EventCodec.fromJson(new String(entry.getValue(), StandardCharsets.UTF_8)));
        } catch (EventRejectedException e) {
          LOG.error("journal entry {} is unreadable and was skipped: {}", entry.getKey(), e.getMessage());
        }
      }
    }
  }

  /** Removes every event of these workflows (blocking); returns how many events went. */
  public int remove(Set<String> correlationIds) {
    if (correlationIds.isEmpty()) {
      return 0;
    }
    int removed = 0;
    synchronized (store) {
      for (Iterator<Map.Entry<Long, byte[]>> it = events.entrySet().iterator(); it.hasNext(); ) {
        Map.Entry<Long, byte[]> entry = it.next();
        try {
          if (correlationIds.contains(EventCodec.fromJson(new String(entry.getValue(), StandardCharsets.UTF_8)).correlationId())) {
            events.remove(entry.getKey());
            removed++;
          }
        } catch (EventRejectedException e) {
          events.remove(entry.getKey());
        }
      }
      store.commit();
      store.sync();
    }
    return removed;
  }

  /** Keeps a dead letter, the oldest going once there are {@code max} (blocking). */
  public void deadLetter(byte[] json, int max) {
    synchronized (store) {
      Long last = deadLetters.lastKey();
      deadLetters.put(last == null ? 1 : last + 1, json);
      while (deadLetters.sizeAsLong() > max) {
        deadLetters.remove(deadLetters.firstKey());
      }
      store.commit();
      store.sync();
    }
  }

  /** The newest {@code limit} dead letters, newest first (blocking). */
  public List<byte[]> deadLetters(int limit) {
    List<byte[]> newest = new ArrayList<>();
    synchronized (store) {
      Long key = deadLetters.lastKey();
      while (key != null && newest.size() < limit) {
        newest.add(deadLetters.get(key));
        key = deadLetters.lowerKey(key);
      }
    }
    return newest;
  }

  long size() {
    return events.sizeAsLong();
  }

  @Override
  public void close() {
    synchronized (store) {
      if (!store.isClosed()) {
        store.close();
      }
    }
  }
}
