package io.alchemiser.shared.bus;

import java.security.SecureRandom;

/**
 * The last {@code capacity} runs reported ended, each as its correlation id's 128-bit fingerprint and
 * its deadline, in arrays made once: remembering a run allocates nothing, and the garbage collector
 * has no object per run to copy — with a map of strings, the runs of the last seconds were copied at
 * every young collection, most of its pause at a high rate. The fingerprint is two 64-bit hashes seeded
 * at random per process: two ids share one with odds near 2^-128, and one cannot be made to collide
 * with another without the seeds. Thread-safe.
 */
final class EndedRuns {
  private static final long SEED_A;
  private static final long SEED_B;

  static {
    SecureRandom random = new SecureRandom();
    SEED_A = random.nextLong();
    SEED_B = random.nextLong() | 1;
  }

  private final int capacity;
  private final int mask;
  /** Open addressing, linear probing; a slot is free when both halves are 0 (an id hashing to 0 is moved to 1). */
  private final long[] high;
  private final long[] low;
  private final long[] deadlines;
  /** The slots' keys in the order remembered, to forget the oldest: a ring of capacity. */
  private final long[] ringHigh;
  private final long[] ringLow;
  private int next;
  private int size;

  EndedRuns(int capacity) {
    this.capacity = capacity;
    int slots = Integer.highestOneBit(Math.max(4, capacity) * 2 - 1) * 2; // at most half full
    this.mask = slots - 1;
    this.high = new long[slots];
    this.low = new long[slots];
    this.deadlines = new long[slots];
    this.ringHigh = new long[capacity];
    this.ringLow = new long[capacity];
  }

  /** Remembers that the run of {@code id} with {@code deadline} ended; the oldest is forgotten when full. */
  synchronized void put(String id, long deadline) {
    long h = hash(id, SEED_A);
    long l = nonZero(hash(id, SEED_B));
    int slot = find(h, l);
    if (slot >= 0) {
      deadlines[slot] = deadline;
      return;
    }
    if (size == capacity) {
      remove(ringHigh[next], ringLow[next]);
    }
    insert(h, l, deadline);
    ringHigh[next] = h;
    ringLow[next] = l;
    next = next + 1 == capacity ? 0 : next + 1;
  }

  /** The deadline of the run of {@code id} last reported ended, or null. */
  synchronized Long get(String id) {
    int slot = find(hash(id, SEED_A), nonZero(hash(id, SEED_B)));
    return slot < 0 ? null : deadlines[slot];
  }

  synchronized int size() {
    return size;
  }

  private int find(long h, long l) {
    for (int i = (int) l & mask; ; i = (i + 1) & mask) {
      if (high[i] == h && low[i] == l) {
        return i;
      }
      if (low[i] == 0) {
        return -1;
      }
    }
  }

  private void insert(long h, long l, long deadline) {
    int i = (int) l & mask;
    while (low[i] != 0) {
      i = (i + 1) & mask;
    }
    high[i] = h;
    low[i] = l;
    deadlines[i] = deadline;
    size++;
  }

  /** Removes a key and shifts the entries after it back, so that every probe sequence stays unbroken. */
  private void remove(long h, long l) {
    int gap = find(h, l);
    if (gap < 0) {
      return;
    }
    size--;
    for (int i = (gap + 1) & mask; low[i] != 0; i = (i + 1) & mask) {
      int home = (int) low[i] & mask;
      // Move the entry at i into the gap when its home slot does not lie cyclically in (gap, i].
      boolean homeAfterGap = gap <= i ? (home > gap && home <= i) : (home > gap || home <= i);
      if (!homeAfterGap) {
        high[gap] = high[i];
        low[gap] = low[i];
        deadlines[gap] = deadlines[i];
        gap = i;
      }
    }
    high[gap] = 0;
    low[gap] = 0;
    deadlines[gap] = 0;
  }

  private static long nonZero(long value) {
    return value == 0 ? 1 : value;
  }

  /** A seeded 64-bit hash of the id's chars (multiply-xorshift rounds, then a finalizer). */
  static long hash(String id, long seed) {
    long h = seed ^ (id.length() * 0x9E3779B97F4A7C15L);
    for (int i = 0; i < id.length(); i++) {
      h = (h ^ id.charAt(i)) * 0xBF58476D1CE4E5B9L;
      h ^= h >>> 29;
    }
    h ^= h >>> 33;
    h *= 0xFF51AFD7ED558CCDL;
    h ^= h >>> 33;
    h *= 0xC4CEB9FE1A85EC53L;
    return h ^ (h >>> 33);
  }
}
