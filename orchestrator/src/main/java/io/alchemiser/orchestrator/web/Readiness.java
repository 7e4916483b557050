package io.alchemiser.orchestrator.web;

import io.alchemiser.shared.bus.Addresses;
import io.alchemiser.shared.event.EventType;
import io.alchemiser.shared.bus.Headers;
import io.alchemiser.shared.client.WorkflowClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code /ready}: this node's modules are deployed, it has joined its cluster (when clustered), every
 * module a workflow needs answers on the bus (at least one replica somewhere), the orchestrator
 * answers, and the broker is reachable.
 */
final class Readiness {
  private static final long TIMEOUT_MS = 3_000;

  private Readiness() {
  }

  static HealthChecks create(Vertx vertx, Set<String> localModules) {
    HealthChecks checks = HealthChecks.create(vertx);
    checks.register("modules-deployed", TIMEOUT_MS, promise ->
        promise.complete(Status.OK(new JsonObject().put("modules", new JsonArray(List.copyOf(localModules))))));
    checks.register("workflow-modules", TIMEOUT_MS, promise -> {
      List<Future<String>> pings = new ArrayList<>();
      List<String> modules = new ArrayList<>();
      for (EventType type : EventType.values()) {
        type.handlingModule().ifPresent(module -> {
          modules.add(module);
          pings.add(vertx.eventBus().request(type.handlerAddress(), null,
                  new DeliveryOptions().addHeader(Headers.PING, "1").setSendTimeout(TIMEOUT_MS))
              .map(reply -> module).recover(err -> Future.succeededFuture(null)));
        });
      }
      Future.all(pings).onComplete(all -> {
        Set<String> missing = new TreeSet<>();
        for (int i = 0; i < modules.size(); i++) {
          if (pings.get(i).result() == null) {
            missing.add(modules.get(i));
          }
        }
        JsonObject data = new JsonObject().put("required", new JsonArray(modules)).put("missing", new JsonArray(List.copyOf(missing)));
        promise.complete(missing.isEmpty() ? Status.OK(data) : Status.KO(data));
      });
    });
    if (vertx.isClustered()) {
      checks.register("cluster", TIMEOUT_MS, promise -> {
        io.vertx.core.spi.cluster.ClusterManager manager = ((io.vertx.core.internal.VertxInternal) vertx).clusterManager();
        java.util.List<String> members = manager.getNodes();
        JsonObject data = new JsonObject().put("node", manager.getNodeId()).put("members", members.size());
        promise.complete(manager.isActive() ? Status.OK(data) : Status.KO(data));
      });
    }
    checks.register("orchestrator", TIMEOUT_MS, promise -> WorkflowClient.create(vertx).stats()
        .onSuccess(stats -> promise.complete(Status.OK(new JsonObject().put("active", stats.active()))))
        .onFailure(err -> promise.complete(Status.KO(new JsonObject().put("reason", err.getMessage())))));
    checks.register("broker", TIMEOUT_MS, promise -> vertx.eventBus().request(Addresses.BROKER_ACCOUNT, new JsonObject(),
            new DeliveryOptions().setSendTimeout(TIMEOUT_MS))
        .onSuccess(reply -> promise.complete(Status.OK()))
        .onFailure(err -> promise.complete(Status.KO(new JsonObject().put("reason", err.getMessage())))));
    return checks;
  }
}
