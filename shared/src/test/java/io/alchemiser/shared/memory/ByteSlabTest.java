package io.alchemiser.shared.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ByteSlabTest {

  /** Random entries, small and larger than a chunk, released in random order: each reads back as it was added. */
  @Test
  void everyEntryReadsBackAsAddedWhateverIsReleasedAroundIt() {
    ByteSlab slab = new ByteSlab(256);
    Map<Long, byte[]> model = new HashMap<>();
    List<Long> handles = new ArrayList<>();
    Random random = new Random(3);
    for (int step = 0; step < 50_000; step++) {
      if (!handles.isEmpty() && random.nextInt(2) == 0) {
        long handle = handles.remove(random.nextInt(handles.size()));
        slab.release(handle);
        model.remove(handle);
      } else {
        byte[] bytes = new byte[random.nextInt(10) == 0 ? random.nextInt(600) : random.nextInt(60)];
        random.nextBytes(bytes);
        long handle = slab.add(bytes);
        assertThat(model.put(handle, bytes)).as("step %d: a handle still in use was given again", step).isNull();
        handles.add(handle);
      }
      if (!handles.isEmpty()) {
        long probe = handles.get(random.nextInt(handles.size()));
        assertThat(slab.get(probe)).as("step %d", step).isEqualTo(model.get(probe));
      }
    }
  }

  /** The way a ring of records uses it: the newest K kept, the oldest released. */
  @Test
  void holdsWhatItsLiveEntriesNeedWhenTheOldestAreReleasedFirst() {
    int chunk = 1 << 12;
    ByteSlab slab = new ByteSlab(chunk);
    ArrayDeque<Long> kept = new ArrayDeque<>();
    byte[] entry = new byte[100];
    for (int i = 0; i < 100_000; i++) {
      kept.add(slab.add(entry));
      if (kept.size() > 500) {
        slab.release(kept.poll());
      }
    }
    long needed = 500L * (100 + 4);
    assertThat(slab.bytesHeld()).isLessThanOrEqualTo(needed + 2L * chunk);
  }
}
