package io.alchemiser.orchestrator.cli;

import io.alchemiser.orchestrator.cli.common.CommandGroup;
import io.alchemiser.orchestrator.cli.common.CommonOptions;
import io.alchemiser.orchestrator.cli.common.ExitCodes;
import io.alchemiser.orchestrator.cli.common.HumanSummary;
import io.alchemiser.shared.plugin.Plugins;
import io.alchemiser.orchestrator.journal.Journal;
import io.alchemiser.orchestrator.journal.JournalReplay;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.alchemiser.shared.config.ConfigException;
import io.alchemiser.shared.config.ConfigLoader;
import io.alchemiser.shared.config.ConfigReader;
import io.alchemiser.shared.event.CorrelationIds;
import io.alchemiser.shared.bus.EventCodec;
import io.alchemiser.shared.json.Json;
import io.alchemiser.shared.event.WorkflowEvent;
import io.alchemiser.shared.client.WorkflowRecord;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code history} and {@code show}: past workflows straight from the journal, with no server running. */
final class JournalCommands {

  private JournalCommands() {
  }

  /** What every journal command takes: where the data directory is configured, and JSON output. */
  static final class JournalOptions {
    @Mixin
    CommonOptions.JsonOutput jsonOption;

    @Mixin
    CommonOptions.ConfigFile configOption;

    boolean json() {
      return jsonOption.json;
    }

    /** The config that gives the data directory, and so the journal. */
    Path configFile() {
      return configOption.file;
    }
  }

  /** Opens the data directory's journal read-only, or says clearly why not. */
  static JournalReplay read(Path configFile) {
    return withJournal(configFile, JournalReplay::of);
  }

  static <T> T withJournal(Path configFile, java.util.function.Function<Journal, T> reader) {
    Path dataDir = dataDir(configFile);
    if (!Files.exists(dataDir.resolve("journal").resolve(Journal.FILE))) {
      throw new IllegalStateException("no workflows yet: there is no journal under " + dataDir.toAbsolutePath());
    }
    try (Journal journal = Journal.open(dataDir, true)) {
      return reader.apply(journal);
    }
  }

  /** The usage error of a {@code --limit} below 1 (said on stderr), or null when it is fine. */
  static Integer refusedLimit(int limit) {
    if (limit < 1) {
      System.err.println("error: --limit must be positive");
      return ExitCodes.USAGE;
    }
    return null;
  }

  static int fail(RuntimeException e) {
    System.err.println("error: " + e.getMessage());
    if (e instanceof ConfigException) {
      return ExitCodes.CONFIG;
    }
    if (e instanceof Journal.DamagedException) {
      return ExitCodes.IO_ERROR;
    }
    return e instanceof Journal.LockedException ? ExitCodes.UNAVAILABLE : ExitCodes.NO_INPUT;
  }

  /** The data directory the config names. */
  static Path dataDir(Path configFile) {
    Vertx vertx = Vertx.vertx();
    try {
      return Path.of(ConfigReader.root(ConfigLoader.load(vertx, configFile, Plugins.configSchema()).await()).string("dataDir", "./data"));
    } finally {
      vertx.close().await();
    }
  }

  @Command(name = "journal", mixinStandardHelpOptions = true, subcommands = Recover.class,
      description = "Look after the journal (the workflows' events on disk under <dataDir>/journal).")
  static final class Group extends CommandGroup {
  }

  @Command(name = "recover", mixinStandardHelpOptions = true,
      description = {"Rebuild a damaged journal: move the file aside (kept, never deleted), copy every event and dead letter "
          + "that can still be read into a new journal, and report what was lost. A readable journal is left alone.",
          "The broker's own orders, by client order id, stay the record of what was traded: compare them with "
          + "'alchemiser history' and 'show' before trading again."},
      exitCodeListHeading = "%nExit status:%n",
      exitCodeList = {"0:recovered, or nothing to recover", "66:no journal", "69:a running server holds the journal", "74:cannot write",
          "78:bad config"})
  static final class Recover implements Callable<Integer> {
    @Mixin
    JournalOptions options;

    @Override
    public Integer call() {
      Path dataDir;
      io.alchemiser.orchestrator.journal.JournalRecovery.Report report;
      try {
        dataDir = dataDir(options.configFile());
      } catch (ConfigException e) {
        return fail(e);
      }
      try {
        report = io.alchemiser.orchestrator.journal.JournalRecovery.recover(dataDir);
      } catch (Journal.LockedException e) {
        return fail(e);
      } catch (IllegalStateException e) {
        System.err.println("error: " + e.getMessage());
        return Files.exists(dataDir.resolve("journal").resolve(Journal.FILE)) ? ExitCodes.IO_ERROR : ExitCodes.NO_INPUT;
      }
      if (options.json()) {
        System.out.println(report.toJson().encode());
        return ExitCodes.COMPLETED;
      }
      if (!report.damaged()) {
        System.out.println("The journal " + report.file() + " is readable: nothing to recover.");
        return ExitCodes.COMPLETED;
      }
      System.out.println("The damaged journal was moved to " + report.movedTo() + " (kept for inspection).");
      System.out.println("Damage: " + report.damage());
      System.out.printf(Locale.ROOT, "Recovered %d events of %d workflows and %d dead letters (%s) into a new %s.%n", report.events(),
          report.workflows(), report.deadLetters(), report.method(), report.file());
      System.out.println("Lost: " + (report.lost().isEmpty() ? "nothing the store could still address" : String.join("; ", report.lost())));
      if (!report.unfinished().isEmpty()) {
        System.out.println("Workflows without an end in the recovered journal (the next start treats them as after a crash): "
            + String.join(", ", report.unfinished()));
      }
      System.out.println("The broker's own orders stay the record of what was traded: compare them, by client order id, with "
          + "'alchemiser history' and 'alchemiser show ID' before trading again.");
      return ExitCodes.COMPLETED;
    }
  }

  @Command(name = "history", mixinStandardHelpOptions = true,
      description = "List past workflows from the journal (works while no server runs on the data directory).",
      exitCodeListHeading = "%nExit status:%n",
      exitCodeList = {"0:listed", "64:bad usage", "66:no journal", "69:a running server holds the journal",
          "74:damaged journal (alchemiser journal recover)", "78:bad config"})
  static final class History implements Callable<Integer> {
    @Option(names = "--limit", paramLabel = "N", description = "How many, newest first (default 20).")
    int limit = 20;

    @Mixin
    JournalOptions options;

    @Override
    public Integer call() {
      Integer refused = refusedLimit(limit);
      if (refused != null) {
        return refused;
      }
      JournalReplay replay;
      try {
        replay = read(options.configFile());
      } catch (RuntimeException e) {
        return fail(e);
      }
      List<WorkflowRecord> records = new ArrayList<>(replay.records.values());
      records.sort(Comparator.comparing(WorkflowRecord::startedAt).reversed());
      records = records.subList(0, Math.min(limit, records.size()));
      if (options.json()) {
        ObjectNode out = Json.MAPPER.createObjectNode();
        ArrayNode list = out.putArray("workflows");
        records.forEach(r -> list.add(r.toViewJson(java.time.Instant.now())));
        System.out.println(out);
        return 0;
      }
      System.out.printf(Locale.ROOT, "%-40s %-10s %-18s %-25s %9s %7s  %s%n", "CORRELATION ID", "STATUS", "STAGE", "STARTED",
          "SECONDS", "ORDERS", "ERROR");
      Instant now = Instant.now();
      for (WorkflowRecord r : records) {
        System.out.printf(Locale.ROOT, "%-40s %-10s %-18s %-25s %9.3f %7d  %s%n", r.correlationId(), r.status().label(), r.stage(),
            r.startedAt(), r.duration(now).toMillis() / 1000.0, r.ordersExecuted().size(), r.errorCode() == null ? "" : r.errorCode());
      }
      return 0;
    }
  }

  @Command(name = "dead-letters", mixinStandardHelpOptions = true,
      description = "List the messages modules refused as events, newest first, from the journal.",
      exitCodeListHeading = "%nExit status:%n",
      exitCodeList = {"0:listed", "64:bad usage", "66:no journal", "69:a running server holds the journal (use GET /api/dead-letters)",
          "74:damaged journal (alchemiser journal recover)"})
  static final class DeadLetters implements Callable<Integer> {
    @Option(names = "--limit", paramLabel = "N", description = "How many (default 100).")
    int limit = 100;

    @Mixin
    JournalOptions options;

    @Override
    public Integer call() {
      Integer refused = refusedLimit(limit);
      if (refused != null) {
        return refused;
      }
      List<byte[]> letters;
      try {
        letters = withJournal(options.configFile(), journal -> journal.deadLetters(limit));
      } catch (RuntimeException e) {
        return fail(e);
      }
      io.vertx.core.json.JsonArray array = new io.vertx.core.json.JsonArray();
      letters.forEach(bytes -> array.add(new io.vertx.core.json.JsonObject(io.vertx.core.buffer.Buffer.buffer(bytes))));
      if (options.json()) {
        System.out.println(new io.vertx.core.json.JsonObject().put("deadLetters", array).encode());
        return 0;
      }
      for (Object o : array) {
        io.vertx.core.json.JsonObject letter = (io.vertx.core.json.JsonObject) o;
        System.out.printf(Locale.ROOT, "%s  %-14s %-22s %s: %s%n", letter.getString("receivedAt"), letter.getString("module"),
            letter.getString("reason"), letter.getString("correlationId", "-"), letter.getString("detail"));
      }
      return 0;
    }
  }

  @Command(name = "show", mixinStandardHelpOptions = true,
      description = "Show one past workflow with all its events, from the journal.",
      exitCodeListHeading = "%nExit status:%n",
      exitCodeList = {"0:shown", "64:bad usage", "65:no such workflow", "66:no journal", "69:a running server holds the journal",
          "74:damaged journal (alchemiser journal recover)"})
  static final class Show implements Callable<Integer> {
    @Parameters(paramLabel = "ID", description = "The workflow's correlation id.")
    String id;

    @Mixin
    JournalOptions options;

    @Override
    public Integer call() {
      if (!CorrelationIds.isValid(id)) {
        System.err.println("error: " + CorrelationIds.validateMessage(id));
        return ExitCodes.USAGE;
      }
      JournalReplay replay;
      try {
        replay = read(options.configFile());
      } catch (RuntimeException e) {
        return fail(e);
      }
      WorkflowRecord record = replay.records.get(id);
      if (record == null) {
        System.err.println("error: the journal has no workflow " + id);
        return ExitCodes.DATA_ERROR;
      }
      List<WorkflowEvent> events = replay.events.getOrDefault(id, List.of());
      if (options.json()) {
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.set("workflow", record.toViewJson(java.time.Instant.now()));
        ArrayNode list = out.putArray("events");
        for (WorkflowEvent event : events) {
          try {
            list.add(Json.MAPPER.readTree(EventCodec.toJsonBytes(event)));
          } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
          }
        }
        System.out.println(out);
        return 0;
      }
      System.out.print(HumanSummary.of(record, record.toResultJson(Instant.now())));
      System.out.println("Events:");
      for (WorkflowEvent event : events) {
        System.out.printf(Locale.ROOT, "  %s  %-18s from %-13s id %s%n", event.metadata().timestamp(), event.metadata().eventType(),
            event.metadata().sourceModule(), event.metadata().eventId());
      }
      return 0;
    }
  }
}
