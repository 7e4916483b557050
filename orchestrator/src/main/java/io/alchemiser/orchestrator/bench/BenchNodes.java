package io.alchemiser.orchestrator.bench;

import io.alchemiser.orchestrator.app.AlchemiserRuntime;
import io.alchemiser.orchestrator.app.ClusterSettings;
import io.alchemiser.orchestrator.tls.CertificateAuthority;
import io.alchemiser.orchestrator.tls.TlsFiles;
import io.alchemiser.orchestrator.app.Node;
import io.alchemiser.shared.client.StartRequest;
import io.alchemiser.shared.client.WorkflowClient;
import io.alchemiser.shared.config.ConfigLoader;
import io.alchemiser.shared.config.ConfigReader;
import io.vertx.core.Deployable;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** The benchmark's nodes and member JVMs, and the waits and heap readings around them. */
public final class BenchNodes {
  private BenchNodes() {
  }

  public static void startHeld(WorkflowClient client, String prefix, int count) {
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

  public static long usedHeapAfterGc() {
    for (int i = 0; i < 4; i++) {
      System.gc();
      pause(150);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  /** A node of our own launcher with the given modules: bundled defaults, a scratch data directory, no notifications. */
  public static void startNode(Vertx vertx, Path dataDir, List<String> modules, boolean journal) {
    JsonObject config = io.alchemiser.shared.config.ConfigEdits.withoutSchedule(ConfigLoader.bundledDefaults());
    config.put("dataDir", dataDir.resolve(UUID.randomUUID().toString().substring(0, 8)).toString());
    config.put("modules", new JsonArray(modules));
    config.getJsonObject("orchestrator").put("journal", new JsonObject().put("enabled", journal));
    Node.start(vertx, config).await();
  }

  public static void deploy(Vertx vertx, Deployable... verticles) {
    for (Deployable verticle : verticles) {
      vertx.deployVerticle(verticle).await();
    }
  }

  /**
   * A member of the bench's cluster on 127.0.0.1; {@code tls}: mutual TLS on its event bus, or null for
   * none. Its cluster manager follows from that, or {@code ALCHEMISER_CLUSTER_MANAGER}. {@code eventLoops}: null for Vert.x's default.
   */
  public static AlchemiserRuntime clustered(int port, String members, String clusterName, TlsFiles tls, Integer eventLoops) {
    JsonObject config = new JsonObject().put("cluster", new JsonObject().put("host", "127.0.0.1").put("port", Integer.toString(port))
        .put("members", new JsonArray(List.of(members.split(",")))).put("name", clusterName));
    String manager = System.getenv("ALCHEMISER_CLUSTER_MANAGER");
    if (manager != null) {
      // The same variable as serve's: the bench's cluster rows on the other cluster manager, to compare.
      config.getJsonObject("cluster").put("manager", manager);
    }
    return AlchemiserRuntime.createClustered(ClusterSettings.from(ConfigReader.root(config)).withTls(tls), eventLoops).await();
  }

  /** A member JVM of this jar, run as {@code mainClass bench-node} (the command line's entry, which this package does not know). */
  public static Process member(String mainClass, int port, String members, String clusterName, String roles, TlsFiles tls,
                               Integer eventLoops) throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    String jar = Path.of(BenchNodes.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    List<String> command = new java.util.ArrayList<>(List.of(java, "-Xmx512m", "-cp", jar, mainClass, "bench-node", "--roles", roles,
        "--cluster-port", Integer.toString(port), "--members", members, "--cluster-name", clusterName));
    if (tls != null) {
      command.addAll(List.of("--tls-cert", tls.cert().toString(), "--tls-key", tls.key().toString(), "--tls-ca", tls.ca().toString()));
    }
    if (eventLoops != null) {
      command.addAll(List.of("--event-loops", eventLoops.toString()));
    }
    return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
  }

  /** A CA and a certificate for each of {@code nodes} bench members, in {@code dir}. */
  public static List<TlsFiles> certificates(Path dir, int nodes) throws Exception {
    CertificateAuthority authority = CertificateAuthority.init(dir, "Alchemiser bench CA", java.time.Duration.ofDays(1));
    List<TlsFiles> files = new java.util.ArrayList<>();
    for (int i = 0; i < nodes; i++) {
      Path[] issued = authority.issue(dir, "bench-" + i, List.of("127.0.0.1"), java.time.Duration.ofDays(1));
      files.add(new TlsFiles(issued[0], issued[1], dir.resolve(CertificateAuthority.CA_CERT)));
    }
    return files;
  }

  public static void awaitReady(Process node) throws IOException {
    BufferedReader out = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = out.readLine()) != null) {
      if (line.equals("ready")) {
        return;
      }
    }
    throw new IllegalStateException("a bench cluster member exited before it was ready");
  }

  public static void waitFor(java.util.function.BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the benchmark's workflows did not get where they should in 120 s");
      }
      pause(20);
    }
  }

  public static void pause(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
