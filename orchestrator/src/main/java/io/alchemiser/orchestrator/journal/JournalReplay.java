package io.alchemiser.orchestrator.journal;

import io.alchemiser.shared.event.SignalGenerated;
import io.alchemiser.shared.event.WorkflowEvent;
import io.alchemiser.shared.client.WorkflowRecord;
import io.alchemiser.shared.event.WorkflowStarted;
import io.alchemiser.shared.client.WorkflowStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rebuilds workflow records from the journal, the same way the orchestrator built them from live
 * events, and keeps what a workflow that was still running needs to resume.
 */
public final class JournalReplay {
  public final Map<String, WorkflowRecord> records = new LinkedHashMap<>();
  public final Map<String, List<WorkflowEvent>> events = new LinkedHashMap<>();
  public final Map<String, WorkflowStarted> started = new LinkedHashMap<>();
  public final Map<String, SignalGenerated> signals = new LinkedHashMap<>();

  public static JournalReplay of(Journal journal) {
    JournalReplay replay = new JournalReplay();
    journal.forEach(replay::fold);
    return replay;
  }

  void fold(WorkflowEvent event) {
    String id = event.correlationId();
    if (event instanceof WorkflowStarted s) {
      // A retry of a failed workflow starts its record afresh.
      records.put(id, WorkflowRecord.started(s));
      started.put(id, s);
      signals.remove(id);
      events.put(id, new ArrayList<>(List.of(event)));
      return;
    }
    WorkflowRecord record = records.get(id);
    if (record == null || record.status() != WorkflowStatus.ACTIVE) {
      return;
    }
    records.put(id, record.with(event));
    events.get(id).add(event);
    if (event instanceof SignalGenerated s) {
      signals.put(id, s);
    }
  }
}
