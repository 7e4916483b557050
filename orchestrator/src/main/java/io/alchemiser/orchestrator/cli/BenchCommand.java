package io.alchemiser.orchestrator.cli;

import io.alchemiser.orchestrator.cli.common.ExitCodes;
import io.alchemiser.orchestrator.bench.BacktestBench;
import io.alchemiser.orchestrator.bench.BenchLoads;
import io.alchemiser.orchestrator.bench.BenchModules;
import io.alchemiser.orchestrator.bench.BenchNodes;
import io.alchemiser.orchestrator.bench.BenchReport;
import io.alchemiser.orchestrator.bench.HeapCheck;
import io.alchemiser.orchestrator.bench.JvmProbe;
import io.alchemiser.orchestrator.bench.LoadRunner;
import io.alchemiser.orchestrator.bench.RowMeasurement;

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

  private RowMeasurement rows() {
    return new RowMeasurement(quick);
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
      return rows().measure(name, "local", runner, BenchReport.inFlight(name, IN_FLIGHT), raw, new JvmProbe(vertx, null), List.of());
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
      BenchReport.Row raw = rows().measure(tls ? "raw" : "raw-no-tls", "cluster", rawRunner, IN_FLIGHT, null, self, others);
      if (!tls) {
        return List.of(raw);
      }
      LoadRunner eventsRunner = new LoadRunner(vertx);
      BenchLoads.eventsLoad(vertx, eventsRunner);
      BenchReport.Row events = rows().measure("raw-events", "cluster", eventsRunner, IN_FLIGHT, raw, self, others);
      Path work = Files.createTempDirectory("alchemiser-bench-cluster");
      BenchNodes.startNode(vertx, work, List.of("orchestrator"), false);
      LoadRunner runner = new LoadRunner(vertx);
      BenchLoads.workflowLoad(vertx, runner, "orchestrated-noop-cluster");
      BenchReport.Row noop = rows().measure("orchestrated-noop", "cluster", runner, IN_FLIGHT, raw, self, others).against(events);
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
}
