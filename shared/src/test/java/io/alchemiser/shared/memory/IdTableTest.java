package io.alchemiser.shared.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class IdTableTest {

  /** Against a hash map, over random puts and removals that leave the table near full, where probe runs are long. */
  @Test
  void answersAsAHashMapWouldOverManyPutsAndRemovals() {
    int capacity = 500;
    IdTable table = new IdTable(capacity);
    Map<String, Long> model = new HashMap<>();
    Random random = new Random(5);
    for (int i = 0; i < 200_000; i++) {
      String id = "wf-" + random.nextInt(900);
      if (random.nextInt(3) == 0 || model.size() == capacity && !model.containsKey(id)) {
        assertThat(table.remove(id)).isEqualTo(model.remove(id) != null);
      } else {
        long value = random.nextLong();
        assertThat(table.put(id, value)).isEqualTo(model.put(id, value) == null);
      }
      String probe = "wf-" + random.nextInt(900);
      assertThat(table.get(probe, -1)).as("after %d steps, %s", i + 1, probe).isEqualTo(model.getOrDefault(probe, -1L));
      assertThat(table.contains(probe)).isEqualTo(model.containsKey(probe));
    }
    assertThat(table.size()).isEqualTo(model.size());
  }

  @Test
  void refusesAnIdBeyondItsCapacity() {
    IdTable table = new IdTable(2);
    table.put("a", 1);
    table.put("b", 2);
    table.put("a", 3);
    assertThatThrownBy(() -> table.put("c", 4)).isInstanceOf(IllegalStateException.class).hasMessageContaining("full at 2");
    assertThat(table.get("a", 0)).isEqualTo(3);
  }

  @Test
  void aSeededHashSpreadsIdsThatDifferInOneCharacter() {
    assertThat(IdTable.hash("wf-1", 42)).isNotEqualTo(IdTable.hash("wf-2", 42));
    assertThat(IdTable.hash("wf-1", 42)).isNotEqualTo(IdTable.hash("wf-1", 43));
  }
}
