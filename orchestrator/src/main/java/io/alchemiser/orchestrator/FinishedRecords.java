package io.alchemiser.orchestrator;

import io.alchemiser.shared.client.WorkflowRecord;
import io.alchemiser.shared.client.WorkflowStatus;
import io.alchemiser.shared.memory.ByteSlab;
import io.alchemiser.shared.memory.RecordBytes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The newest finished workflows, kept for queries as a ring of at most {@code capacity} records, each
 * as compact bytes ({@link RecordBytes}) in a slab of large chunks ({@link ByteSlab}), beside the few
 * fields a query filters and sorts by. A record kept as objects is some forty of them; at a high rate
 * the newest ten thousand were alive at every young collection and copied by it, most of its pause.
 * Kept this way only its id (which its events made anyway) is an object of its own; a record is read
 * back only for a query. JSON would do, at about five times the cost of writing. The index is an
 * array of slots by the id's own hash code, which the string keeps once computed (the active map has
 * already asked it); each entry holds that hash beside its slot, so that a probe compares hashes in
 * the index and touches an id only when they match (a profile found probes that read every id on
 * their way at 7 % of the no-op row's CPU, a cache miss each). Not thread-safe.
 */
final class FinishedRecords {
  private static final RecordBytes<WorkflowRecord> BYTES = RecordBytes.of(WorkflowRecord.class);
  private final int capacity;
  private final String[] ids;
  /** Each id's hash code, so that taking the oldest out of the index does not read its (long cold) string. */
  private final int[] hashes;
  /** Each record's bytes in the slab, valid where its id is set. */
  private final long[] handles;
  private final ByteSlab bytes = new ByteSlab(1 << 20);
  private final byte[] statuses;
  private final boolean[] simulated;
  private final long[] startedAt;
  /** Epoch milliseconds; Long.MAX_VALUE when a record has no end time (never pruned by age). */
  private final long[] finishedAt;
  /**
   * Open addressing, linear probing: each kept record's id's hash code in the high half and its slot
   * + 1 in the low half, 0 where free; at most half full.
   */
  private final long[] index;
  private final int indexMask;
  private int next;
  private int size;

  FinishedRecords(int capacity) {
    this.capacity = capacity;
    this.ids = new String[capacity];
    this.hashes = new int[capacity];
    this.handles = new long[capacity];
    this.statuses = new byte[capacity];
    this.simulated = new boolean[capacity];
    this.startedAt = new long[capacity];
    this.finishedAt = new long[capacity];
    this.index = new long[Integer.highestOneBit(Math.max(2, capacity) * 2 - 1) * 2];
    this.indexMask = index.length - 1;
  }

  /** A record's bytes for {@link #add}: thread-safe, so that callers write them outside any lock. */
  static byte[] encode(WorkflowRecord record) {
    return BYTES.encode(record);
  }

  /** Keeps {@code record}, written as {@code encoded}, as the newest; returns the id of the oldest, forgotten to make room, or null. */
  String add(WorkflowRecord record, byte[] encoded) {
    String id = record.correlationId();
    remove(id);
    int slot = next;
    String dropped = ids[slot];
    if (dropped != null) {
      clear(slot);
    }
    ids[slot] = id;
    handles[slot] = bytes.add(encoded);
    statuses[slot] = (byte) record.status().ordinal();
    simulated[slot] = record.simulated();
    startedAt[slot] = nanos(record.startedAt());
    finishedAt[slot] = record.finishedAt() == null ? Long.MAX_VALUE : record.finishedAt().toEpochMilli();
    addToIndex(slot);
    next = next + 1 == capacity ? 0 : next + 1;
    return dropped;
  }

  WorkflowRecord get(String id) {
    int slot = slotOf(id);
    return slot < 0 ? null : decode(slot);
  }

  boolean remove(String id) {
    int slot = slotOf(id);
    if (slot < 0) {
      return false;
    }
    clear(slot);
    return true;
  }

  /** The ids of the records that finished before {@code cutoff}, forgotten. */
  List<String> removeFinishedBefore(Instant cutoff) {
    long before = cutoff.toEpochMilli();
    return removeIf(slot -> finishedAt[slot] < before);
  }

  /** The ids matching {@code test}, forgotten. */
  List<String> removeIds(Predicate<String> test) {
    return removeIf(slot -> test.test(ids[slot]));
  }

  /** Live (not simulated) records with {@code status} (null for any), the {@code limit} latest started, decoded, newest first. */
  List<WorkflowRecord> latest(WorkflowStatus status, int limit) {
    List<Integer> matching = new ArrayList<>();
    for (int slot = 0; slot < capacity; slot++) {
      if (ids[slot] != null && !simulated[slot] && (status == null || statuses[slot] == status.ordinal())) {
        matching.add(slot);
      }
    }
    matching.sort((a, b) -> Long.compare(startedAt[b], startedAt[a]));
    List<WorkflowRecord> records = new ArrayList<>();
    for (int slot : matching.subList(0, Math.min(limit, matching.size()))) {
      records.add(decode(slot));
    }
    return records;
  }

  /** How many live (not simulated) records of each status, by ordinal. */
  int[] countsByStatus() {
    int[] counts = new int[WorkflowStatus.values().length];
    for (int slot = 0; slot < capacity; slot++) {
      if (ids[slot] != null && !simulated[slot]) {
        counts[statuses[slot]]++;
      }
    }
    return counts;
  }

  int size() {
    return size;
  }

  private List<String> removeIf(java.util.function.IntPredicate test) {
    List<String> removed = new ArrayList<>();
    for (int slot = 0; slot < capacity; slot++) {
      if (ids[slot] != null && test.test(slot)) {
        removed.add(ids[slot]);
        clear(slot);
      }
    }
    return removed;
  }

  private void clear(int slot) {
    removeFromIndex(slot);
    bytes.release(handles[slot]);
    ids[slot] = null;
  }

  private int home(int hash) {
    int h = hash * 0x9E3779B9;
    return (h ^ (h >>> 16)) & indexMask;
  }

  private static int slotIn(long entry) {
    return (int) entry - 1;
  }

  private static int hashIn(long entry) {
    return (int) (entry >>> 32);
  }

  private int slotOf(String id) {
    int hash = id.hashCode();
    for (int i = home(hash); index[i] != 0; i = (i + 1) & indexMask) {
      long entry = index[i];
      if (hashIn(entry) == hash && ids[slotIn(entry)].equals(id)) {
        return slotIn(entry);
      }
    }
    return -1;
  }

  private void addToIndex(int slot) {
    int hash = ids[slot].hashCode();
    hashes[slot] = hash;
    int i = home(hash);
    while (index[i] != 0) {
      i = (i + 1) & indexMask;
    }
    index[i] = ((long) hash << 32) | (slot + 1);
    size++;
  }

  /** Takes a slot out of the index, shifting later entries back so that no probe run breaks. */
  private void removeFromIndex(int slot) {
    int gap = home(hashes[slot]);
    while (slotIn(index[gap]) != slot) {
      gap = (gap + 1) & indexMask;
    }
    size--;
    for (int i = (gap + 1) & indexMask; index[i] != 0; i = (i + 1) & indexMask) {
      int home = home(hashIn(index[i]));
      boolean homeAfterGap = gap <= i ? (home > gap && home <= i) : (home > gap || home <= i);
      if (!homeAfterGap) {
        index[gap] = index[i];
        gap = i;
      }
    }
    index[gap] = 0;
  }

  private WorkflowRecord decode(int slot) {
    return BYTES.decode(bytes.get(handles[slot]));
  }

  private static long nanos(Instant at) {
    return at.getEpochSecond() * 1_000_000_000L + at.getNano();
  }
}
