package io.alchemiser.orchestrator.cli;

import io.alchemiser.orchestrator.cli.common.CommandSupport;
import io.alchemiser.orchestrator.cli.common.CommonOptions;
import io.alchemiser.orchestrator.cli.common.ExitCodes;
import io.alchemiser.orchestrator.cli.common.HumanSummary;
import io.alchemiser.orchestrator.cli.common.ProgressPrinter;
import io.alchemiser.shared.plugin.Plugins;
import io.alchemiser.orchestrator.app.AlchemiserRuntime;
import io.alchemiser.orchestrator.app.Node;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.alchemiser.shared.event.ErrorCodes;
import io.alchemiser.shared.config.ConfigLoader;
import io.alchemiser.shared.event.CorrelationIds;
import io.alchemiser.shared.client.StartRequest;
import io.alchemiser.shared.client.WorkflowClientException;
import io.alchemiser.shared.client.WorkflowRecord;
import io.alchemiser.shared.client.WorkflowStatus;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code alchemiser run}: one workflow in this process with every module, then exit with its outcome. */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Run one trading workflow in this process with every enabled module.",
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {"0:completed", "1:failed", "2:timed out", "64:bad usage", "74:damaged journal (alchemiser journal recover)", "78:bad config"})
final class RunCommand implements Callable<Integer> {
  @Mixin
  CommonOptions.JsonOutput jsonOption;

  @Mixin
  CommonOptions.ConfigFile configOption;

  /** How long after the workflow's own timeout we still wait for its last event. */
  private static final Duration GRACE = Duration.ofSeconds(10);

  @Option(names = "--dry-run", description = "Plan, but place no order.")
  boolean dryRun;

  @Option(names = "--correlation-id", paramLabel = "ID",
      description = "Correlation id to use (1-64 of letters, digits, '.', '_', ':', '-'); default: a new one.")
  String correlationId;

  @Option(names = "--timeout", paramLabel = "SECONDS",
      description = "Fail the workflow as timed out after this many seconds (default: orchestrator.workflowTimeoutSeconds).")
  Long timeoutSeconds;

  @Override
  public Integer call() {
    PrintStream err = System.err;
    CommandSupport.quietLogs();
    if (correlationId != null && !CorrelationIds.isValid(correlationId)) {
      err.println("error: " + CorrelationIds.validateMessage(correlationId));
      return ExitCodes.USAGE;
    }
    if (timeoutSeconds != null && timeoutSeconds <= 0) {
      err.println("error: --timeout must be a positive number of seconds");
      return ExitCodes.USAGE;
    }
    AlchemiserRuntime runtime = AlchemiserRuntime.create();
    Vertx vertx = runtime.vertx();
    try {
      // A bad config ends in Main's one mapping of failures to exit statuses (78).
      JsonObject config = io.alchemiser.shared.config.ConfigEdits.withoutWeb(io.alchemiser.shared.config.ConfigEdits.withoutSchedule(
          ConfigLoader.load(vertx, configOption.file, Plugins.configSchema()).await()));
      Node node = Node.start(vertx, config, runtime.registry()).await();
      String id = correlationId != null ? correlationId : CorrelationIds.generate();
      if (!CommandSupport.jsonLogs()) {
        // With JSON logs, stderr carries JSON lines only: the progress is in them.
        ProgressPrinter.attach(vertx, id, err).completion().await();
      }
      Duration timeout = timeoutSeconds != null ? Duration.ofSeconds(timeoutSeconds)
          : node.configuredWorkflowTimeout();
      WorkflowRecord record;
      try {
        node.client().start(new StartRequest(id, dryRun, "cli", timeout.toSeconds())).await();
        record = node.client().awaitCompletion(id, timeout.plus(GRACE)).await();
      } catch (WorkflowClientException e) {
        err.println("error: " + e.getMessage());
        return e.code() == WorkflowClientException.BAD_REQUEST ? ExitCodes.USAGE : ExitCodes.FAILED;
      }
      print(record);
      return switch (record.status()) {
        case COMPLETED -> ExitCodes.COMPLETED;
        case FAILED -> ExitCodes.FAILED;
        case TIMEOUT, ACTIVE -> ExitCodes.TIMEOUT;
      };
    } finally {
      vertx.close().await();
    }
  }

  private void print(WorkflowRecord record) {
    ObjectNode result = record.toResultJson(Instant.now());
    if (record.status() == WorkflowStatus.ACTIVE) {
      // Still running after the grace period: report it as the timeout it is.
      result.put("completionStatus", "timeout").put("success", false)
          .put("failureReason", "no outcome within the timeout").put("errorCode", ErrorCodes.TIMEOUT);
    }
    if (jsonOption.json) {
      System.out.println(result.toString());
    } else {
      System.out.print(HumanSummary.of(record, result));
    }
    System.out.flush();
  }
}
