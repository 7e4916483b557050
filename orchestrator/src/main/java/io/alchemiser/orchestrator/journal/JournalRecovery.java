package io.alchemiser.orchestrator.journal;

import io.alchemiser.shared.bus.EventCodec;
import io.alchemiser.shared.client.WorkflowStatus;
import io.alchemiser.shared.event.EventRejectedException;
import io.alchemiser.shared.event.WorkflowEvent;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * Rebuilds a damaged journal: the file is moved aside (never deleted) and what can still be read of
 * it is written into a new journal. The store is read page by page, a damaged page's keys skipped;
 * when the store itself cannot be opened (both file headers gone) the file is scanned for the JSON of
 * events, which is how they are stored. What was lost is reported; the broker's orders, by client
 * order id, remain the record of what was traded.
 */
public final class JournalRecovery {
  /** Bounded: a run of unreadable keys is skipped by doubling steps, at most this many. */
  private static final int MAX_PROBES = 62;
  /** A JSON value longer than this in a scanned file is not one of our entries. */
  private static final int MAX_ENTRY_BYTES = 4 << 20;

  /** What a recovery did. {@code lost} names the unreadable key ranges, or says that it cannot know. */
  public record Report(boolean damaged, Path file, Path movedTo, String damage, String method, int events, int workflows,
                       int deadLetters, List<String> lost, List<String> unfinished) {
    public JsonObject toJson() {
      JsonObject json = new JsonObject().put("damaged", damaged).put("journal", file.toString());
      if (damaged) {
        json.put("movedTo", movedTo.toString()).put("damage", damage).put("method", method).put("eventsRecovered", events)
            .put("workflowsRecovered", workflows).put("deadLettersRecovered", deadLetters)
            .put("lost", new io.vertx.core.json.JsonArray(lost)).put("unfinishedWorkflows", new io.vertx.core.json.JsonArray(unfinished));
      }
      return json;
    }
  }

  private record Salvage(String method, TreeMap<Long, byte[]> events, List<byte[]> deadLetters, List<String> lost) {
  }

  private JournalRecovery() {
  }

  /** Recovers the journal of {@code dataDir} when it is damaged (blocking); a readable one is left alone. */
  public static Report recover(Path dataDir) {
    Path file = dataDir.resolve("journal").resolve(Journal.FILE);
    if (!Files.exists(file)) {
      throw new IllegalStateException("there is no journal at " + file);
    }
    String damage;
    try (Journal journal = Journal.open(dataDir, true)) {
      journal.forEach(event -> { });
      journal.deadLetters(Integer.MAX_VALUE);
      return new Report(false, file, null, null, null, 0, 0, 0, List.of(), List.of());
    } catch (Journal.DamagedException e) {
      damage = e.problem();
    }
    Path movedTo = file.resolveSibling(Journal.FILE + ".damaged-"
        + ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")));
    try {
      Files.move(file, movedTo);
    } catch (IOException e) {
      throw new IllegalStateException("cannot move " + file + " aside: " + e.getMessage(), e);
    }
    Salvage salvage = readStore(movedTo);
    if (salvage == null) {
      salvage = scan(movedTo);
    }
    try (Journal fresh = Journal.open(dataDir, false)) {
      fresh.restore(salvage.events(), salvage.deadLetters());
      JournalReplay replay = JournalReplay.of(fresh);
      List<String> unfinished = replay.records.values().stream().filter(r -> r.status() == WorkflowStatus.ACTIVE)
          .map(r -> r.correlationId()).toList();
      return new Report(true, file, movedTo, damage, salvage.method(), salvage.events().size(), replay.records.size(),
          salvage.deadLetters().size(), salvage.lost(), unfinished);
    }
  }

  /** The store read page by page, or null when it cannot be opened at all. */
  private static Salvage readStore(Path damaged) {
    MVStore store;
    try {
      store = new MVStore.Builder().fileName(damaged.toString()).readOnly().recoveryMode().open();
    } catch (RuntimeException e) {
      return null;
    }
    try {
      if (!store.getMapNames().contains("events")) {
        // The store's own index of its maps is gone: read the file itself.
        return null;
      }
      TreeMap<Long, byte[]> events = new TreeMap<>();
      List<String> lost = new ArrayList<>();
      copy(store, "events", events, lost);
      TreeMap<Long, byte[]> letters = new TreeMap<>();
      copy(store, "dead-letters", letters, lost);
      events.values().removeIf(bytes -> !isEvent(bytes));
      return new Salvage("read from the store, damaged pages skipped", events, List.copyOf(letters.values()), lost);
    } finally {
      store.closeImmediately();
    }
  }

  private static void copy(MVStore store, String name, TreeMap<Long, byte[]> into, List<String> lost) {
    MVMap<Long, byte[]> map;
    try {
      map = store.openMap(name);
    } catch (RuntimeException e) {
      lost.add("all of '" + name + "' (its root page is unreadable)");
      return;
    }
    long from = 0;
    while (true) {
      Long key;
      try {
        key = map.ceilingKey(from);
      } catch (RuntimeException e) {
        long next = nextReadable(map, from);
        lost.add(name + " entries " + from + (next < 0 ? " onwards" : " to " + (next - 1)));
        if (next < 0) {
          return;
        }
        from = next;
        continue;
      }
      if (key == null) {
        return;
      }
      byte[] value;
      try {
        value = map.get(key);
      } catch (RuntimeException e) {
        value = null;
      }
      if (value == null) {
        lost.add(name + " entry " + key);
      } else {
        into.put(key, value);
      }
      from = key + 1;
    }
  }

  /** The smallest key above {@code broken} from which the map can be read again, or -1. */
  private static long nextReadable(MVMap<Long, byte[]> map, long broken) {
    long bad = broken;
    long step = 1;
    for (int probe = 0; probe < MAX_PROBES; probe++, step <<= 1) {
      long candidate = broken + step;
      if (readable(map, candidate)) {
        long good = candidate;
        while (good - bad > 1) {
          long mid = bad + (good - bad) / 2;
          if (readable(map, mid)) {
            good = mid;
          } else {
            bad = mid;
          }
        }
        return good;
      }
      bad = candidate;
    }
    return -1;
  }

  private static boolean readable(MVMap<Long, byte[]> map, long key) {
    try {
      map.ceilingKey(key);
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static boolean isEvent(byte[] bytes) {
    try {
      EventCodec.fromJson(new String(bytes, StandardCharsets.UTF_8));
      return true;
    } catch (EventRejectedException | RuntimeException e) {
      return false;
    }
  }

  /**
   * The file scanned for the JSON objects our entries are: every event (once, by event id, in time
   * order) and every dead letter. Old copies of pages may bring back events that retention had
   * removed; the next start's retention removes them again.
   */
  private static Salvage scan(Path damaged) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(damaged);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + damaged + ": " + e.getMessage(), e);
    }
    List<WorkflowEvent> events = new ArrayList<>();
    Map<WorkflowEvent, byte[]> raw = new java.util.IdentityHashMap<>();
    Set<String> seen = new HashSet<>();
    Set<String> letters = new LinkedHashSet<>();
    int i = 0;
    while (i < bytes.length - 1) {
      if (bytes[i] != '{' || bytes[i + 1] != '"') {
        i++;
        continue;
      }
      int end = objectEnd(bytes, i);
      if (end < 0) {
        i++;
        continue;
      }
      String json = new String(bytes, i, end - i, StandardCharsets.UTF_8);
      try {
        WorkflowEvent event = EventCodec.fromJson(json);
        if (seen.add(event.metadata().eventId())) {
          events.add(event);
          raw.put(event, json.getBytes(StandardCharsets.UTF_8));
        }
        i = end;
        continue;
      } catch (EventRejectedException | RuntimeException notAnEvent) {
        // Perhaps a dead letter.
      }
      try {
        JsonObject object = new JsonObject(json);
        if (object.containsKey("receivedAt") && object.containsKey("module") && object.containsKey("reason")) {
          letters.add(json);
          i = end;
          continue;
        }
      } catch (RuntimeException notJson) {
        // Not one of ours: go on byte by byte.
      }
      i++;
    }
    events.sort(Comparator.comparing(e -> e.metadata().timestamp()));
    TreeMap<Long, byte[]> keyed = new TreeMap<>();
    long key = 1;
    for (WorkflowEvent event : events) {
      keyed.put(key++, raw.get(event));
    }
    List<byte[]> deadLetters = letters.stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toList();
    return new Salvage("scanned the file for events (the store's headers are unreadable)", keyed, deadLetters,
        List.of("unknown: without the store's headers, events whose bytes were damaged cannot be counted"));
  }

  /** The index after the JSON object starting at {@code start}, or -1 when none ends there. */
  private static int objectEnd(byte[] bytes, int start) {
    int depth = 0;
    boolean inString = false;
    int limit = Math.min(bytes.length, start + MAX_ENTRY_BYTES);
    for (int i = start; i < limit; i++) {
      byte b = bytes[i];
      if (inString) {
        if (b == '\\') {
          i++;
        } else if (b == '"') {
          inString = false;
        } else if (b >= 0 && b < 0x20) {
          return -1;
        }
      } else if (b == '"') {
        inString = true;
      } else if (b == '{' || b == '[') {
        depth++;
      } else if (b == '}' || b == ']') {
        depth--;
        if (depth == 0) {
          return b == '}' ? i + 1 : -1;
        }
      } else if (b < 0x20 && b != '\n' && b != '\r' && b != '\t' && b != ' ') {
        return -1;
      }
    }
    return -1;
  }
}
