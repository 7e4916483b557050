package io.alchemiser.shared.memory;

/**
 * The last {@code capacity} ids remembered, each with a long value, in arrays made once (see
 * {@link IdTable}): remembering an id allocates nothing. When full, the id remembered first is
 * forgotten; remembering an id again changes its value, not its place. Thread-safe.
 */
public final class RecentIds {
  private final IdTable table;
  /** The ids' fingerprints in the order remembered, to forget the oldest: a ring of capacity. */
  private final long[] ringHigh;
  private final long[] ringLow;
  private int next;

  public RecentIds(int capacity) {
    this.table = new IdTable(capacity);
    this.ringHigh = new long[capacity];
    this.ringLow = new long[capacity];
  }

  /** Remembers {@code id} with {@code value}, forgetting the oldest id when full. */
  public synchronized void put(String id, long value) {
    remember(id, value, true);
  }

  /** Remembers {@code id}; true when it was not remembered already (its value is then 0). */
  public synchronized boolean add(String id) {
    return remember(id, 0, false);
  }

  /** The value last remembered for {@code id}, or null. */
  public synchronized Long get(String id) {
    int slot = table.locate(id);
    return slot < 0 ? null : table.valueAt(slot);
  }

  public synchronized int size() {
    return table.size();
  }

  private boolean remember(String id, long value, boolean replace) {
    int slot = table.locate(id);
    if (slot >= 0) {
      if (replace) {
        table.setValueAt(slot, value);
      }
      return false;
    }
    long h = table.keyHigh;
    long l = table.keyLow;
    if (table.size() == table.capacity()) {
      table.remove(ringHigh[next], ringLow[next]);
    }
    table.insert(h, l, value);
    ringHigh[next] = h;
    ringLow[next] = l;
    next = next + 1 == ringHigh.length ? 0 : next + 1;
    return true;
  }
}
