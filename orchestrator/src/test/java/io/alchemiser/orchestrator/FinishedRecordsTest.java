package io.alchemiser.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import io.alchemiser.shared.client.WorkflowRecord;
import io.alchemiser.shared.client.WorkflowStatus;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FinishedRecordsTest {

  /**
   * Against a ring kept with plain collections, over random adds and removals of ids of which many share
   * a hash code ("Aa" and "BB" hash alike), so that probe runs grow long and removals shift entries back.
   */
  @Test
  void keepsWhatARingOfTheNewestWouldKeep() {
    int capacity = 64;
    FinishedRecords records = new FinishedRecords(capacity);
    String[] ring = new String[capacity];
    Map<String, Integer> where = new HashMap<>();
    int next = 0;
    Random random = new Random(11);
    for (int step = 0; step < 50_000; step++) {
      String id = "wf-" + random.nextInt(100) + (random.nextBoolean() ? "Aa" : "BB");
      if (random.nextInt(4) == 0) {
        Integer at = where.remove(id);
        if (at != null) {
          ring[at] = null;
        }
        assertThat(records.remove(id)).isEqualTo(at != null);
      } else {
        Integer at = where.remove(id);
        if (at != null) {
          ring[at] = null;
        }
        String dropped = ring[next];
        if (dropped != null) {
          where.remove(dropped);
        }
        ring[next] = id;
        where.put(id, next);
        next = (next + 1) % capacity;
        assertThat(records.add(record(id, step), FinishedRecords.encode(record(id, step)))).as("step %d", step).isEqualTo(dropped);
      }
      String probe = "wf-" + random.nextInt(100) + (random.nextBoolean() ? "Aa" : "BB");
      WorkflowRecord kept = records.get(probe);
      assertThat(kept != null).as("step %d, %s", step, probe).isEqualTo(where.containsKey(probe));
      if (kept != null) {
        assertThat(kept.correlationId()).isEqualTo(probe);
      }
      assertThat(records.size()).isEqualTo(where.size());
    }
  }

  private static WorkflowRecord record(String id, int step) {
    Instant at = Instant.ofEpochSecond(1_700_000_000L + step);
    return new WorkflowRecord(id, WorkflowStatus.COMPLETED, "WorkflowCompleted", false, "cli", at, at, Map.of(), null, null,
        List.of(), null, null, null, null);
  }
}
