package io.alchemiser.orchestrator.cli;

import io.alchemiser.orchestrator.cli.common.CommandSupport;
import io.alchemiser.orchestrator.bench.BenchModules;

import io.vertx.core.Deployable;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * A member of the cluster {@code alchemiser bench} starts on 127.0.0.1: it deploys the bench modules
 * it is given, says "ready" on stdout, and leaves when its standard input closes (so it never
 * outlives the benchmark that started it).
 */
@Command(name = "bench-node", hidden = true, description = "A cluster member for the benchmark (started by bench).")
final class BenchNodeCommand implements Callable<Integer> {
  @Option(names = "--roles", split = ",", required = true, description = "raw-odd, raw-even, noop-strategy, noop-portfolio, noop-execution")
  List<String> roles;

  @Option(names = "--cluster-port", required = true)
  int clusterPort;

  @Option(names = "--members", required = true)
  String members;

  @Option(names = "--cluster-name", required = true)
  String clusterName;

  @Option(names = "--tls-cert")
  java.nio.file.Path tlsCert;

  @Option(names = "--tls-key")
  java.nio.file.Path tlsKey;

  @Option(names = "--tls-ca")
  java.nio.file.Path tlsCa;

  @Option(names = "--event-loops")
  Integer eventLoops;

  @Override
  public Integer call() throws Exception {
    CommandSupport.quietLogs();
    io.alchemiser.orchestrator.app.AlchemiserRuntime runtime = io.alchemiser.orchestrator.bench.BenchNodes.clustered(clusterPort, members,
        clusterName, tlsCert == null ? null : new io.alchemiser.orchestrator.tls.TlsFiles(tlsCert, tlsKey, tlsCa), eventLoops);
    Vertx vertx = runtime.vertx();
    try {
      int[] sizes = BenchModules.rawBodySizes();
      List<Deployable> verticles = new ArrayList<>();
      for (String role : roles) {
        switch (role) {
          case "raw-odd" -> List.of(1, 3, 5).forEach(hop -> {
            verticles.add(new BenchModules.RawHop(hop, sizes));
            verticles.add(new BenchModules.EventHop(hop));
          });
          case "raw-even" -> List.of(2, 4).forEach(hop -> {
            verticles.add(new BenchModules.RawHop(hop, sizes));
            verticles.add(new BenchModules.EventHop(hop));
          });
          case "noop-strategy" -> verticles.add(new BenchModules.NoopStrategy());
          case "noop-portfolio" -> verticles.add(new BenchModules.NoopPortfolio(false));
          case "noop-execution" -> verticles.add(new BenchModules.NoopExecution());
          default -> throw new IllegalArgumentException("unknown role " + role);
        }
      }
      for (Deployable verticle : verticles) {
        vertx.deployVerticle(verticle).await();
      }
      // The driver asks this JVM what a window cost it and how many messages it handled.
      new io.alchemiser.orchestrator.bench.JvmProbe(vertx, runtime.registry()).serve(String.join(",", roles)).await();
      System.out.println("ready");
      System.out.flush();
      while (System.in.read() >= 0) {
        // wait for the benchmark to close our input
      }
      return 0;
    } finally {
      vertx.close().await();
    }
  }
}
