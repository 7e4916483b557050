package io.alchemiser.orchestrator.cli;

import io.alchemiser.orchestrator.cli.common.ExitCodes;
import io.alchemiser.orchestrator.bench.BacktestBench;
import io.alchemiser.orchestrator.bench.BenchLoads;
import io.alchemiser.orchestrator.bench.BenchModules;
import io.alchemiser.orchestrator.bench.BenchNodes;
import io.alchemiser.orchestrator.bench.HeapCheck;
import io.alchemiser.orchestrator.bench.JvmProbe;
import io.alchemiser.orchestrator.bench.LoadRunner;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code alchemiser bench}: throughput, latency and memory of workflows against the raw event bus,
 * in one run, printed as one table (and as JSON with {@code --json FILE}). Each row is measured
 * twice: K workflows kept in flight for the maximum rate, then an open loop at half that rate for
 * the latency percentiles. See docs/benchmarks.md.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Benchmark workflows against the raw event bus (local and a 3-JVM cluster on 127.0.0.1), and their heap.")
final class BenchCommand implements Callable<Integer> {
  private static final int IN_FLIGHT = 64;
  /** One at a time: concurrent rebalances of one paper account would trade against each other. */
  /**
   * Dry runs take no account lease (they place no order), so many run at once on one paper account:
   * the rows that show whether the journal's group commit holds under concurrency.
   */
  static final int DRY_IN_FLIGHT = 16;
  /**
   * The rate every row of a mode is also driven at for its latency (rows that cannot sustain it with a
   * quarter to spare are left out): below the orchestrated rows' maximum on a 2-core machine.
   */
  private static final double LOCAL_COMMON_RATE = 2_000;
  private static final double CLUSTER_COMMON_RATE = 100;

  @Option(names = "--quick", description = "Shorter windows and 100,000 instead of 1,000,000 workflows for the heap check (under two minutes).")
  boolean quick;

  @Option(names = "--json", paramLabel = "FILE", description = "Also write the figures as JSON to FILE.")
  Path jsonFile;

  @Option(names = "--only", paramLabel = "PART", description = "Measure one part only: a local row (raw, raw-events, orchestrated-noop, full, "
      + "full-journal, full-dry, full-journal-dry), cluster, memory or backtest; for example under a profiler.")
  String only;

  @Option(names = "--pairs", paramLabel = "N", description = "The orchestrated no-op row against raw and raw-events from N rounds of fresh "
      + "JVMs (locally; with --only cluster, on the cluster), the median and range of each ratio against the goals.")
  Integer pairs;

  @Option(names = "--event-loops", paramLabel = "N", description = "Run the local rows, and each JVM of the cluster rows, on N Vert.x "
      + "event loops instead of Vert.x's default (twice the cores): with 1, every hop within a JVM is a task on one thread, no hand-off "
      + "between threads. Not for memory or backtest (a backtest always runs on one).")
  Integer eventLoops;

  private BenchReport report() {
    return new BenchReport(quick, IN_FLIGHT, BacktestBench.NODES, BacktestBench.TICKERS, eventLoops);
  }

  /**
   * Warm-up rounds after the first, at most, while this JVM's JIT compiles for more than a twentieth
   * of a round. The cluster's orchestrated row needed 14 on 6 December 2026 (its JVM still compiling
   * for 2-3 s of each round until the 6th); raw rows are quiet after about 4.
   */
  private static final int MAX_EXTRA_WARM_UPS = 20;

  private double warmup() {
    return quick ? 1.5 : 3;
  }

  private double window() {
    return quick ? 3 : 10;
  }

  @Override
  public Integer call() throws Exception {
    if (System.getProperty("alchemiser.log.level") == null) {
      // Shutting a node down with workflows in flight warns; here that is expected, not news.
      System.setProperty("alchemiser.log.level", "ERROR");
    }
    List<BenchReport.Row> rows = new ArrayList<>();
    Path work = Files.createTempDirectory("alchemiser-bench");
    System.err.println("benchmarking" + (quick ? " (quick)" : "") + "; scratch data in " + work);

    if (eventLoops != null && (eventLoops < 1 || eventLoops > 64 || "memory".equals(only) || "backtest".equals(only))) {
      System.err.println("error: --event-loops takes a count from 1 to 64, for the local and cluster rows (not --only memory or backtest)");
      return ExitCodes.USAGE;
    }
    if (pairs != null) {
      if (pairs < 1 || (only != null && !only.equals("cluster"))) {
        System.err.println("error: --pairs needs a count of at least 1, and takes --only cluster or nothing");
        return ExitCodes.USAGE;
      }
      io.alchemiser.orchestrator.bench.PairedRuns.run(Main.class.getName(), pairs, quick, only != null, eventLoops, work);
      return 0;
    }
    if (only != null) {
      List<BenchReport.Row> measured = switch (only) {
        case "cluster" -> clusterRows();
        case "memory", "backtest" -> List.of();
        default -> List.of(local(only, null, work));
      };
      HeapCheck.Figures memory = only.equals("memory") ? HeapCheck.run(work, quick, IN_FLIGHT) : null;
      BacktestBench.Figures backtests = only.equals("backtest") ? BacktestBench.run(work.resolve("backtest"), quick) : null;
      report().print(measured, memory, backtests);
      if (jsonFile != null) {
        Files.writeString(jsonFile, report().json(measured, memory, backtests).toPrettyString() + "\n", StandardCharsets.UTF_8);
      }
      return 0;
    }
    BenchReport.Row rawLocal = local("raw", null, work);
    rows.add(rawLocal);
    BenchReport.Row eventsLocal = local("raw-events", rawLocal, work);
    rows.add(eventsLocal);
    rows.add(local("orchestrated-noop", rawLocal, work).against(eventsLocal));
    rows.add(local("full", rawLocal, work));
    rows.add(local("full-journal", rawLocal, work));
    rows.add(local("full-dry", rawLocal, work));
    rows.add(local("full-journal-dry", rawLocal, work));
    rows.addAll(clusterRows());
    HeapCheck.Figures memory = HeapCheck.run(work, quick, IN_FLIGHT);
    BacktestBench.Figures backtests = BacktestBench.run(work.resolve("backtest"), quick);

    report().print(rows, memory, backtests);
    if (jsonFile != null) {
      ObjectNode json = report().json(rows, memory, backtests);
      Files.writeString(jsonFile, json.toPrettyString() + "\n", StandardCharsets.UTF_8);
      System.err.println("wrote " + jsonFile);
    }
    return 0;
  }

  // ---- rows ----------------------------------------------------------------------------------

  private BenchReport.Row local(String name, BenchReport.Row raw, Path work) throws Exception {
    VertxOptions options = new VertxOptions();
    if (eventLoops != null) {
      options.setEventLoopPoolSize(eventLoops);
    }
    Vertx vertx = Vertx.vertx(options);
    try {
      LoadRunner runner = new LoadRunner(vertx);
      switch (name) {
        case "raw" -> {
          int[] sizes = BenchModules.rawBodySizes();
          for (int hop = 1; hop <= BenchModules.HOPS; hop++) {
            vertx.deployVerticle(new BenchModules.RawHop(hop, sizes)).await();
          }
          BenchLoads.rawLoad(vertx, runner, sizes);
        }
        case "raw-events" -> {
          for (int hop = 1; hop <= BenchModules.HOPS; hop++) {
            vertx.deployVerticle(new BenchModules.EventHop(hop)).await();
          }
          BenchLoads.eventsLoad(vertx, runner);
        }
        case "orchestrated-noop" -> {
          BenchNodes.startNode(vertx, work, List.of("orchestrator"), false);
          BenchNodes.deploy(vertx, new BenchModules.NoopStrategy(), new BenchModules.NoopPortfolio(false), new BenchModules.NoopExecution());
          BenchLoads.workflowLoad(vertx, runner, name);
        }
        default -> {
          BenchNodes.startNode(vertx, work, List.of("orchestrator", "strategy", "portfolio", "execution"), name.startsWith("full-journal"));
          BenchLoads.workflowLoad(vertx, runner, name, name.endsWith("-dry"));
        }
      }
      return measure(name, "local", runner, BenchReport.inFlight(name, IN_FLIGHT), raw, new JvmProbe(vertx, null), List.of());
    } finally {
      vertx.close().await();
    }
  }

  /** The cluster rows with TLS on the bus, then raw without, and what TLS costs the bare bus. */
  private List<BenchReport.Row> clusterRows() throws Exception {
    List<BenchReport.Row> rows = new ArrayList<>(cluster(true));
    BenchReport.Row plain = cluster(false).get(0);
    BenchReport.Row tls = rows.get(0);
    rows.add(plain.withRatio(plain.max().perSecond() / tls.max().perSecond()));
    System.err.printf(Locale.ROOT, "TLS on the cluster bus: raw %.0f/s with TLS, %.0f/s without (%.2f×); p99 at half load %.2f ms vs %.2f ms%n",
        tls.max().perSecond(), plain.max().perSecond(), tls.max().perSecond() / plain.max().perSecond(), tls.atHalf().p99Ms(),
        plain.atHalf().p99Ms());
    return rows;
  }

  /**
   * Three JVMs on 127.0.0.1: this one (driver and orchestrator) and two members running the hops and
   * the modules. With {@code tls} (as a cluster runs off loopback) the raw and orchestrated rows;
   * without, the raw row only, to show what TLS costs.
   */
  private List<BenchReport.Row> cluster(boolean tls) throws Exception {
    List<Integer> ports = io.alchemiser.orchestrator.app.ClusterPorts.free(3);
    String members = ports.stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
    String name = "bench-" + UUID.randomUUID().toString().substring(0, 8);
    List<io.alchemiser.orchestrator.tls.TlsFiles> certs = tls
        ? BenchNodes.certificates(Files.createTempDirectory("alchemiser-bench-certs"), 3) : java.util.Arrays.asList(null, null, null);
    List<Process> nodes = new ArrayList<>();
    List<String> roles = List.of("raw-odd,noop-strategy,noop-execution", "raw-even,noop-portfolio");
    Vertx vertx = null;
    try {
      for (int i = 0; i < roles.size(); i++) {
        nodes.add(BenchNodes.member(Main.class.getName(), ports.get(i + 1), members, name, roles.get(i), certs.get(i + 1), eventLoops));
      }
      io.alchemiser.orchestrator.app.AlchemiserRuntime runtime = BenchNodes.clustered(ports.get(0), members, name, certs.get(0), eventLoops);
      vertx = runtime.vertx();
      for (Process node : nodes) {
        BenchNodes.awaitReady(node);
      }
      JvmProbe self = new JvmProbe(vertx, runtime.registry());
      Vertx bus = vertx;
      List<JvmProbe.Remote> others = roles.stream().map(role -> new JvmProbe.Remote(bus, role)).toList();
      System.err.println("cluster of 3 JVMs ready (event bus " + (tls ? "with mutual TLS" : "without TLS") + ")");
      LoadRunner rawRunner = new LoadRunner(vertx);
      BenchLoads.rawLoad(vertx, rawRunner, BenchModules.rawBodySizes());
      BenchReport.Row raw = measure(tls ? "raw" : "raw-no-tls", "cluster", rawRunner, IN_FLIGHT, null, self, others);
      if (!tls) {
        return List.of(raw);
      }
      LoadRunner eventsRunner = new LoadRunner(vertx);
      BenchLoads.eventsLoad(vertx, eventsRunner);
      BenchReport.Row events = measure("raw-events", "cluster", eventsRunner, IN_FLIGHT, raw, self, others);
      Path work = Files.createTempDirectory("alchemiser-bench-cluster");
      BenchNodes.startNode(vertx, work, List.of("orchestrator"), false);
      LoadRunner runner = new LoadRunner(vertx);
      BenchLoads.workflowLoad(vertx, runner, "orchestrated-noop-cluster");
      BenchReport.Row noop = measure("orchestrated-noop", "cluster", runner, IN_FLIGHT, raw, self, others).against(events);
      return List.of(raw, events, noop);
    } finally {
      if (vertx != null) {
        vertx.close().await();
      }
      for (Process node : nodes) {
        node.getOutputStream().close();
        if (!node.waitFor(20, TimeUnit.SECONDS)) {
          node.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      }
    }
  }

  private BenchReport.Row measure(String name, String mode, LoadRunner runner, int inFlight, BenchReport.Row raw, JvmProbe self,
                                  List<JvmProbe.Remote> others) {
    System.err.printf(Locale.ROOT, "%s (%s): warming up%n", name, mode);
    // The first round is measured as the window will be, and the result dropped: the window then takes
    // no path the warm-up did not. Asking a member JVM for its usage opened connections between JVMs
    // that the row had not used and sent bodies of a type the row had not, and the deoptimizations
    // this caused kept the JIT compiling for 2-4 s of the raw row's window (async-profiler, JFR).
    others.forEach(JvmProbe.Remote::startUsage);
    self.startUsage();
    LoadRunner.Figures first = runner.closedLoop(inFlight, warmup());
    self.stopUsage(first.completed());
    others.forEach(other -> other.stopUsage(first.completed()));
    // Then until the JIT is nearly quiet (bounded): a cluster row's JVM was still compiling for the
    // whole of a 10 s window after the first warm-up (raw at 14,000/s there, 30,000/s warm).
    // Every JVM of the row: a member still compiling slows the row as much as the driver's JIT does.
    java.util.function.Supplier<long[]> compiledByJvm = () -> java.util.stream.LongStream.concat(
        java.util.stream.LongStream.of(io.alchemiser.orchestrator.bench.ResourceMeter.compiledMs()),
        others.stream().mapToLong(JvmProbe.Remote::compiledMs)).toArray();
    io.alchemiser.orchestrator.bench.ResourceMeter.warmUntilJitQuiet(quick ? 0 : MAX_EXTRA_WARM_UPS, 1.0 / 20, compiledByJvm,
        () -> runner.closedLoop(inFlight, warmup()), warming -> (long) (warmup() * 1000), (warming, compiled) -> System.err.printf(
            Locale.ROOT, "%s (%s): still warming up, %.0f workflows/s, the JIT compiling for %d ms%s%n", name, mode, warming.perSecond(), compiled,
            others.isEmpty() ? "" : " in the busiest JVM"));
    others.forEach(JvmProbe.Remote::startUsage);
    self.startUsage();
    LoadRunner.Figures max = runner.closedLoop(inFlight, window());
    io.alchemiser.orchestrator.bench.ResourceMeter.Usage usage = self.stopUsage(max.completed());
    List<io.alchemiser.orchestrator.bench.ResourceMeter.Usage> otherUsage = others.stream().map(other -> other.stopUsage(max.completed())).toList();
    double half = Math.max(1, max.perSecond() / 2);
    LoadRunner.Figures atHalf = runner.openLoop(half, window());
    double ratio = raw == null ? 1.0 : max.perSecond() / raw.max().perSecond();
    double commonRate = mode.equals("cluster") ? CLUSTER_COMMON_RATE : LOCAL_COMMON_RATE;
    BenchReport.Common atCommon = name.startsWith("full") || max.perSecond() < commonRate * 1.25 ? null
        : new BenchReport.Common(commonRate, runner.openLoop(commonRate, window()));
    // The messages, in a round of their own: the interceptors that count them cost a little on each.
    long counted = Math.max(50, Math.min(20_000, (long) (max.perSecond() * (quick ? 0.5 : 1))));
    others.forEach(JvmProbe.Remote::startCounting);
    self.startCounting();
    long workflows = runner.count(inFlight, counted).completed();
    // The last workflows' trailing messages (their end notices to other listeners) are still on their way.
    BenchNodes.pause(300);
    JvmProbe.Traffic traffic = self.stopCounting(workflows);
    List<BenchReport.Member> members = new ArrayList<>();
    for (int i = 0; i < others.size(); i++) {
      members.add(new BenchReport.Member(others.get(i).name(), otherUsage.get(i), others.get(i).stopCounting(workflows)));
    }
    System.err.printf(Locale.ROOT, "%s (%s): %.0f workflows/s with %d in flight (%.1f µs CPU and %.1f KiB allocated per workflow, "
            + "%d GCs, longest pause %d ms, JIT compiling %d ms); at %.0f/s p50 %.2f ms p99 %.2f ms%n",
        name, mode, max.perSecond(), inFlight, usage.cpuMicrosPerWorkflow(), usage.bytesPerWorkflow() / 1024, usage.gcCount(),
        usage.longestGcPauseMs(), usage.jitCompileMs(), half, atHalf.p50Ms(), atHalf.p99Ms());
    return new BenchReport.Row(name, mode, max, atHalf, ratio, usage, null, atCommon, traffic, members);
  }
}
