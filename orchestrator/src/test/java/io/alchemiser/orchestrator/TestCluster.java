package io.alchemiser.orchestrator;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/** A cluster of {@code serve} JVMs from the jar on 127.0.0.1 for the multi-JVM tests: started together, stopped by the test. */
final class TestCluster {
  private TestCluster() {
  }

  /** Membership ports for {@code count} nodes and the member list naming them. */
  record Ports(List<Integer> ports, String members, String name) {
    static Ports free(int count, String prefix) throws java.io.IOException {
      List<Integer> ports = io.alchemiser.orchestrator.app.ClusterPorts.free(count);
      return new Ports(ports, ports.stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(",")), prefix + UUID.randomUUID());
    }
  }

  /**
   * One JVM per entry of {@code modules} (its config as YAML, or null for none), with {@code env} added
   * to each; every server started is added to {@code started}, for the test to stop.
   */
  static List<JarProcess.Server> start(Vertx vertx, Path work, Ports ports, List<String> modules, List<String> configs,
                                       Map<String, String> env, List<JarProcess.Server> started) throws Exception {
    List<Future<JarProcess.Server>> starting = new ArrayList<>();
    for (int i = 0; i < modules.size(); i++) {
      starting.add(startNode(vertx, work, ports, i, modules.get(i), configs == null ? null : configs.get(i), env, started));
    }
    // Joined, not all(): when one node fails to start, the test fails only once the others have
    // started too and are in {@code started}, so that its teardown stops them (all() left them running).
    return Future.join(starting).await().list();
  }

  /** The node at {@code index} of {@code ports} alone: one that joins a cluster already running. */
  static Future<JarProcess.Server> startNode(Vertx vertx, Path work, Ports ports, int index, String modules, String config,
                                             Map<String, String> env, List<JarProcess.Server> started) throws Exception {
    Path dir = Files.createDirectories(work.resolve("node-" + index));
    Map<String, String> nodeEnv = new HashMap<>(env);
    nodeEnv.putAll(Map.of("ALCHEMISER_DATA_DIR", dir.resolve("data").toString(), "ALCHEMISER_CLUSTER_MEMBERS", ports.members(),
        "ALCHEMISER_CLUSTER_NAME", ports.name()));
    List<String> args = new ArrayList<>(List.of("--cluster", "--cluster-port", Integer.toString(ports.ports().get(index)),
        "--modules", modules, "--http-port", "0"));
    if (config != null) {
      Path file = dir.resolve("config.yaml");
      Files.writeString(file, config);
      args.addAll(List.of("--config", file.toString()));
    }
    return vertx.executeBlocking(() -> {
      JarProcess.Server server = JarProcess.serve(dir, nodeEnv, args.toArray(String[]::new));
      started.add(server);
      return server;
    }, false);
  }
}
