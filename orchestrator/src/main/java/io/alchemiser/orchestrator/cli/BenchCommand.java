package io.alchemiser.orchestrator.cli;

import io.alchemiser.orchestrator.app.AlchemiserRuntime;
import io.alchemiser.orchestrator.app.ClusterSettings;
import io.alchemiser.orchestrator.app.Node;
import io.alchemiser.orchestrator.backtest.BacktestResult;
import io.alchemiser.orchestrator.backtest.BacktestRunner;
import io.alchemiser.orchestrator.bench.BenchModules;
import io.alchemiser.orchestrator.bench.LoadRunner;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.alchemiser.shared.bus.Addresses;
import io.alchemiser.shared.config.ConfigLoader;
import io.alchemiser.shared.config.ConfigReader;
import io.alchemiser.shared.event.EventType;
import io.alchemiser.shared.bus.Headers;
import io.alchemiser.shared.json.Json;
import io.alchemiser.shared.client.StartRequest;
import io.alchemiser.shared.client.WorkflowClient;
import io.vertx.core.Deployable;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
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
  private static final int FULL_IN_FLIGHT = 1;

  @Option(names = "--quick", description = "Shorter windows and 100,000 instead of 1,000,000 workflows for the heap check (under two minutes).")
  boolean quick;

  @Option(names = "--json", paramLabel = "FILE", description = "Also write the figures as JSON to FILE.")
  Path jsonFile;

  @Option(names = "--only", paramLabel = "PART", description = "Measure one part only: a local row (raw, orchestrated-noop, full, "
      + "full-journal), cluster, memory or backtest; for example under a profiler.")
  String only;

  private record Row(String name, String mode, LoadRunner.Figures max, LoadRunner.Figures atHalf, double ratioToRaw) {
  }

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
    List<Row> rows = new ArrayList<>();
    Path work = Files.createTempDirectory("alchemiser-bench");
    System.err.println("benchmarking" + (quick ? " (quick)" : "") + "; scratch data in " + work);

    if (only != null) {
      switch (only) {
        case "cluster" -> print(cluster(), null, null);
        case "memory" -> print(List.of(), memory(work), null);
        case "backtest" -> print(List.of(), null, backtest(work.resolve("backtest")));
        default -> print(List.of(local(only, null, work)), null, null);
      }
      return 0;
    }
    Row rawLocal = local("raw", null, work);
    rows.add(rawLocal);
    rows.add(local("orchestrated-noop", rawLocal, work));
    rows.add(local("full", rawLocal, work));
    rows.add(local("full-journal", rawLocal, work));
    rows.addAll(cluster());
    long[] memory = memory(work);
    BacktestResult backtest = backtest(work.resolve("backtest"));

    print(rows, memory, backtest);
    if (jsonFile != null) {
      ObjectNode json = json(rows, memory);
      json.putObject("backtest").put("days", backtest.days()).put("symphonyNodes", BACKTEST_NODES).put("tickers", BACKTEST_TICKERS)
          .put("elapsedMs", backtest.elapsedMs()).put("daysPerSecond", backtest.daysPerSecond());
      Files.writeString(jsonFile, json.toPrettyString() + "\n", StandardCharsets.UTF_8);
      System.err.println("wrote " + jsonFile);
    }
    return 0;
  }

  // ---- rows ----------------------------------------------------------------------------------

  private Row local(String name, Row raw, Path work) throws Exception {
    Vertx vertx = Vertx.vertx(new VertxOptions());
    try {
      LoadRunner runner = new LoadRunner(vertx);
      switch (name) {
        case "raw" -> {
          int[] sizes = BenchModules.rawBodySizes();
          for (int hop = 1; hop <= BenchModules.HOPS; hop++) {
            vertx.deployVerticle(new BenchModules.RawHop(hop, sizes)).await();
          }
          rawLoad(vertx, runner, sizes);
        }
        case "orchestrated-noop" -> {
          startNode(vertx, work, List.of("orchestrator"), false);
          deploy(vertx, new BenchModules.NoopStrategy(), new BenchModules.NoopPortfolio(false), new BenchModules.NoopExecution());
          workflowLoad(vertx, runner, name);
        }
        default -> {
          startNode(vertx, work, List.of("orchestrator", "strategy", "portfolio", "execution"), name.equals("full-journal"));
          workflowLoad(vertx, runner, name);
        }
      }
      return measure(name, "local", runner, name.startsWith("full") ? FULL_IN_FLIGHT : IN_FLIGHT, raw);
    } finally {
      vertx.close().await();
    }
  }

  /** Three JVMs on 127.0.0.1: this one (driver and orchestrator) and two members running the hops and the modules. */
  private List<Row> cluster() throws Exception {
    List<Integer> ports = freePorts(3);
    String members = ports.stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
    String name = "bench-" + UUID.randomUUID().toString().substring(0, 8);
    List<Process> nodes = new ArrayList<>();
    Vertx vertx = null;
    try {
      nodes.add(member(ports.get(1), members, name, "raw-odd,noop-strategy,noop-execution"));
      nodes.add(member(ports.get(2), members, name, "raw-even,noop-portfolio"));
      vertx = clusteredVertx(ports.get(0), members, name);
      for (Process node : nodes) {
        awaitReady(node);
      }
      System.err.println("cluster of 3 JVMs ready");
      LoadRunner rawRunner = new LoadRunner(vertx);
      rawLoad(vertx, rawRunner, BenchModules.rawBodySizes());
      Row raw = measure("raw", "cluster", rawRunner, IN_FLIGHT, null);
      Path work = Files.createTempDirectory("alchemiser-bench-cluster");
      startNode(vertx, work, List.of("orchestrator"), false);
      LoadRunner runner = new LoadRunner(vertx);
      workflowLoad(vertx, runner, "orchestrated-noop-cluster");
      Row noop = measure("orchestrated-noop", "cluster", runner, IN_FLIGHT, raw);
      return List.of(raw, noop);
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

  private Row measure(String name, String mode, LoadRunner runner, int inFlight, Row raw) {
    System.err.printf(Locale.ROOT, "%s (%s): warming up%n", name, mode);
    runner.closedLoop(inFlight, warmup());
    LoadRunner.Figures max = runner.closedLoop(inFlight, window());
    double half = Math.max(1, max.perSecond() / 2);
    LoadRunner.Figures atHalf = runner.openLoop(half, window());
    double ratio = raw == null ? 1.0 : max.perSecond() / raw.max().perSecond();
    System.err.printf(Locale.ROOT, "%s (%s): %.0f workflows/s with %d in flight; at %.0f/s p50 %.2f ms p99 %.2f ms%n",
        name, mode, max.perSecond(), inFlight, half, atHalf.p50Ms(), atHalf.p99Ms());
    return new Row(name, mode, max, atHalf, ratio);
  }

  // ---- loads ---------------------------------------------------------------------------------

  /** Five plain hops: the first body goes to hop 1, the last hop answers the driver; the sequence number rides in a header. */
  private static void rawLoad(Vertx vertx, LoadRunner runner, int[] sizes) {
    Buffer first = Buffer.buffer(new byte[sizes[0]]);
    runner.context().runOnContext(v -> {
      vertx.eventBus().consumer(BenchModules.RAW_DONE, message -> runner.done(Long.parseLong(message.headers().get(BenchModules.ID_HEADER)), true));
      runner.starter(seq -> vertx.eventBus().send(BenchModules.RAW_PREFIX + 1, first, new DeliveryOptions()
          // As many headers as our events carry.
          .addHeader(BenchModules.ID_HEADER, Long.toString(seq)).addHeader(Headers.CORRELATION_ID, "raw-" + seq)
          .addHeader(Headers.EVENT_ID, "e" + seq).addHeader(Headers.EVENT_TYPE, "Raw").addHeader(Headers.SCHEMA_VERSION, "1")));
    });
    pause(200);
  }

  /** Real workflows: started through the workflow client, ended when their terminal event is seen on the bus. */
  private static void workflowLoad(Vertx vertx, LoadRunner runner, String row) {
    String prefix = "bench-" + row + "-" + UUID.randomUUID().toString().substring(0, 6) + "-";
    WorkflowClient client = WorkflowClient.create(vertx);
    runner.context().runOnContext(v -> {
      vertx.eventBus().consumer(Addresses.EVENTS, message -> {
        String type = message.headers().get(Headers.EVENT_TYPE);
        boolean completed = EventType.WORKFLOW_COMPLETED.wireName().equals(type);
        if (!completed && !EventType.WORKFLOW_FAILED.wireName().equals(type)) {
          return;
        }
        String id = message.headers().get(Headers.CORRELATION_ID);
        if (id != null && id.startsWith(prefix)) {
          runner.done(Long.parseLong(id.substring(prefix.length())), completed);
        }
      });
      runner.starter(seq -> client.start(StartRequest.of(prefix + seq, false, "bench"))
          .onFailure(err -> runner.done(seq, false)));
    });
    pause(200);
  }

  // ---- memory --------------------------------------------------------------------------------

  /** Heap per in-flight workflow (10,000 held at the portfolio step), and heap after 10,000 and after 1,000,000 (or 100,000) completed. */
  private long[] memory(Path work) throws Exception {
    long perWorkflow;
    Vertx vertx = Vertx.vertx();
    try {
      startNode(vertx, work.resolve("memory-1"), List.of("orchestrator"), false);
      deploy(vertx, new BenchModules.NoopStrategy(), new BenchModules.NoopPortfolio(true));
      WorkflowClient client = WorkflowClient.create(vertx);
      long[] held = new long[1];
      vertx.eventBus().consumer(Addresses.EVENTS, message -> {
        if (EventType.SIGNAL_GENERATED.wireName().equals(message.headers().get(Headers.EVENT_TYPE))) {
          held[0]++;
        }
      }).completion().await();
      // Warm the path up, so that what is measured is the workflows, not classes loaded on first use.
      startHeld(client, "warm-", 1_000);
      waitFor(() -> held[0] >= 1_000);
      long before = usedHeapAfterGc();
      startHeld(client, "held-", 10_000);
      waitFor(() -> held[0] >= 11_000);
      long after = usedHeapAfterGc();
      perWorkflow = (after - before) / 10_000;
      System.err.printf(Locale.ROOT, "memory: %,d bytes per in-flight workflow%n", perWorkflow);
    } finally {
      vertx.close().await();
    }
    long total = quick ? 100_000 : 1_000_000;
    vertx = Vertx.vertx();
    try {
      startNode(vertx, work.resolve("memory-2"), List.of("orchestrator"), false);
      deploy(vertx, new BenchModules.NoopStrategy(), new BenchModules.NoopPortfolio(false), new BenchModules.NoopExecution());
      LoadRunner runner = new LoadRunner(vertx);
      workflowLoad(vertx, runner, "heap");
      runner.count(IN_FLIGHT, 10_000);
      long after10k = usedHeapAfterGc();
      LoadRunner.Figures rest = runner.count(IN_FLIGHT, total - 10_000);
      long afterAll = usedHeapAfterGc();
      System.err.printf(Locale.ROOT, "memory: heap %,d bytes after 10,000 workflows, %,d after %,d (%d failed)%n",
          after10k, afterAll, total, rest.failed());
      return new long[] {perWorkflow, after10k, afterAll, total};
    } finally {
      vertx.close().await();
    }
  }

  private static void startHeld(WorkflowClient client, String prefix, int count) {
    List<io.vertx.core.Future<String>> started = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      started.add(client.start(StartRequest.of(prefix + i, false, "bench")));
      if (started.size() == 500) {
        io.vertx.core.Future.all(started).await();
        started.clear();
      }
    }
    io.vertx.core.Future.all(started).await();
  }

  private static long usedHeapAfterGc() {
    for (int i = 0; i < 4; i++) {
      System.gc();
      pause(150);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  // ---- backtest ------------------------------------------------------------------------------

  private static final int BACKTEST_TICKERS = 20;
  private static final int BACKTEST_NODES = 100;

  /** A generated 100-node symphony on 20 tickers of random-walk closes, backtested the way the backtest command does it. */
  private BacktestResult backtest(Path dir) throws Exception {
    int bars = quick ? 800 : 2_600;
    java.util.Random random = new java.util.Random(7);
    Files.createDirectories(dir);
    List<java.time.LocalDate> dates = new ArrayList<>();
    for (java.time.LocalDate d = java.time.LocalDate.of(2010, 1, 4); dates.size() < bars; d = d.plusDays(1)) {
      if (d.getDayOfWeek().getValue() <= 5) {
        dates.add(d);
      }
    }
    for (int t = 0; t < BACKTEST_TICKERS; t++) {
      double[] closes = io.alchemiser.shared.bench.BenchmarkFixtures.closes(random, bars);
      StringBuilder csv = new StringBuilder("date,open,high,low,close,volume\n");
      for (int i = 0; i < bars; i++) {
        String close = java.math.BigDecimal.valueOf(Math.max(0.01, closes[i])).setScale(2, java.math.RoundingMode.HALF_EVEN).toPlainString();
        csv.append(dates.get(i)).append(',').append(close).append(',').append(close).append(',').append(close).append(',')
            .append(close).append(",1000\n");
      }
      Files.writeString(dir.resolve(io.alchemiser.shared.bench.BenchmarkFixtures.ticker(t) + ".csv"), csv);
    }
    String symphony = io.alchemiser.shared.bench.BenchmarkFixtures.symphony(random, BACKTEST_TICKERS, BACKTEST_NODES);
    AlchemiserRuntime runtime = AlchemiserRuntime.createStandalone();
    try {
      JsonObject config = BacktestRunner.standaloneConfig(ConfigLoader.bundledDefaults(), dir);
      config.put("dataDir", dir.resolve("data").toString());
      Node.start(runtime.vertx(), config, runtime.registry()).await();
      BacktestRunner runner = new BacktestRunner(runtime.vertx(), WorkflowClient.create(runtime.vertx()),
          io.alchemiser.shared.marketdata.MarketDataProviders.create(runtime.vertx(), ConfigReader.root(config)));
      // After the longest window (61 closes), to the end.
      BacktestRunner.Request request = new BacktestRunner.Request(BacktestRunner.newId(), List.of(
          new BacktestRunner.StrategyInput("benchmark.clj", symphony, java.math.BigDecimal.ONE)), dates.get(70), dates.get(bars - 1),
          new java.math.BigDecimal("100000"), java.math.BigDecimal.ZERO, java.math.BigDecimal.ZERO, java.math.BigDecimal.ZERO,
          java.math.BigDecimal.ZERO);
      System.err.println("backtest: warming up");
      runner.run(new BacktestRunner.Request(BacktestRunner.newId(), request.strategies(), dates.get(70), dates.get(Math.min(bars - 1, 370)),
          request.cash(), request.threshold(), request.feeBps(), request.slippageBps(), request.cashReserve()), (d, t) -> { }).await();
      BacktestResult result = runner.run(request, (d, t) -> { }).await();
      System.err.printf(Locale.ROOT, "backtest: %d days in %d ms%n", result.days(), result.elapsedMs());
      return result;
    } finally {
      runtime.vertx().close().await();
    }
  }

  // ---- set-up --------------------------------------------------------------------------------

  /** A node of our own launcher with the given modules: bundled defaults, a scratch data directory, no notifications. */
  private static void startNode(Vertx vertx, Path dataDir, List<String> modules, boolean journal) {
    JsonObject config = io.alchemiser.shared.config.ConfigEdits.withoutSchedule(ConfigLoader.bundledDefaults());
    config.put("dataDir", dataDir.resolve(UUID.randomUUID().toString().substring(0, 8)).toString());
    config.put("modules", new JsonArray(modules));
    config.getJsonObject("orchestrator").put("journal", new JsonObject().put("enabled", journal));
    Node.start(vertx, config).await();
  }

  private static void deploy(Vertx vertx, Deployable... verticles) {
    for (Deployable verticle : verticles) {
      vertx.deployVerticle(verticle).await();
    }
  }

  static Vertx clusteredVertx(int port, String members, String clusterName) {
    JsonObject config = new JsonObject().put("cluster", new JsonObject().put("host", "127.0.0.1").put("port", Integer.toString(port))
        .put("members", new JsonArray(List.of(members.split(",")))).put("name", clusterName));
    return AlchemiserRuntime.createClustered(ClusterSettings.from(ConfigReader.root(config))).await().vertx();
  }

  private static Process member(int port, String members, String clusterName, String roles) throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    String jar = Path.of(BenchCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    return new ProcessBuilder(java, "-Xmx512m", "-cp", jar, Main.class.getName(), "bench-node", "--roles", roles,
        "--cluster-port", Integer.toString(port), "--members", members, "--cluster-name", clusterName)
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
  }

  private static void awaitReady(Process node) throws IOException {
    BufferedReader out = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = out.readLine()) != null) {
      if (line.equals("ready")) {
        return;
      }
    }
    throw new IllegalStateException("a bench cluster member exited before it was ready");
  }

  private static List<Integer> freePorts(int count) throws IOException {
    List<Integer> ports = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        ports.add(socket.getLocalPort());
      }
    }
    return ports;
  }

  private static void waitFor(java.util.function.BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the benchmark's workflows did not get where they should in 120 s");
      }
      pause(20);
    }
  }

  private static void pause(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // ---- output --------------------------------------------------------------------------------

  private void print(List<Row> rows, long[] memory, BacktestResult backtest) {
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "%n%-18s %-8s %12s %9s %9s %9s %8s%n", "name", "mode", "workflows/s", "p50 ms", "p99 ms",
        "max ms", "vs raw"));
    for (Row row : rows) {
      out.append(String.format(Locale.ROOT, "%-18s %-8s %12.0f %9.2f %9.2f %9.2f %8.2f%n", row.name(), row.mode(),
          row.max().perSecond(), row.atHalf().p50Ms(), row.atHalf().p99Ms(), row.atHalf().maxMs(), row.ratioToRaw()));
    }
    out.append(String.format(Locale.ROOT, "(workflows/s: %d in flight, %d for full rows; latencies: an open loop at half that rate)%n",
        IN_FLIGHT, FULL_IN_FLIGHT));
    if (memory != null) {
      memoryLines(out, memory);
    }
    if (backtest != null) {
      out.append(String.format(Locale.ROOT, "backtest of a %d-node symphony on %d tickers: %d days in %d ms, %s days/s (goal >= 2,000)%n",
          BACKTEST_NODES, BACKTEST_TICKERS, backtest.days(), backtest.elapsedMs(), backtest.daysPerSecond().toPlainString()));
    }
    System.out.print(out);
  }

  private static void memoryLines(StringBuilder out, long[] memory) {
    out.append(String.format(Locale.ROOT, "heap per in-flight workflow (10,000 in flight): %,d bytes (goal <= 8,192)%n", memory[0]));
    out.append(String.format(Locale.ROOT, "heap after 10,000 workflows: %,d bytes; after %,d: %,d bytes (%.2fx)%n", memory[1], memory[3],
        memory[2], (double) memory[2] / memory[1]));
  }

  private ObjectNode json(List<Row> rows, long[] memory) {
    ObjectNode json = Json.MAPPER.createObjectNode();
    ObjectNode machine = json.putObject("machine");
    machine.put("cores", Runtime.getRuntime().availableProcessors());
    machine.put("cpu", cpuModel());
    machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
    machine.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    machine.put("maxHeapBytes", Runtime.getRuntime().maxMemory());
    machine.put("quick", quick);
    ArrayNode results = json.putArray("results");
    for (Row row : rows) {
      results.addObject().put("name", row.name()).put("mode", row.mode())
          .put("workflowsPerSecond", Math.round(row.max().perSecond()))
          .put("p50Ms", round(row.atHalf().p50Ms())).put("p99Ms", round(row.atHalf().p99Ms())).put("maxMs", round(row.atHalf().maxMs()))
          .put("ratioToRaw", round(row.ratioToRaw()))
          .put("inFlight", row.name().startsWith("full") ? FULL_IN_FLIGHT : IN_FLIGHT)
          .put("latencyRatePerSecond", Math.round(row.max().perSecond() / 2))
          .put("failed", row.max().failed() + row.atHalf().failed());
    }
    json.putObject("memory").put("bytesPerInFlightWorkflow", memory[0]).put("heapAfter10kBytes", memory[1])
        .put("heapAfter1mBytes", memory[2]).put("workflowsForHeapAfter1m", memory[3]);
    return json;
  }

  private static double round(double value) {
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
