package io.alchemiser.shared.bus;

import io.alchemiser.shared.memory.RecentIds;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What this node knows of the workflows running through it, so that acting on an event needs no
 * question to the orchestrator: each run's deadline (from the event that brought it, passed on with
 * every event the node emits for it) and the runs that have ended (from the orchestrator's
 * {@link Addresses#WORKFLOW_ENDED} notices). A run is its correlation id and its deadline: a workflow
 * started again after it failed is a new run, with a later deadline, and its events are not
 * mistaken for the old one's. Clocks of the nodes are taken to agree (NTP): a node whose clock runs
 * ahead refuses an event a little early, and the orchestrator then times the run out as it would.
 * One per Vert.x instance.
 */
public final class WorkflowRuns {
  private static final Map<Vertx, WorkflowRuns> BY_VERTX = Collections.synchronizedMap(new WeakHashMap<>());
  /** Ended runs remembered: far more than a node has in flight, bounded so it never grows. */
  public static final int REMEMBERED_ENDS = 100_000;
  private static final int MAX_RUNNING = 200_000;

  private final Map<String, Long> deadlines = new ConcurrentHashMap<>();
  private final RecentIds ended = new RecentIds(REMEMBERED_ENDS);

  private WorkflowRuns() {
  }

  /** This Vert.x instance's, listening for ended runs from its first use. */
  public static WorkflowRuns of(Vertx vertx) {
    synchronized (BY_VERTX) {
      return BY_VERTX.computeIfAbsent(vertx, v -> {
        WorkflowRuns runs = new WorkflowRuns();
        EndNotices.register(v);
        v.eventBus().<Object>consumer(Addresses.WORKFLOW_ENDED, message -> {
          for (EndNotice notice : EndNotice.readAll(message.body())) {
            runs.ended(notice.correlationId(), notice.deadline());
          }
        });
        return runs;
      });
    }
  }

  /** A run goes on until {@code deadline}: the events this node emits for it carry it. */
  public void running(String correlationId, long deadline) {
    if (deadlines.size() > MAX_RUNNING) {
      long now = System.currentTimeMillis();
      deadlines.values().removeIf(d -> d < now);
    }
    deadlines.put(correlationId, deadline);
  }

  /** The deadline of the workflow's current run here, or null when this node has not seen it. */
  public Long deadline(String correlationId) {
    return deadlines.get(correlationId);
  }

  /** The run that had {@code deadline} has ended. */
  public void ended(String correlationId, long deadline) {
    ended.put(correlationId, deadline);
    deadlines.remove(correlationId, deadline);
  }

  /**
   * Whether an event of the run with {@code deadline} may still be acted on: not past it, and not
   * of a run that ended — one whose deadline is no later than that of the run last reported ended
   * (an orchestrator that adopted a run may know it by a slightly later deadline; a workflow started
   * again after it ended has a later one).
   */
  public boolean mayAct(String correlationId, long deadline) {
    Long endedRun = ended.get(correlationId);
    return System.currentTimeMillis() <= deadline && (endedRun == null || deadline > endedRun);
  }

  /** An end notice as read: the run that ended (its id and deadline) and how ({@code status}, null if not said). */
  public record EndNotice(String correlationId, long deadline, String status) {
    /**
     * The notices in a message body: {@link EndNotices} (as the orchestrator publishes them), their
     * JSON ({@code {"ended": [notice...]}}, as one sends them by hand), or one notice alone (as a node
     * before batches did); entries that are not notices are left out, and a body that is none of these gives none.
     */
    public static List<EndNotice> readAll(Object body) {
      if (body instanceof EndNotices notices) {
        return notices.ended();
      }
      if (!(body instanceof JsonObject json)) {
        return List.of();
      }
      if (!(json.getValue("ended") instanceof JsonArray batch)) {
        EndNotice one = read(json);
        return one == null ? List.of() : List.of(one);
      }
      List<EndNotice> notices = new ArrayList<>(batch.size());
      for (Object entry : batch) {
        EndNotice notice = read(entry);
        if (notice != null) {
          notices.add(notice);
        }
      }
      return notices;
    }

    private static EndNotice read(Object entry) {
      if (entry instanceof JsonObject notice && notice.getValue("correlationId") instanceof String id
          && notice.getValue("deadline") instanceof Number deadline) {
        return new EndNotice(id, deadline.longValue(), notice.getValue("status") instanceof String status ? status : null);
      }
      return null;
    }
  }

  /** One run's notice, as an entry of a batch (or, alone, as a node before batches published it). */
  public static JsonObject endedNotice(String correlationId, long deadline, String status) {
    return new JsonObject().put("correlationId", correlationId).put("deadline", deadline).put("status", status);
  }

  /**
   * The end notices of one event loop, published together: a run's notice waits only for the tasks
   * already queued on the loop, and every run that ends among them shares its message. Under load
   * that is several ends a message — on a cluster, one network message to each node instead of one
   * per run; idle, a notice goes out as soon as the task that ended its run is done. Use on the
   * loop's own context only.
   */
  public static final class EndNoticeBatch {
    private final Vertx vertx;
    private final Context context;
    private List<EndNotice> pending;

    public EndNoticeBatch(Vertx vertx, Context context) {
      this.vertx = vertx;
      this.context = context;
      EndNotices.register(vertx);
    }

    /** The run with {@code deadline} ended how {@code status} says. */
    public void add(String correlationId, long deadline, String status) {
      if (pending == null) {
        pending = new ArrayList<>();
        context.runOnContext(v -> publish());
      }
      pending.add(new EndNotice(correlationId, deadline, status));
    }

    private void publish() {
      List<EndNotice> batch = pending;
      pending = null;
      vertx.eventBus().publish(Addresses.WORKFLOW_ENDED, new EndNotices(batch));
    }
  }
}
