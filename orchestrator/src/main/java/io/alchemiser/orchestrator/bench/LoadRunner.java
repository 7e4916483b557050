package io.alchemiser.orchestrator.bench;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.Arrays;
import java.util.function.LongConsumer;

/**
 * Drives a benchmark load from one event loop: {@code start} begins workflow number {@code seq};
 * whoever sees it end calls {@link #done}. A closed loop keeps K workflows in flight for a while
 * (the maximum rate); an open loop starts them at a fixed rate (the latency at that rate). Every
 * call happens on the runner's context, so it needs no locks.
 */
public final class LoadRunner {
  /** A measured window: throughput and end-to-end latency percentiles. */
  public record Figures(long completed, long failed, double seconds, double perSecond, double p50Ms, double p99Ms, double p999Ms,
                        double maxMs) {
  }

  private final Vertx vertx;
  private final Context context;
  private LongConsumer starter;
  private long nextSeq;
  private final long[] startedAt = new long[1 << 20];
  private long[] latencies = new long[1 << 16];
  private int latencyCount;
  private long completed;
  private long failed;
  private long inFlight;
  private boolean refill;
  private long windowEnd;
  private long stopAtSeq = Long.MAX_VALUE;
  /** Off while counting a million workflows for the heap check: the latencies would be on the heap measured. */
  private boolean recordLatency = true;
  private Promise<Void> drained;

  public LoadRunner(Vertx vertx) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
  }

  public Context context() {
    return context;
  }

  /** Sets how a workflow is started; called on the runner's context. */
  public void starter(LongConsumer starter) {
    this.starter = starter;
  }

  /** A workflow has ended (call on the runner's context). */
  public void done(long seq, boolean ok) {
    int slot = (int) (seq % startedAt.length);
    if (startedAt[slot] == 0) {
      return;
    }
    long latency = System.nanoTime() - startedAt[slot];
    startedAt[slot] = 0;
    inFlight--;
    if (ok) {
      completed++;
      if (recordLatency) {
        if (latencyCount == latencies.length) {
          latencies = Arrays.copyOf(latencies, latencies.length * 2);
        }
        latencies[latencyCount++] = latency;
      }
    } else {
      failed++;
    }
    boolean over = System.nanoTime() >= windowEnd || nextSeq >= stopAtSeq;
    if (refill && !over) {
      begin();
    } else if (inFlight == 0 && over && drained != null) {
      // Only once no more will start: an open loop is often idle for a moment between its ticks.
      drained.tryComplete();
    }
  }

  private void begin() {
    begin(System.nanoTime());
  }

  /**
   * Starts the next workflow, its latency counted from {@code intendedStart}: in an open loop, when it
   * was due, not when a late tick got to it — a stall then shows in the latencies of every workflow it
   * held back, instead of being left out (coordinated omission).
   */
  private void begin(long intendedStart) {
    long seq = nextSeq++;
    // A slot still taken a million starts later belongs to a workflow that never ended: it is lost.
    int slot = (int) (seq % startedAt.length);
    if (startedAt[slot] != 0) {
      inFlight--;
      failed++;
    }
    startedAt[slot] = intendedStart;
    inFlight++;
    starter.accept(seq);
  }

  /** K in flight for {@code seconds}; then waits (bounded) for the last ones. */
  public Figures closedLoop(int inFlightTarget, double seconds) {
    return measure(seconds, () -> {
      refill = true;
      for (int i = 0; i < inFlightTarget; i++) {
        begin();
      }
    });
  }

  /** Starts workflows at {@code perSecond} for {@code seconds}, each workflow's latency counted from when it was due. */
  public Figures openLoop(double perSecond, double seconds) {
    return measure(seconds, () -> {
      refill = false;
      long t0 = System.nanoTime();
      long[] started = new long[1];
      vertx.setPeriodic(1, id -> {
        long now = System.nanoTime();
        if (now >= windowEnd) {
          vertx.cancelTimer(id);
          if (inFlight == 0 && drained != null) {
            drained.tryComplete();
          }
          return;
        }
        long due = (long) ((now - t0) / 1e9 * perSecond);
        while (started[0] < due) {
          started[0]++;
          begin(t0 + (long) (started[0] / perSecond * 1e9));
        }
      });
    });
  }

  /** Runs {@code count} workflows, K in flight, however long that takes. */
  public Figures count(int inFlightTarget, long count) {
    Promise<Void> finished = Promise.promise();
    long t0 = System.nanoTime();
    context.runOnContext(v -> {
      reset();
      windowEnd = Long.MAX_VALUE;
      stopAtSeq = nextSeq + count;
      recordLatency = false;
      drained = finished;
      refill = true;
      for (int i = 0; i < Math.min(inFlightTarget, count); i++) {
        begin();
      }
    });
    // Bounded: at least 200 workflows a second, or the run is given up on.
    long deadline = System.nanoTime() + (long) ((30 + count / 200.0) * 1e9);
    while (!finished.future().isComplete() && System.nanoTime() < deadline) {
      sleep(20);
    }
    if (!finished.future().isComplete()) {
      throw new IllegalStateException("the workflows did not finish in time (" + completed + " of " + count + ")");
    }
    Promise<Figures> figures = Promise.promise();
    context.runOnContext(v -> {
      stopAtSeq = Long.MAX_VALUE;
      recordLatency = true;
      figures.complete(figures((System.nanoTime() - t0) / 1e9));
    });
    return figures.future().await();
  }

  private Figures measure(double seconds, Runnable kickOff) {
    Promise<Void> finished = Promise.promise();
    long t0 = System.nanoTime();
    context.runOnContext(v -> {
      reset();
      windowEnd = System.nanoTime() + (long) (seconds * 1e9);
      drained = finished;
      kickOff.run();
    });
    // The last workflows get ten seconds to end; those that do not are counted as failed.
    Future<Void> done = finished.future();
    long deadline = System.nanoTime() + (long) ((seconds + 10) * 1e9);
    while (!done.isComplete() && System.nanoTime() < deadline) {
      sleep(20);
    }
    double elapsed = Math.min((System.nanoTime() - t0) / 1e9, seconds + 10);
    Promise<Figures> figures = Promise.promise();
    context.runOnContext(v -> {
      refill = false;
      failed += inFlight;
      figures.complete(figures(elapsed));
    });
    return figures.future().await();
  }

  private void reset() {
    completed = 0;
    failed = 0;
    latencyCount = 0;
  }

  private Figures figures(double elapsed) {
    long[] sorted = Arrays.copyOf(latencies, latencyCount);
    Arrays.sort(sorted);
    return new Figures(completed, failed, elapsed, completed / elapsed, percentile(sorted, 0.50), percentile(sorted, 0.99),
        percentile(sorted, 0.999),
        sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6);
  }

  private static double percentile(long[] sorted, double p) {
    return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
