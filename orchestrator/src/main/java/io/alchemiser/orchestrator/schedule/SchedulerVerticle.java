package io.alchemiser.orchestrator.schedule;

import io.alchemiser.shared.calendar.TradingCalendar;
import com.cronutils.model.time.ExecutionTime;
import io.alchemiser.shared.bus.Addresses;
import io.alchemiser.shared.client.StartRequest;
import io.alchemiser.shared.client.WorkflowClient;
import io.alchemiser.shared.client.WorkflowClientException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fires the trading schedule: on each tick of an entry that its calendar lets run (a trading day; for
 * a live entry on the {@code nyse} calendar, within the exchange's hours), it starts a workflow whose
 * correlation id is derived from the entry and the tick ({@code sched-<entry>-<yyyyMMdd'T'HHmmss>}
 * in the entry's time zone). The id is claimed cluster-wide when the workflow starts, so however
 * many orchestrators fire the same tick, one workflow runs; the others record that it fired elsewhere.
 */
public final class SchedulerVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(SchedulerVerticle.class);
  public static final DateTimeFormatter TICK = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss");

  private final ScheduleSettings settings;
  private final MeterRegistry registry;
  private final Map<String, State> states = new LinkedHashMap<>();
  private WorkflowClient client;
  private MessageConsumer<Object> consumer;

  private static final class State {
    ZonedDateTime next;
    ZonedDateTime lastTick;
    String lastOutcome = "none yet";
    long timer = -1;
  }

  public SchedulerVerticle(ScheduleSettings settings, MeterRegistry registry) {
    this.settings = settings;
    this.registry = registry;
  }

  public static String correlationId(ScheduleSettings.Entry entry, ZonedDateTime tick) {
    return "sched-" + entry.name() + "-" + TICK.format(tick.withZoneSameInstant(entry.zone()));
  }

  @Override
  public Future<?> start() {
    client = WorkflowClient.create(vertx);
    consumer = vertx.eventBus().consumer(Addresses.SCHEDULE, message -> message.reply(view()));
    for (ScheduleSettings.Entry entry : settings.entries()) {
      states.put(entry.name(), new State());
      missed(entry);
      arm(entry);
    }
    LOG.info("schedule: {}", settings.entries().stream().map(e -> e.name() + " '" + e.expression() + "' " + e.zone()).toList());
    return consumer.completion();
  }

  @Override
  public Future<?> stop() {
    states.values().forEach(s -> vertx.cancelTimer(s.timer));
    return consumer.unregister();
  }

  private void arm(ScheduleSettings.Entry entry) {
    State state = states.get(entry.name());
    ZonedDateTime now = ZonedDateTime.now(entry.zone());
    Optional<ZonedDateTime> next = ExecutionTime.forCron(entry.cron()).nextExecution(now);
    if (next.isEmpty()) {
      state.next = null;
      return;
    }
    state.next = next.get().truncatedTo(ChronoUnit.SECONDS);
    long delay = Math.max(1, Duration.between(now, state.next).toMillis());
    state.timer = vertx.setTimer(delay, t -> {
      fire(entry, state.next, "tick");
      arm(entry);
    });
  }

  /**
   * With {@code misfire: run-once}, the last tick before now runs at start when its workflow never
   * ran and the entry ran before (so a first start does not fire a past tick); with {@code skip}, it
   * is counted as missed.
   */
  private void missed(ScheduleSettings.Entry entry) {
    Optional<ZonedDateTime> last = ExecutionTime.forCron(entry.cron()).lastExecution(ZonedDateTime.now(entry.zone()));
    if (last.isEmpty()) {
      return;
    }
    ZonedDateTime tick = last.get().truncatedTo(ChronoUnit.SECONDS);
    String id = correlationId(entry, tick);
    client.get(id).onSuccess(ran -> { }).onFailure(err -> {
      if (!(err instanceof WorkflowClientException refused) || refused.code() != WorkflowClientException.NOT_FOUND) {
        return;
      }
      client.recent(null, 1000).onSuccess(records -> {
        boolean ranBefore = records.stream().anyMatch(r -> r.correlationId().startsWith("sched-" + entry.name() + "-"));
        if (!ranBefore) {
          return;
        }
        if (entry.runMissed()) {
          fire(entry, tick, "missed tick, run once");
        } else {
          count(entry, "missed");
          State state = states.get(entry.name());
          state.lastTick = tick;
          state.lastOutcome = "missed while no node was up (misfire: skip)";
        }
      });
    });
  }

  private void fire(ScheduleSettings.Entry entry, ZonedDateTime tick, String why) {
    State state = states.get(entry.name());
    state.lastTick = tick;
    String id = correlationId(entry, tick);
    Optional<String> closed = entry.skips(tick, java.time.Instant.now());
    if (closed.isPresent()) {
      skipped(entry, state, closed.get());
      return;
    }
    Future<Boolean> open = entry.calendar() != TradingCalendar.BROKER ? Future.succeededFuture(true)
        : vertx.eventBus().request(Addresses.BROKER_CLOCK, new JsonObject(), new DeliveryOptions().setSendTimeout(10_000))
            .map(reply -> {
              JsonObject clock = (JsonObject) reply.body();
              if (!clock.getBoolean("open", false)) {
                skipped(entry, state, "market closed (next open " + clock.getString("nextOpen") + ")");
                return false;
              }
              return true;
            });
    open.onFailure(err -> skipped(entry, state, "broker clock unavailable: " + err.getMessage()))
        .onSuccess(isOpen -> {
          if (!isOpen) {
            return;
          }
          client.start(new StartRequest(id, entry.dryRun(), "schedule", null)).onSuccess(started -> {
            count(entry, "fired");
            state.lastOutcome = "started " + started + " (" + why + ")";
            LOG.info("schedule {}: started {} ({})", entry.name(), started, why);
          }).onFailure(err -> {
            if (err instanceof WorkflowClientException refused && refused.code() == WorkflowClientException.CONFLICT) {
              count(entry, "elsewhere");
              state.lastOutcome = "fired elsewhere: " + id + " already started";
            } else {
              count(entry, "failed");
              state.lastOutcome = "could not start " + id + ": " + err.getMessage();
              LOG.warn("schedule {}: could not start {}: {}", entry.name(), id, err.getMessage());
            }
          });
        });
  }

  private void skipped(ScheduleSettings.Entry entry, State state, String reason) {
    count(entry, "skipped");
    state.lastOutcome = "skipped: " + reason;
    LOG.info("schedule {}: tick {} skipped: {}", entry.name(), state.lastTick, reason);
  }

  private void count(ScheduleSettings.Entry entry, String outcome) {
    Counter.builder("alchemiser.schedule.ticks").description("Schedule ticks by outcome: fired, elsewhere, skipped, missed, failed")
        .tag("entry", entry.name()).tag("outcome", outcome).register(registry).increment();
  }

  private JsonObject view() {
    JsonArray entries = new JsonArray();
    for (ScheduleSettings.Entry entry : settings.entries()) {
      State state = states.get(entry.name());
      entries.add(new JsonObject()
          .put("name", entry.name())
          .put("cron", entry.expression())
          .put("timeZone", entry.zone().getId())
          .put("calendar", entry.calendar().name().toLowerCase(java.util.Locale.ROOT))
          .put("dryRun", entry.dryRun())
          .put("misfire", entry.runMissed() ? "run-once" : "skip")
          .put("nextFireTime", state.next == null ? null : state.next.toOffsetDateTime().toString())
          .put("nextFireTimeUtc", state.next == null ? null : state.next.toInstant().toString())
          .put("lastTick", state.lastTick == null ? null : state.lastTick.toOffsetDateTime().toString())
          .put("lastOutcome", state.lastOutcome));
    }
    return new JsonObject().put("entries", entries);
  }
}
