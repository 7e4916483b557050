package io.alchemiser.orchestrator.app;

import io.alchemiser.shared.config.ConfigReader;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** Clustered Vert.x nodes in the test's JVM, on 127.0.0.1 without TLS. */
public final class LoopbackNodes {
  private LoopbackNodes() {
  }

  /** A node on {@code port} of the cluster {@code name} whose members are on {@code ports}, on Infinispan; once it has joined. */
  public static Vertx node(int port, List<Integer> ports, String name) {
    return node(port, ports, name, "infinispan");
  }

  /** The same on {@code manager} ({@code infinispan} or {@code hazelcast}). */
  public static Vertx node(int port, List<Integer> ports, String name, String manager) {
    JsonArray members = new JsonArray();
    ports.forEach(p -> members.add("127.0.0.1:" + p));
    JsonObject config = new JsonObject().put("cluster", new JsonObject().put("port", Integer.toString(port))
        .put("members", members).put("name", name).put("manager", manager));
    return AlchemiserRuntime.createClustered(ClusterSettings.from(ConfigReader.root(config))).await().vertx();
  }
}
