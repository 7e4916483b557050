package io.alchemiser.orchestrator.app;

import io.alchemiser.orchestrator.OrchestratorVerticle;
import io.alchemiser.orchestrator.web.WebVerticle;

import io.alchemiser.shared.metrics.AlchemiserMetrics;
import io.alchemiser.shared.plugin.AlchemiserPlugin;
import io.alchemiser.shared.event.EventMetadata;
import io.alchemiser.shared.bus.EventPublisher;
import io.alchemiser.shared.event.EventType;
import io.alchemiser.shared.plugin.PluginContext;
import io.alchemiser.shared.plugin.Plugins;
import io.alchemiser.shared.event.StartupEvent;
import io.alchemiser.shared.client.WorkflowClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Deployable;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running node: the modules its config enables, deployed on one Vert.x instance, the
 * orchestrator first. Once all are up it publishes {@code StartupEvent}. The CLI and the tests
 * start nodes the same way.
 */
public final class Node {
  private static final Logger LOG = LoggerFactory.getLogger(Node.class);

  private final Vertx vertx;
  private final String nodeId;
  private final NodeConfig config;
  private final MeterRegistry registry;

  private Node(Vertx vertx, String nodeId, NodeConfig config, MeterRegistry registry) {
    this.vertx = vertx;
    this.nodeId = nodeId;
    this.config = config;
    this.registry = registry;
  }

  /**
   * Deploys the enabled modules on {@code vertx}. Fails with a {@link io.alchemiser.shared.config.ConfigException}
   * when the config is invalid, after undeploying whatever had started.
   */
  public static Future<Node> start(Vertx vertx, JsonObject config) {
    return start(vertx, config, new SimpleMeterRegistry());
  }

  public static Future<Node> start(Vertx vertx, JsonObject config, MeterRegistry registry) {
    String nodeId = "node-" + UUID.randomUUID().toString().substring(0, 8);
    AlchemiserMetrics metrics = AlchemiserMetrics.micrometer(registry);
    Map<String, AlchemiserPlugin> plugins;
    NodeConfig nodeConfig;
    try {
      plugins = Plugins.discover();
      nodeConfig = NodeConfig.from(config, plugins);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    Node node = new Node(vertx, nodeId, nodeConfig, registry);
    WorkflowClient.registerCodecs(vertx);
    return vertx.executeBlocking(() -> Files.createDirectories(nodeConfig.dataDir()), false)
        .recover(err -> Future.failedFuture(new io.alchemiser.shared.config.ConfigException("dataDir",
            "cannot create data directory " + nodeConfig.dataDir() + ": " + why(err))))
        // An operator's halt outlives restarts: this node's saved state joins the cluster's before any module runs.
        .compose(dir -> io.alchemiser.shared.halt.TradingHalts.restore(vertx, nodeConfig.dataDir()))
        // The modules as resolved (all of them when the config names none): what the web module reports as deployed.
        .compose(dir -> node.deployAll(plugins, new PluginContext(config.copy().put("modules",
            new io.vertx.core.json.JsonArray(List.copyOf(nodeConfig.modules()))), nodeConfig.dataDir(), metrics, nodeId, registry)))
        .recover(err -> node.undeployAll().transform(ignored -> Future.failedFuture(err)))
        .compose(v -> new EventPublisher(vertx, OrchestratorVerticle.MODULE).emit(new StartupEvent(
            EventMetadata.next(EventType.STARTUP, "startup-" + nodeId, null, "launcher"),
            nodeId, List.copyOf(nodeConfig.modules()))))
        .map(v -> {
          // One series per module this node runs: the dashboard's node and module variables select by it.
          for (String module : nodeConfig.modules()) {
            io.micrometer.core.instrument.Gauge.builder("alchemiser.node.info", () -> 1)
                .description("1 for each module a node runs").tag("node", nodeId).tag("module", module).register(registry);
          }
          LOG.info("{} started with modules {}", nodeId, nodeConfig.modules());
          return node;
        });
  }

  /**
   * Checks the config as a start would, deploying nothing: the node's settings, every module's on the
   * class path (whether this node runs it or not) and the cluster's when set. Returns the modules a
   * start would run; throws {@link io.alchemiser.shared.config.ConfigException}.
   */
  public static java.util.Set<String> check(JsonObject config) {
    Map<String, AlchemiserPlugin> plugins = Plugins.discover();
    NodeConfig nodeConfig = NodeConfig.from(config, plugins);
    io.alchemiser.shared.config.ConfigReader root = io.alchemiser.shared.config.ConfigReader.root(config);
    for (AlchemiserPlugin plugin : plugins.values()) {
      plugin.checkConfig(root, nodeConfig.dataDir());
    }
    if (root.has("cluster")) {
      ClusterSettings.from(root);
    }
    return nodeConfig.modules();
  }

  /**
   * Every module the same way: the orchestrator first (modules that start ask it about workflows),
   * then the web module, then the rest in the config's order; a module's verticles one after another.
   */
  private Future<Void> deployAll(Map<String, AlchemiserPlugin> plugins, PluginContext context) {
    List<String> order = new ArrayList<>();
    for (String first : List.of(OrchestratorVerticle.MODULE, WebVerticle.MODULE)) {
      if (config.modules().contains(first)) {
        order.add(first);
      }
    }
    config.modules().stream().filter(m -> !order.contains(m)).forEach(order::add);
    Future<Void> chain = Future.succeededFuture();
    for (String module : order) {
      AlchemiserPlugin plugin = plugins.get(module);
      chain = chain.compose(v -> plugin.prepare(vertx, context)).compose(verticles -> {
        Future<Void> deployed = Future.succeededFuture();
        for (Deployable verticle : verticles) {
          deployed = deployed.compose(v -> deploy(module, verticle));
        }
        return deployed;
      });
    }
    return chain;
  }

  /** What stopped a directory's creation, said plainly: Java's exceptions name only the path. */
  private static String why(Throwable err) {
    if (err instanceof java.nio.file.FileAlreadyExistsException exists) {
      return exists.getFile() + " exists and is not a directory";
    }
    if (err instanceof java.nio.file.AccessDeniedException denied) {
      return "no permission to write " + denied.getFile();
    }
    return err.getMessage();
  }

  private Future<Void> deploy(String module, Deployable verticle) {
    return vertx.deployVerticle(verticle)
        .onFailure(err -> LOG.error("module '{}' failed to deploy: {}", module, err.getMessage()))
        .mapEmpty();
  }

  private Future<Void> undeployAll() {
    List<Future<?>> undeployed = new ArrayList<>();
    for (String id : vertx.deploymentIDs()) {
      // A module's own verticles go with it: one already gone that way is not a failure.
      undeployed.add(vertx.undeploy(id).recover(err -> vertx.deploymentIDs().contains(id) ? Future.failedFuture(err) : Future.succeededFuture()));
    }
    return Future.join(undeployed).mapEmpty();
  }

  /** The port the web module listens on, or -1 when this node runs no web module. */
  public int httpPort() {
    Object port = vertx.sharedData().getLocalMap(WebVerticle.PORT_MAP).get("port");
    return port instanceof Integer p ? p : -1;
  }

  public Vertx vertx() {
    return vertx;
  }

  public String nodeId() {
    return nodeId;
  }

  public WorkflowClient client() {
    return WorkflowClient.create(vertx);
  }

  public java.time.Duration configuredWorkflowTimeout() {
    return config.orchestrator().workflowTimeout();
  }

  public MeterRegistry meterRegistry() {
    return registry;
  }

  public Future<Void> stop() {
    return undeployAll();
  }
}
