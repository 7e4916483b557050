package io.alchemiser.shared.client;

import io.alchemiser.shared.event.EventType;
import java.time.Instant;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * When a workflow first reached each stage, by event type, in stage order: an immutable map with
 * one slot per event type. The orchestrator adds a stage for every event it folds; that copies
 * seven references instead of a hash map (twice, as the record's copy did). A map whose keys are
 * not all event types (none we write, but a record read from elsewhere) stays a plain copy.
 */
final class StageTimes extends AbstractMap<String, Instant> {
  private static final EventType[] TYPES = EventType.values();
  static final StageTimes EMPTY = new StageTimes(new Instant[TYPES.length], 0);

  private final Instant[] times;
  private final int size;

  private StageTimes(Instant[] times, int size) {
    this.times = times;
    this.size = size;
  }

  /** An immutable copy of {@code times}: a StageTimes unless a key is not an event type. */
  static Map<String, Instant> copyOf(Map<String, Instant> times) {
    if (times == null || times.isEmpty()) {
      return EMPTY;
    }
    if (times instanceof StageTimes same) {
      return same;
    }
    Instant[] slots = new Instant[TYPES.length];
    for (Map.Entry<String, Instant> entry : times.entrySet()) {
      EventType type = EventType.fromWireName(entry.getKey()).orElse(null);
      if (type == null || entry.getValue() == null) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(times));
      }
      slots[type.ordinal()] = entry.getValue();
    }
    return new StageTimes(slots, times.size());
  }

  /** {@code times} with the stage reached at {@code at}, unless it was reached before (the first time counts). */
  static Map<String, Instant> plus(Map<String, Instant> times, EventType type, Instant at) {
    if (times instanceof StageTimes stages) {
      if (stages.times[type.ordinal()] != null) {
        return stages;
      }
      Instant[] slots = stages.times.clone();
      slots[type.ordinal()] = at;
      return new StageTimes(slots, stages.size + 1);
    }
    Map<String, Instant> copy = new LinkedHashMap<>(times);
    copy.putIfAbsent(type.wireName(), at);
    return Collections.unmodifiableMap(copy);
  }

  /** The latest stage time, or null when none. */
  static Instant latest(Map<String, Instant> times) {
    Instant latest = null;
    for (Instant at : times instanceof StageTimes stages ? java.util.Arrays.asList(stages.times) : times.values()) {
      if (at != null && (latest == null || at.isAfter(latest))) {
        latest = at;
      }
    }
    return latest;
  }

  @Override
  public Instant get(Object key) {
    if (!(key instanceof String name)) {
      return null;
    }
    EventType type = EventType.fromWireName(name).orElse(null);
    return type == null ? null : times[type.ordinal()];
  }

  @Override
  public boolean containsKey(Object key) {
    return get(key) != null;
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public Set<Entry<String, Instant>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public int size() {
        return size;
      }

      @Override
      public Iterator<Entry<String, Instant>> iterator() {
        return new Iterator<>() {
          private int next = advance(0);

          private int advance(int from) {
            int i = from;
            while (i < times.length && times[i] == null) {
              i++;
            }
            return i;
          }

          @Override
          public boolean hasNext() {
            return next < times.length;
          }

          @Override
          public Entry<String, Instant> next() {
            if (!hasNext()) {
              throw new NoSuchElementException();
            }
            Entry<String, Instant> entry = new SimpleImmutableEntry<>(TYPES[next].wireName(), times[next]);
            next = advance(next + 1);
            return entry;
          }
        };
      }
    };
  }
}
