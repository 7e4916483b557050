package io.alchemiser.orchestrator.journal;

import io.alchemiser.shared.bus.EventCodec;
import io.alchemiser.shared.event.EventRejectedException;
import io.alchemiser.shared.event.WorkflowEvent;
import io.vertx.core.Future;
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
  private GroupCommit<byte[]> writes;

  /** The journal is held by another process (a running server). */
  public static final class LockedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    LockedException(Path file) {
      super("the journal " + file + " is in use by another Alchemiser process (a running server?); "
          + "ask that server (GET /api/workflows) or stop it first", null, false, false);
    }
  }

  /** The journal file cannot be read as a store: the message says what to do. */
  public static final class DamagedException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String problem;

    DamagedException(Path file, String problem) {
      super("the journal " + file + " is damaged (" + problem + "). Stop every Alchemiser process on this data directory and run "
          + "'alchemiser journal recover' (with the same --config): it moves the file aside, rebuilds what can be read into a new "
          + "journal and reports what was lost", null, false, false);
      this.problem = problem;
    }

    /** What the store said, without the advice. */
    public String problem() {
      return problem;
    }
  }

  private final Path file;

  private Journal(MVStore store, Path file) {
    this.store = store;
    this.file = file;
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
      MVStore store = readOnly ? builder.readOnly().open() : builder.open();
      try {
        return new Journal(store, file);
      } catch (MVStoreException e) {
        store.closeImmediately();
        throw e;
      }
    } catch (MVStoreException e) {
      if (String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("lock")) {
        throw new LockedException(file);
      }
      throw new DamagedException(file, e.getMessage());
    } catch (java.io.IOException e) {
      throw new IllegalStateException("cannot create " + dir + ": " + e.getMessage(), e);
    }
  }

  /** Appends go through this Vert.x; call before the first append. */
  public Journal attach(Vertx vertx) {
    this.writes = new GroupCommit<>(vertx, batch -> vertx.executeBlocking(() -> {
      write(batch);
      return null;
    }, false).onFailure(err -> LOG.error("journal write failed", err)).mapEmpty());
    return this;
  }

  /**
   * Completes once the event is durable, on the event loop that appended it. Appends come from every
   * orchestrator partition; they are written together (see {@link GroupCommit}), and one workflow's
   * events, appended in order by its partition, are written in order.
   */
  public Future<Void> append(WorkflowEvent event) {
    return writes.append(EventCodec.toJsonBytes(event));
  }

  /** One write: the events in the order given, one commit, one fsync (blocking). */
  private void write(List<byte[]> batch) {
    synchronized (store) {
      for (byte[] json : batch) {
        events.put(next++, json);
      }
      store.commit();
      store.sync();
    }
  }

  /** Every event in the order it was journaled (blocking). Unreadable entries are reported and skipped. */
  public void forEach(Consumer<WorkflowEvent> action) {
    synchronized (store) {
      Iterator<Map.Entry<Long, byte[]>> entries;
      try {
        entries = events.entrySet().iterator();
      } catch (RuntimeException e) {
        throw damaged(e);
      }
      while (true) {
        Map.Entry<Long, byte[]> entry;
        try {
          if (!entries.hasNext()) {
            return;
          }
          entry = entries.next();
          if (entry.getValue() == null) {
            throw new IllegalStateException("entry " + entry.getKey() + " has no value");
          }
        } catch (RuntimeException e) {
          // A damaged page shows itself as any of several exceptions from inside the store.
          throw damaged(e);
        }
        WorkflowEvent event;
        try {
          event = EventCodec.fromJson(new String(entry.getValue(), StandardCharsets.UTF_8));
        } catch (EventRejectedException e) {
          LOG.error("journal entry {} is unreadable and was skipped: {}", entry.getKey(), e.getMessage());
          continue;
        }
        action.accept(event);
      }
    }
  }

  private DamagedException damaged(RuntimeException e) {
    return new DamagedException(file, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
  }

  /**
   * Writes recovered entries under their old keys into this (new, empty) journal, then commits and
   * syncs (blocking). For {@link JournalRecovery} only.
   */
  void restore(Map<Long, byte[]> recoveredEvents, List<byte[]> recoveredDeadLetters) {
    synchronized (store) {
      events.putAll(recoveredEvents);
      long key = 1;
      for (byte[] letter : recoveredDeadLetters) {
        deadLetters.put(key++, letter);
      }
      store.commit();
      store.sync();
      Long last = events.lastKey();
      next = last == null ? 1 : last + 1;
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
      try {
        Long key = deadLetters.lastKey();
        while (key != null && newest.size() < limit) {
          byte[] letter = deadLetters.get(key);
          if (letter == null) {
            throw new IllegalStateException("dead letter " + key + " has no value");
          }
          newest.add(letter);
          key = deadLetters.lowerKey(key);
        }
      } catch (RuntimeException e) {
        throw damaged(e);
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
