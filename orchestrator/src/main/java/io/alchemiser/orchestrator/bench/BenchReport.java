package io.alchemiser.orchestrator.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.alchemiser.orchestrator.backtest.BacktestResult;
import io.alchemiser.shared.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** The benchmark's figures as a person reads them (one table on stdout) and as JSON. */
public final class BenchReport {
  /**
   * One row: its best rate with K in flight, and its latencies in an open loop at half that rate;
   * what a workflow of the rate's window cost this JVM (CPU, allocation, GCs).
   */
  public record Row(String name, String mode, LoadRunner.Figures max, LoadRunner.Figures atHalf, double ratioToRaw,
             ResourceMeter.Usage usage, Double ratioToRawEvents, Common atCommon,
             JvmProbe.Traffic traffic, List<Member> members) {
    /** This row, its rate also as a share of the raw-events row's. */
    public Row against(Row rawEvents) {
      return new Row(name, mode, max, atHalf, ratioToRaw, usage, max.perSecond() / rawEvents.max().perSecond(), atCommon, traffic, members);
    }

    /** The same row with another ratio to raw. */
    public Row withRatio(double ratio) {
      return new Row(name, mode, max, atHalf, ratio, usage, ratioToRawEvents, atCommon, traffic, members);
    }
  }

  /** A member JVM of a cluster row (not the driver's): what the rate's window cost it, and its share of the messages. */
  public record Member(String name, ResourceMeter.Usage usage, JvmProbe.Traffic traffic) {
  }

  /** Latencies at one rate every row of a mode is driven at, so that their tails compare like with like (null: above the row's maximum). */
  public record Common(double perSecond, LoadRunner.Figures figures) {
  }

  /**
   * Dry runs take no account lease (they place no order), so many run at once on one paper account:
   * the rows that show whether the journal's group commit holds under concurrency.
   */
  private static final int DRY_IN_FLIGHT = 16;

  private final boolean quick;
  /** The event loops of the local rows and of each cluster JVM when set ({@code --event-loops}); null for Vert.x's default. */
  private final Integer eventLoops;
  private final int inFlight;
  private final int backtestNodes;
  private final int backtestTickers;

  public BenchReport(boolean quick, int inFlight, int backtestNodes, int backtestTickers, Integer eventLoops) {
    this.quick = quick;
    this.eventLoops = eventLoops;
    this.inFlight = inFlight;
    this.backtestNodes = backtestNodes;
    this.backtestTickers = backtestTickers;
  }

  /** Workflows in flight in a row's closed loop: one for a full row (one paper account, one rebalance at a time), more for dry runs. */
  public static int inFlight(String row, int others) {
    if (row.startsWith("full")) {
      return row.endsWith("-dry") ? DRY_IN_FLIGHT : 1;
    }
    return others;
  }

  /** The goal of an orchestrated row against raw-events, locally and on the cluster. */
  private static final double RAW_EVENTS_GOAL = 0.5;

  /** What bounds an orchestrated row against raw-events of its mode in this run; empty for the other rows. */
  private static java.util.Optional<DeliveryBound> bound(List<Row> rows, Row row) {
    if (row.ratioToRawEvents() == null) {
      return java.util.Optional.empty();
    }
    return rows.stream().filter(r -> r.name().equals("raw-events") && r.mode().equals(row.mode())).findFirst()
        .flatMap(rawEvents -> DeliveryBound.of(row, rawEvents));
  }

  /** One row's rate against another's of the same run, when both were measured. */
  static java.util.Optional<Double> journalRatio(List<Row> rows, String journaled, String plain) {
    Row with = null;
    Row without = null;
    for (Row row : rows) {
      if (row.name().equals(journaled)) {
        with = row;
      } else if (row.name().equals(plain)) {
        without = row;
      }
    }
    return with == null || without == null || without.max().perSecond() <= 0 ? java.util.Optional.empty()
        : java.util.Optional.of(with.max().perSecond() / without.max().perSecond());
  }

  public void print(List<Row> rows, HeapCheck.Figures memory, BacktestBench.Figures backtests) {
    BacktestResult backtest = backtests == null ? null : backtests.plain();
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "%n%-18s %-8s %12s %8s %8s %8s %8s %7s %9s %14s %9s %9s %5s %7s %7s %6s %6s %6s%n", "name", "mode",
        "workflows/s", "p50 ms", "p99 ms", "p99.9 ms", "max ms", "vs raw", "vs events", "p99 @common", "CPU µs", "KiB", "GCs", "GC ms", "JIT ms",
        "sent", "dlvd", "net"));
    for (Row row : rows) {
      JvmProbe.Traffic total = total(row);
      out.append(String.format(Locale.ROOT, "%-18s %-8s %12.0f %8.2f %8.2f %8.2f %8.2f %7.2f %9s %14s %9.1f %9.1f %5d %7d %7d %6.1f %6.1f %6.1f%n",
          row.name(), row.mode(), row.max().perSecond(), row.atHalf().p50Ms(), row.atHalf().p99Ms(), row.atHalf().p999Ms(), row.atHalf().maxMs(),
          row.ratioToRaw(), row.ratioToRawEvents() == null ? "" : String.format(Locale.ROOT, "%.2f", row.ratioToRawEvents()),
          row.atCommon() == null ? "" : String.format(Locale.ROOT, "%.2f @%.0f/s", row.atCommon().figures().p99Ms(), row.atCommon().perSecond()),
          row.usage().cpuMicrosPerWorkflow(), row.usage().bytesPerWorkflow() / 1024, row.usage().gcCount(), row.usage().longestGcPauseMs(),
          row.usage().jitCompileMs(), total.sentPerWorkflow(), total.deliveredPerWorkflow(), total.networkPerWorkflow()));
      for (Member member : row.members()) {
        out.append(String.format(Locale.ROOT, "  member JVM %-35s CPU µs %.1f, KiB %.1f, GCs %d, GC ms %d, JIT ms %d; sent %.1f, dlvd %.1f, net %.1f%n",
            member.name(), member.usage().cpuMicrosPerWorkflow(), member.usage().bytesPerWorkflow() / 1024, member.usage().gcCount(),
            member.usage().longestGcPauseMs(), member.usage().jitCompileMs(), member.traffic().sentPerWorkflow(),
            member.traffic().deliveredPerWorkflow(), member.traffic().networkPerWorkflow()));
      }
    }
    out.append(String.format(Locale.ROOT, "(workflows/s: %d in flight, %d for full rows, %d for dry full rows; latencies: an open loop at half that rate, each "
        + "from when its workflow was due; p99 @common: the same at one rate for every row of a mode; CPU µs and KiB allocated per "
        + "workflow, GCs, the longest GC pause and the JIT's compile time in the rate's window, the driver's JVM's (a cluster's other JVMs "
        + "below their row); sent, dlvd, net: event-bus messages per workflow sent, delivered to handlers and written to the network, "
        + "in all the row's JVMs, counted in a round of their own)%n", inFlight,
        inFlight("full", inFlight), inFlight("full-dry", inFlight)));
    for (Row row : rows) {
      bound(rows, row).ifPresent(bound -> out.append(bound.line(row.name(), row.mode(), RAW_EVENTS_GOAL)));
    }
    journalRatio(rows, "full-journal", "full").ifPresent(ratio -> out.append(String.format(Locale.ROOT,
        "full-journal / full: %.2f, one workflow at a time (goal >= 0.25)%n", ratio)));
    journalRatio(rows, "full-journal-dry", "full-dry").ifPresent(ratio -> out.append(String.format(Locale.ROOT,
        "full-journal-dry / full-dry: %.2f, %d dry runs at a time: the journal's group commit under concurrency (goal >= 0.25)%n",
        ratio, inFlight("full-dry", inFlight))));
    if (memory != null) {
      memoryLines(out, memory);
    }
    if (backtest != null) {
      out.append(String.format(Locale.ROOT, "backtest of a %d-node symphony on %d tickers, warm: %d days in %d ms, %s days/s (median of %d "
              + "runs: %s–%s; the JIT compiled for %d ms during them) (goal >= 5,000)%n", backtestNodes, backtestTickers, backtest.days(),
          backtest.elapsedMs(), backtest.daysPerSecond().toPlainString(), backtests.warm().size(),
          backtests.slowestWarm().daysPerSecond().toPlainString(), backtests.fastestWarm().daysPerSecond().toPlainString(),
          backtests.warmCompileMs()));
      out.append(String.format(Locale.ROOT, "the same backtest as the first full run in a fresh JVM (the JIT still compiling the path): "
          + "%d days in %d ms, %s days/s%n", backtests.first().days(), backtests.first().elapsedMs(), backtests.first().daysPerSecond().toPlainString()));
      BacktestResult groups = backtests.groups();
      out.append(String.format(Locale.ROOT, "backtest of a %d-node symphony with filters over groups on %d tickers: %d days in %d ms, "
              + "%s days/s (goal >= 1,000)%n", backtestNodes, backtestTickers, groups.days(), groups.elapsedMs(),
          groups.daysPerSecond().toPlainString()));
      out.append(String.format(Locale.ROOT, "live evaluation of that symphony over %d years of bars: %d ms, best of 3, reading "
          + "the CSV bars included (goal < 1,000 ms)%n", backtests.years(), backtests.liveMs()));
    }
    System.out.print(out);
  }

  private static void memoryLines(StringBuilder out, HeapCheck.Figures memory) {
    out.append(String.format(Locale.ROOT, "heap per in-flight workflow (10,000 in flight): %,d bytes (goal <= 8,192)%n",
        memory.perInFlightWorkflow()));
    boolean filled = memory.middle() > io.alchemiser.shared.bus.WorkflowRuns.REMEMBERED_ENDS;
    out.append(String.format(Locale.ROOT, "heap after 10,000 workflows: %,d bytes; after %,d: %,d bytes; after %,d: %,d bytes "
        + "(%.2fx of the heap after %,d%s)%n", memory.after10k(), memory.middle(), memory.afterMiddle(), memory.total(), memory.afterAll(),
        (double) memory.afterAll() / memory.afterMiddle(), memory.middle(), filled ? ": flat once the bounded memories are full"
            : "; bounded memories may still be filling up: a full run shows whether the heap stays flat"));
  }

  public ObjectNode json(List<Row> rows, HeapCheck.Figures memory, BacktestBench.Figures backtests) {
    ObjectNode json = Json.MAPPER.createObjectNode();
    ObjectNode machine = json.putObject("machine");
    machine.put("cores", Runtime.getRuntime().availableProcessors());
    machine.put("cpu", cpuModel());
    machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
    machine.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    machine.put("maxHeapBytes", Runtime.getRuntime().maxMemory());
    machine.put("quick", quick);
    if (eventLoops != null) {
      machine.put("eventLoops", eventLoops);
    }
    ArrayNode results = json.putArray("results");
    for (Row row : rows) {
      ObjectNode result = results.addObject();
      result.put("name", row.name()).put("mode", row.mode())
          .put("workflowsPerSecond", Math.round(row.max().perSecond()))
          .put("p50Ms", round(row.atHalf().p50Ms())).put("p99Ms", round(row.atHalf().p99Ms()))
          .put("p999Ms", round(row.atHalf().p999Ms())).put("maxMs", round(row.atHalf().maxMs()))
          .put("ratioToRaw", round(row.ratioToRaw()))
          .put("ratioToRawEvents", row.ratioToRawEvents() == null ? null : round(row.ratioToRawEvents()))
          .put("commonRatePerSecond", row.atCommon() == null ? null : Math.round(row.atCommon().perSecond()))
          .put("p99MsAtCommonRate", row.atCommon() == null ? null : round(row.atCommon().figures().p99Ms()))
          .put("inFlight", inFlight(row.name(), inFlight))
          .put("latencyRatePerSecond", Math.round(row.max().perSecond() / 2))
          .put("failed", row.max().failed() + row.atHalf().failed())
          .put("cpuMicrosPerWorkflow", round(row.usage().cpuMicrosPerWorkflow()))
          .put("bytesAllocatedPerWorkflow", Math.round(row.usage().bytesPerWorkflow()))
          .put("gcCount", row.usage().gcCount()).put("longestGcPauseMs", row.usage().longestGcPauseMs())
          .put("jitCompileMs", row.usage().jitCompileMs());
      JvmProbe.Traffic total = total(row);
      result.put("messagesSentPerWorkflow", round(total.sentPerWorkflow())).put("deliveriesPerWorkflow", round(total.deliveredPerWorkflow()))
          .put("networkMessagesPerWorkflow", round(total.networkPerWorkflow()));
      bound(rows, row).ifPresent(bound -> result.set("deliveryBound", bound.json()));
      ArrayNode jvms = result.putArray("jvms");
      jvms.addObject().put("jvm", "driver").setAll(usageJson(row.usage(), row.traffic()));
      for (Member member : row.members()) {
        jvms.addObject().put("jvm", member.name()).setAll(usageJson(member.usage(), member.traffic()));
      }
    }
    journalRatio(rows, "full-journal", "full").ifPresent(ratio -> json.put("ratioFullJournalToFull", round(ratio)));
    journalRatio(rows, "full-journal-dry", "full-dry").ifPresent(ratio -> json.put("ratioFullJournalDryToFullDry", round(ratio)));
    if (memory != null) {
      json.putObject("memory").put("bytesPerInFlightWorkflow", memory.perInFlightWorkflow()).put("heapAfter10kBytes", memory.after10k())
          .put("heapAfter1mBytes", memory.afterAll()).put("workflowsForHeapAfter1m", memory.total())
          .put("heapAfterMiddleBytes", memory.afterMiddle()).put("workflowsForHeapAfterMiddle", memory.middle());
    }
    if (backtests != null) {
      BacktestResult backtest = backtests.plain();
      ObjectNode plain = json.putObject("backtest").put("days", backtest.days()).put("symphonyNodes", backtestNodes).put("tickers", backtestTickers)
          .put("elapsedMs", backtest.elapsedMs()).put("daysPerSecond", backtest.daysPerSecond())
          .put("warmRuns", backtests.warm().size()).put("warmCompileMs", backtests.warmCompileMs())
          .put("slowestWarmDaysPerSecond", backtests.slowestWarm().daysPerSecond())
          .put("fastestWarmDaysPerSecond", backtests.fastestWarm().daysPerSecond());
      plain.putObject("firstRun").put("elapsedMs", backtests.first().elapsedMs()).put("daysPerSecond", backtests.first().daysPerSecond());
      json.putObject("backtestGroups").put("days", backtests.groups().days()).put("symphonyNodes", backtestNodes)
          .put("tickers", backtestTickers).put("years", backtests.years()).put("elapsedMs", backtests.groups().elapsedMs())
          .put("daysPerSecond", backtests.groups().daysPerSecond()).put("liveEvaluationMs", backtests.liveMs());
    }
    return json;
  }

  /** The messages of a row in all its JVMs. */
  static JvmProbe.Traffic total(Row row) {
    JvmProbe.Traffic total = row.traffic();
    for (Member member : row.members()) {
      total = total.plus(member.traffic());
    }
    return total;
  }

  private static ObjectNode usageJson(ResourceMeter.Usage usage, JvmProbe.Traffic traffic) {
    return Json.MAPPER.createObjectNode().put("cpuMicrosPerWorkflow", round(usage.cpuMicrosPerWorkflow()))
        .put("bytesAllocatedPerWorkflow", Math.round(usage.bytesPerWorkflow())).put("gcCount", usage.gcCount())
        .put("longestGcPauseMs", usage.longestGcPauseMs()).put("jitCompileMs", usage.jitCompileMs())
        .put("messagesSentPerWorkflow", round(traffic.sentPerWorkflow())).put("deliveriesPerWorkflow", round(traffic.deliveredPerWorkflow()))
        .put("networkMessagesPerWorkflow", round(traffic.networkPerWorkflow()));
  }

  static double round(double value) {
    return Math.round(value * 1000) / 1000.0;
  }

  private static String cpuModel() {
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
          .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("unknown");
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }
}
