package io.alchemiser.shared.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RecentIdsTest {

  @Test
  void remembersTheNewestIdsAndForgetsTheOldestBeyondItsCapacity() {
    RecentIds runs = new RecentIds(3);
    runs.put("a", 1);
    runs.put("b", 2);
    runs.put("c", 3);
    runs.put("a", 10);
    assertThat(runs.get("a")).isEqualTo(10L);
    runs.put("d", 4);
    // "a" was remembered first (remembering it again only changes its value): it goes first.
    assertThat(runs.get("a")).isNull();
    assertThat(runs.get("b")).isEqualTo(2L);
    assertThat(runs.get("d")).isEqualTo(4L);
    assertThat(runs.get("never")).isNull();
    assertThat(runs.size()).isEqualTo(3);
  }

  @Test
  void addSaysWhetherAnIdIsNewAndKeepsItsValue() {
    RecentIds ids = new RecentIds(2);
    assertThat(ids.add("e1")).isTrue();
    assertThat(ids.add("e1")).isFalse();
    ids.put("e2", 7);
    assertThat(ids.add("e2")).isFalse();
    assertThat(ids.get("e2")).isEqualTo(7L);
    assertThat(ids.add("e3")).isTrue();
    assertThat(ids.add("e1")).as("forgotten when e3 came").isTrue();
  }

  /** Against the map it replaced (insertion order, eldest removed), over many puts that force removals in every probe pattern. */
  @Test
  void answersAsAnInsertionOrderedMapWouldOverManyPutsAndRemovals() {
    int capacity = 1_000;
    RecentIds runs = new RecentIds(capacity);
    Map<String, Long> model = new LinkedHashMap<>() {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
        return size() > capacity;
      }
    };
    Random random = new Random(17);
    for (int i = 0; i < 200_000; i++) {
      String id = "wf-" + random.nextInt(3_000);
      long deadline = random.nextLong();
      runs.put(id, deadline);
      model.put(id, deadline);
      String probe = "wf-" + random.nextInt(3_000);
      assertThat(runs.get(probe)).as("after %d puts, %s", i + 1, probe).isEqualTo(model.get(probe));
    }
    assertThat(runs.size()).isEqualTo(model.size());
    for (Map.Entry<String, Long> e : model.entrySet()) {
      assertThat(runs.get(e.getKey())).isEqualTo(e.getValue());
    }
  }
}
