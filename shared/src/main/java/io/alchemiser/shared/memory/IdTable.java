package io.alchemiser.shared.memory;

import java.security.SecureRandom;

/**
 * Ids mapped to long values, each id kept as its 128-bit fingerprint in an array made once: a put
 * allocates nothing, and the garbage collector has no object per id to copy. Memories that hold the
 * ids of the last seconds (ended runs, events seen) would otherwise be copied
 * whole at every young collection, most of its pause at a high rate. The fingerprint is two 64-bit
 * hashes seeded at random per process: two ids share one with odds near 2^-128, and one cannot be
 * made to collide with another without the seeds. Not thread-safe.
 */
public final class IdTable {
  private static final long SEED_A;
  private static final long SEED_B;
  private static final long GOLDEN = 0x9E3779B97F4A7C15L;
  private static final long ROUND = 0xBF58476D1CE4E5B9L;

  static {
    SecureRandom random = new SecureRandom();
    SEED_A = random.nextLong();
    SEED_B = random.nextLong() | 1;
  }

  private final int capacity;
  private final int mask;
  /**
   * Open addressing, linear probing, three longs a slot — the fingerprint's high and low halves and the
   * value, side by side so that a probe reads one cache line; a slot is free when its low half is 0
   * (an id hashing to 0 is moved to 1).
   */
  private final long[] entries;
  private int size;
  /** The fingerprint of the id last located. */
  long keyHigh;
  long keyLow;

  public IdTable(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive");
    }
    this.capacity = capacity;
    int slots = Integer.highestOneBit(Math.max(4, capacity) * 2 - 1) * 2; // at most half full
    this.mask = slots - 1;
    this.entries = new long[slots * 3];
  }

  /** Maps {@code id} to {@code value}; true when the id was not in the table. Fails when the table is full. */
  public boolean put(String id, long value) {
    int slot = locate(id);
    if (slot >= 0) {
      entries[3 * slot + 2] = value;
      return false;
    }
    insert(keyHigh, keyLow, value);
    return true;
  }

  /** The value of {@code id}, or {@code absent}. */
  public long get(String id, long absent) {
    int slot = locate(id);
    return slot < 0 ? absent : entries[3 * slot + 2];
  }

  public boolean contains(String id) {
    return locate(id) >= 0;
  }

  /** Forgets {@code id}; true when it was in the table. */
  public boolean remove(String id) {
    int slot = locate(id);
    if (slot < 0) {
      return false;
    }
    removeAt(slot);
    return true;
  }

  public int size() {
    return size;
  }

  public int capacity() {
    return capacity;
  }

  /**
   * The slot of {@code id}, or -1; its fingerprint is left in {@link #keyHigh} and {@link #keyLow}
   * (both halves hashed in one pass over the id's chars).
   */
  int locate(String id) {
    int length = id.length();
    long a = SEED_A ^ (length * GOLDEN);
    long b = SEED_B ^ (length * GOLDEN);
    for (int i = 0; i < length; i++) {
      char c = id.charAt(i);
      a = (a ^ c) * ROUND;
      a ^= a >>> 29;
      b = (b ^ c) * ROUND;
      b ^= b >>> 29;
    }
    keyHigh = finish(a);
    long l = finish(b);
    keyLow = l == 0 ? 1 : l;
    return find(keyHigh, keyLow);
  }

  long valueAt(int slot) {
    return entries[3 * slot + 2];
  }

  void setValueAt(int slot, long value) {
    entries[3 * slot + 2] = value;
  }

  void insert(long h, long l, long value) {
    if (size == capacity) {
      throw new IllegalStateException("id table full at " + capacity);
    }
    int i = (int) l & mask;
    while (entries[3 * i + 1] != 0) {
      i = (i + 1) & mask;
    }
    entries[3 * i] = h;
    entries[3 * i + 1] = l;
    entries[3 * i + 2] = value;
    size++;
  }

  /** The slot of a fingerprint, or -1. */
  int find(long h, long l) {
    for (int i = (int) l & mask; ; i = (i + 1) & mask) {
      if (entries[3 * i] == h && entries[3 * i + 1] == l) {
        return i;
      }
      if (entries[3 * i + 1] == 0) {
        return -1;
      }
    }
  }

  boolean remove(long h, long l) {
    int slot = find(h, l);
    if (slot < 0) {
      return false;
    }
    removeAt(slot);
    return true;
  }

  /** Removes the key at {@code gap} and shifts the entries after it back, so that every probe sequence stays unbroken. */
  private void removeAt(int gap) {
    size--;
    for (int i = (gap + 1) & mask; entries[3 * i + 1] != 0; i = (i + 1) & mask) {
      int home = (int) entries[3 * i + 1] & mask;
      // Move the entry at i into the gap when its home slot does not lie cyclically in (gap, i].
      boolean homeAfterGap = gap <= i ? (home > gap && home <= i) : (home > gap || home <= i);
      if (!homeAfterGap) {
        entries[3 * gap] = entries[3 * i];
        entries[3 * gap + 1] = entries[3 * i + 1];
        entries[3 * gap + 2] = entries[3 * i + 2];
        gap = i;
      }
    }
    entries[3 * gap] = 0;
    entries[3 * gap + 1] = 0;
    entries[3 * gap + 2] = 0;
  }

  /** A seeded 64-bit hash of the id's chars (multiply-xorshift rounds, then a finalizer): each half of a fingerprint. */
  static long hash(String id, long seed) {
    long h = seed ^ (id.length() * GOLDEN);
    for (int i = 0; i < id.length(); i++) {
      h = (h ^ id.charAt(i)) * ROUND;
      h ^= h >>> 29;
    }
    return finish(h);
  }

  private static long finish(long h) {
    h ^= h >>> 33;
    h *= 0xFF51AFD7ED558CCDL;
    h ^= h >>> 33;
    h *= 0xC4CEB9FE1A85EC53L;
    return h ^ (h >>> 33);
  }
}
