package io.alchemiser.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import io.alchemiser.shared.bus.EventCodecTest;
import io.alchemiser.shared.client.WorkflowRecord;
import io.alchemiser.shared.client.WorkflowStatus;
import io.alchemiser.shared.event.WorkflowEvent;
import io.alchemiser.shared.event.WorkflowStarted;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class InMemoryWorkflowStoreTest {
  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00.123456789Z");

  @Test
  void aFinishedRecordComesBackExactlyAsItWasPut() {
    List<WorkflowEvent> events = EventCodecTest.oneOfEach();
    WorkflowRecord record = WorkflowRecord.started((WorkflowStarted) events.get(1));
    for (WorkflowEvent event : events.subList(2, 6)) {
      record = record.with(event);
    }
    assertThat(record.status()).isEqualTo(WorkflowStatus.COMPLETED);
    InMemoryWorkflowStore store = new InMemoryWorkflowStore(10);
    store.put(record);
    assertThat(store.get(record.correlationId()).result()).contains(record);
    assertThat(store.get("unknown").result()).isEmpty();
  }

  @Test
  void keepsTheNewestFinishedAndReportsTheOnesItDroppedAtTheNextPrune() {
    InMemoryWorkflowStore store = new InMemoryWorkflowStore(3);
    for (String id : List.of("a", "b", "c", "d")) {
      store.put(finished(id, WorkflowStatus.COMPLETED, 0));
    }
    assertThat(store.get("a").result()).isEmpty();
    assertThat(store.get("d").result()).isPresent();
    assertThat(store.pruneFinishedBefore(T0.minusSeconds(60)).result()).containsExactly("a");
    assertThat(store.pruneFinishedBefore(T0.minusSeconds(60)).result()).isEmpty();
    // Finished again: the newest, so the oldest other goes first.
    store.put(finished("b", WorkflowStatus.FAILED, 0));
    store.put(finished("e", WorkflowStatus.COMPLETED, 0));
    assertThat(ids(store.recent(null, 10).result())).containsExactlyInAnyOrder("b", "d", "e");
    assertThat(store.get("b").result().orElseThrow().status()).isEqualTo(WorkflowStatus.FAILED);
  }

  @Test
  void listsAndCountsLiveWorkflowsNewestStartFirstWithoutSimulatedDays() {
    InMemoryWorkflowStore store = new InMemoryWorkflowStore(100);
    store.put(finished("done-1", WorkflowStatus.COMPLETED, 1));
    store.put(finished("failed-2", WorkflowStatus.FAILED, 2));
    store.put(finished("done-3", WorkflowStatus.COMPLETED, 3));
    store.put(finished("timeout-4", WorkflowStatus.TIMEOUT, 4));
    store.put(active("running-5", 5));
    WorkflowRecord day = new WorkflowRecord("day-6", WorkflowStatus.COMPLETED, "WorkflowCompleted", false, "backtest",
        T0.plusSeconds(6), T0.plusSeconds(7), Map.of(), null, null, List.of(), null, null, null, "bt-1");
    store.put(day);

    assertThat(ids(store.recent(null, 3).result())).containsExactly("running-5", "timeout-4", "done-3");
    assertThat(ids(store.recent(WorkflowStatus.COMPLETED, 10).result())).containsExactly("done-3", "done-1");
    assertThat(ids(store.recent(WorkflowStatus.ACTIVE, 10).result())).containsExactly("running-5");
    var stats = store.stats().result();
    assertThat(stats.active()).isEqualTo(1);
    assertThat(stats.completed()).isEqualTo(2);
    assertThat(stats.failed()).isEqualTo(1);
    assertThat(stats.timedOut()).isEqualTo(1);
    assertThat(store.get("day-6").result()).as("its runner reads it").contains(day);
  }

  @Test
  void aLongBacktestDoesNotPushLiveWorkflowsOut() {
    InMemoryWorkflowStore store = new InMemoryWorkflowStore(3);
    store.put(finished("live-1", WorkflowStatus.COMPLETED, 0));
    store.put(finished("live-2", WorkflowStatus.FAILED, 1));
    int days = InMemoryWorkflowStore.SIMULATED_DAYS_KEPT + 5;
    for (int i = 0; i < days; i++) {
      store.put(day("backtest-bt-1-" + i, 2 + i));
    }
    assertThat(ids(store.recent(null, 10).result())).containsExactly("live-2", "live-1");
    assertThat(store.get("live-1").result()).isPresent();
    // The newest days are there for the runner; only days were dropped, and only they are pruned from a journal.
    assertThat(store.get("backtest-bt-1-" + (days - 1)).result()).isPresent();
    assertThat(store.get("backtest-bt-1-0").result()).isEmpty();
    assertThat(store.pruneFinishedBefore(T0.minusSeconds(60)).result()).allMatch(id -> id.startsWith("backtest-")).hasSize(days - 3);
    assertThat(store.forgetFinished(id -> id.startsWith("backtest-bt-1-")).result()).isEqualTo(3);
    assertThat(store.get("backtest-bt-1-" + (days - 1)).result()).isEmpty();
  }

  @Test
  void aFinishedWorkflowStartedAgainIsActiveAndNoLongerAmongTheFinished() {
    InMemoryWorkflowStore store = new InMemoryWorkflowStore(10);
    store.put(finished("again", WorkflowStatus.FAILED, 0));
    store.put(active("again", 1));
    assertThat(store.get("again").result().orElseThrow().status()).isEqualTo(WorkflowStatus.ACTIVE);
    assertThat(ids(store.recent(WorkflowStatus.FAILED, 10).result())).isEmpty();
    assertThat(store.stats().result().failed()).isZero();
  }

  @Test
  void forgetsByAgeAndById() {
    InMemoryWorkflowStore store = new InMemoryWorkflowStore(10);
    store.put(finished("old", WorkflowStatus.COMPLETED, 0));
    store.put(finished("new", WorkflowStatus.COMPLETED, 100));
    store.put(finished("bt-x", WorkflowStatus.COMPLETED, 100));
    Set<String> pruned = store.pruneFinishedBefore(T0.plusSeconds(50)).result();
    assertThat(pruned).containsExactly("old");
    assertThat(store.forgetFinished(id -> id.startsWith("bt-")).result()).isEqualTo(1);
    assertThat(ids(store.recent(null, 10).result())).containsExactly("new");
  }

  private static WorkflowRecord finished(String id, WorkflowStatus status, int second) {
    return new WorkflowRecord(id, status, "WorkflowCompleted", false, "cli", T0.plusSeconds(second),
        T0.plusSeconds(second + 1), Map.of(), null, null, List.of(), null, status == WorkflowStatus.COMPLETED ? null : "why",
        null, null);
  }

  private static WorkflowRecord day(String id, int second) {
    return new WorkflowRecord(id, WorkflowStatus.COMPLETED, "WorkflowCompleted", false, "backtest", T0.plusSeconds(second),
        T0.plusSeconds(second + 1), Map.of(), null, null, List.of(), null, null, null, "bt-1");
  }

  private static WorkflowRecord active(String id, int second) {
    return new WorkflowRecord(id, WorkflowStatus.ACTIVE, "WorkflowStarted", false, "cli", T0.plusSeconds(second), null,
        Map.of(), null, null, List.of(), null, null, null, null);
  }

  private static List<String> ids(List<WorkflowRecord> records) {
    return records.stream().map(WorkflowRecord::correlationId).toList();
  }
}
