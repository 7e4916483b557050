package io.alchemiser.orchestrator.bench;

import io.alchemiser.shared.bus.Headers;
import io.alchemiser.shared.client.WorkflowClient;
import io.alchemiser.shared.event.EventType;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** The benchmark's heap figures: what an in-flight workflow holds, and whether the heap stays flat as workflows complete. */
public final class HeapCheck {
  /** Bytes: per in-flight workflow; the heap after 10,000 workflows, after {@code middle}, after {@code total}. */
  public record Figures(long perInFlightWorkflow, long after10k, long afterMiddle, long middle, long afterAll, long total) {
  }

  private HeapCheck() {
  }

  /**
   * Heap per in-flight workflow (10,000 held at the portfolio step), and the heap after 10,000, after a
   * fifth of the total and after all of 1,000,000 (100,000 when {@code quick}) completed.
   */
  public static Figures run(Path work, boolean quick, int inFlight) throws Exception {
    long perWorkflow;
    Vertx vertx = Vertx.vertx();
    try {
      BenchNodes.startNode(vertx, work.resolve("memory-1"), List.of("orchestrator"), false);
      BenchNodes.deploy(vertx, new BenchModules.NoopStrategy(), new BenchModules.NoopPortfolio(true));
      WorkflowClient client = WorkflowClient.create(vertx);
      long[] held = new long[1];
      io.alchemiser.shared.bus.EventSubscription.everyEvent(vertx, message -> {
        if (EventType.SIGNAL_GENERATED.wireName().equals(message.headers().get(Headers.EVENT_TYPE))) {
          held[0]++;
        }
      }).completion().await();
      // Warm the path up, so that what is measured is the workflows, not classes loaded on first use.
      BenchNodes.startHeld(client, "warm-", 1_000);
      BenchNodes.waitFor(() -> held[0] >= 1_000);
      long before = BenchNodes.usedHeapAfterGc();
      BenchNodes.startHeld(client, "held-", 10_000);
      BenchNodes.waitFor(() -> held[0] >= 11_000);
      long after = BenchNodes.usedHeapAfterGc();
      perWorkflow = (after - before) / 10_000;
      System.err.printf(Locale.ROOT, "memory: %,d bytes per in-flight workflow%n", perWorkflow);
    } finally {
      vertx.close().await();
    }
    long total = quick ? 100_000 : 1_000_000;
    vertx = Vertx.vertx();
    try {
      BenchNodes.startNode(vertx, work.resolve("memory-2"), List.of("orchestrator"), false);
      BenchNodes.deploy(vertx, new BenchModules.NoopStrategy(), new BenchModules.NoopPortfolio(false), new BenchModules.NoopExecution());
      LoadRunner runner = new LoadRunner(vertx);
      BenchLoads.workflowLoad(vertx, runner, "heap");
      runner.count(inFlight, 10_000);
      long after10k = BenchNodes.usedHeapAfterGc();
      // Bounded per-node memories fill up first (each node remembers the last 100,000 ended runs): a
      // leak keeps growing after that, a bound does not.
      long middle = total / 5;
      LoadRunner.Figures toMiddle = runner.count(inFlight, middle - 10_000);
      long afterMiddle = BenchNodes.usedHeapAfterGc();
      LoadRunner.Figures rest = runner.count(inFlight, total - middle);
      long afterAll = BenchNodes.usedHeapAfterGc();
      System.err.printf(Locale.ROOT, "memory: heap %,d bytes after 10,000 workflows, %,d after %,d, %,d after %,d (%d failed)%n",
          after10k, afterMiddle, middle, afterAll, total, toMiddle.failed() + rest.failed());
      return new Figures(perWorkflow, after10k, afterMiddle, middle, afterAll, total);
    } finally {
      vertx.close().await();
    }
  }
}
