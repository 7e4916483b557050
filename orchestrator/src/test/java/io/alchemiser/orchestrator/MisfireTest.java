package io.alchemiser.orchestrator;

import io.alchemiser.orchestrator.app.Node;
import io.alchemiser.orchestrator.schedule.SchedulerVerticle;

import static org.assertj.core.api.Assertions.assertThat;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import io.alchemiser.shared.client.WorkflowClient;
import io.alchemiser.shared.client.WorkflowRecord;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A tick missed while no node was up runs once at start with {@code misfire: run-once}. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 90, timeUnit = TimeUnit.SECONDS)
class MisfireTest {
  private static final String CRON = "*/6 * * * * ?";

  private static JsonObject config(Path dataDir) {
    JsonObject config = TestNodes.allModules(dataDir);
    config.put("schedule", new JsonArray().add(new JsonObject().put("name", "m").put("cron", CRON).put("timeZone", "UTC")
        .put("calendar", "always").put("dryRun", true).put("misfire", "run-once")));
    return config;
  }

  @Test
  void aMissedTickRunsOnceAtStart() throws Exception {
    Path dataDir = TestNodes.tempDir();
    Vertx first = Vertx.vertx();
    try {
      WorkflowClient client = Node.start(first, config(dataDir)).await().client();
      for (int i = 0; i < 100 && client.recent(null, 10).await().isEmpty(); i++) {
        Thread.sleep(100);
      }
      assertThat(client.recent(null, 10).await()).isNotEmpty();
    } finally {
      first.close().await();
    }
    ExecutionTime times = ExecutionTime.forCron(new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.QUARTZ)).parse(CRON));
    ZonedDateTime missed = times.nextExecution(ZonedDateTime.now(ZoneOffset.UTC)).orElseThrow().truncatedTo(ChronoUnit.SECONDS);
    // Wait until that tick has passed with no node up, but not the one after it.
    while (ZonedDateTime.now(ZoneOffset.UTC).isBefore(missed.plusSeconds(1))) {
      Thread.sleep(100);
    }
    Vertx second = Vertx.vertx();
    try {
      WorkflowClient client = Node.start(second, config(dataDir)).await().client();
      String id = "sched-m-" + SchedulerVerticle.TICK.format(missed);
      WorkflowRecord record = null;
      for (int i = 0; i < 50 && record == null; i++) {
        record = client.get(id).otherwiseEmpty().await();
        Thread.sleep(100);
      }
      assertThat(record).as("the missed tick %s ran", id).isNotNull();
      assertThat(record.trigger()).isEqualTo("schedule");
    } finally {
      second.close().await();
    }
  }
}
