package io.alchemiser.orchestrator.bench;

import io.alchemiser.shared.bus.Addresses;
import io.alchemiser.shared.bus.Headers;
import io.alchemiser.shared.client.StartRequest;
import io.alchemiser.shared.client.WorkflowClient;
import io.alchemiser.shared.client.WorkflowStatus;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.alchemiser.shared.bus.WorkflowRuns;
import java.util.UUID;

/** What the benchmark's rows send: raw hops of the bus, or real workflows through the workflow client. */
public final class BenchLoads {
  private BenchLoads() {
  }

  /** Five plain hops: the first body goes to hop 1, the last hop answers the driver; the sequence number rides in a header. */
  public static void rawLoad(Vertx vertx, LoadRunner runner, int[] sizes) {
    Buffer first = Buffer.buffer(new byte[sizes[0]]);
    runner.context().runOnContext(v -> {
      vertx.eventBus().consumer(BenchModules.RAW_DONE, message -> runner.done(Long.parseLong(message.headers().get(BenchModules.ID_HEADER)), true));
      runner.starter(seq -> vertx.eventBus().send(BenchModules.RAW_PREFIX + 1, first, new DeliveryOptions()
          // As many headers as our events carry.
          .addHeader(BenchModules.ID_HEADER, Long.toString(seq)).addHeader(Headers.CORRELATION_ID, "raw-" + seq)
          .addHeader(Headers.EVENT_ID, "e" + seq).addHeader(Headers.EVENT_TYPE, "Raw").addHeader(Headers.SCHEMA_VERSION, "1")));
    });
    BenchNodes.pause(200);
  }

  /** Five event hops ({@link BenchModules.EventHop}): the driver sends each workflow's start to hop 1, the last hop ends it. */
  public static void eventsLoad(Vertx vertx, LoadRunner runner) {
    io.alchemiser.shared.bus.EventMessageCodec.register(vertx);
    int prefix = BenchModules.EVENTS_ID_PREFIX.length();
    runner.context().runOnContext(v -> {
      vertx.eventBus().consumer(BenchModules.EVENTS_DONE, message ->
          runner.done(Long.parseLong(message.headers().get(Headers.CORRELATION_ID).substring(prefix)), true));
      runner.starter(seq -> {
        io.alchemiser.shared.event.WorkflowStarted started = BenchModules.eventsStart(seq);
        vertx.eventBus().send(BenchModules.EVENTS_PREFIX + 1, started, io.alchemiser.shared.bus.EventCodec.deliveryOptions(started));
      });
    });
    BenchNodes.pause(200);
  }

  /**
   * Real workflows: started through the workflow client, ended when the orchestrator announces the
   * end of their run ({@link Addresses#WORKFLOW_ENDED}, one notice per workflow in the orchestrator's batches, as a client that
   * awaits many would listen; the events themselves go to the orchestrator only).
   */
  public static void workflowLoad(Vertx vertx, LoadRunner runner, String row) {
    workflowLoad(vertx, runner, row, false);
  }

  /** The same, each workflow a dry run when {@code dryRun} (it plans but places no order, and takes no account lease). */
  public static void workflowLoad(Vertx vertx, LoadRunner runner, String row, boolean dryRun) {
    String prefix = "bench-" + row + "-" + UUID.randomUUID().toString().substring(0, 6) + "-";
    WorkflowClient client = WorkflowClient.create(vertx);
    io.alchemiser.shared.bus.EndNotices.register(vertx);
    runner.context().runOnContext(v -> {
      vertx.eventBus().<Object>consumer(Addresses.WORKFLOW_ENDED, message -> {
        for (WorkflowRuns.EndNotice notice : WorkflowRuns.EndNotice.readAll(message.body())) {
          if (notice.correlationId().startsWith(prefix)) {
            runner.done(Long.parseLong(notice.correlationId().substring(prefix.length())),
                WorkflowStatus.COMPLETED.label().equals(notice.status()));
          }
        }
      });
      runner.starter(seq -> client.start(StartRequest.of(prefix + seq, dryRun, "bench"))
          .onFailure(err -> runner.done(seq, false)));
    });
    BenchNodes.pause(200);
  }
}
