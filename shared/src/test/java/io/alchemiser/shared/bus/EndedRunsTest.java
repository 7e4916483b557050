package io.alchemiser.shared.bus;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EndedRunsTest {

  @Test
  void remembersTheNewestRunsAndForgetsTheOldestBeyondItsCapacity() {
    EndedRuns runs = new EndedRuns(3);
    runs.put("a", 1);
    runs.put("b", 2);
    runs.put("c", 3);
    runs.put("a", 10);
    assertThat(runs.get("a")).isEqualTo(10L);
    runs.put("d", 4);
    // "a" was remembered first (a later end of it only moves its deadline): it goes first.
    assertThat(runs.get("a")).isNull();
    assertThat(runs.get("b")).isEqualTo(2L);
    assertThat(runs.get("d")).isEqualTo(4L);
    assertThat(runs.get("never")).isNull();
    assertThat(runs.size()).isEqualTo(3);
  }

  /** Against the map it replaced (insertion order, eldest removed), over many puts that force removals in every probe pattern. */
  @Test
  void answersAsAnInsertionOrderedMapWouldOverManyPutsAndRemovals() {
    int capacity = 1_000;
    EndedRuns runs = new EndedRuns(capacity);
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

  @Test
  void aSeededHashSpreadsIdsThatDifferInOneCharacter() {
    assertThat(EndedRuns.hash("wf-1", 42)).isNotEqualTo(EndedRuns.hash("wf-2", 42));
    assertThat(EndedRuns.hash("wf-1", 42)).isNotEqualTo(EndedRuns.hash("wf-1", 43));
  }
}
