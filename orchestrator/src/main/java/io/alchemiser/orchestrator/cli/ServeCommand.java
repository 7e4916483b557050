package io.alchemiser.orchestrator.cli;

import io.alchemiser.orchestrator.cli.common.CommonOptions;
import io.alchemiser.orchestrator.cli.common.ExitCodes;
import io.alchemiser.shared.plugin.Plugins;
import io.alchemiser.orchestrator.app.AlchemiserRuntime;
import io.alchemiser.orchestrator.app.ClusterMembership;
import io.alchemiser.orchestrator.app.ClusterSettings;
import io.alchemiser.orchestrator.app.Node;

import io.alchemiser.shared.config.ConfigException;
import io.alchemiser.shared.config.ConfigLoader;
import io.alchemiser.shared.config.EffectiveConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code alchemiser serve}: a long-lived node with the web module, until it is stopped (SIGTERM, Ctrl-C). */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = "Run a long-lived node: every module by default, with the REST API, WebSocket stream, monitoring page and metrics.",
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {"0:stopped", "64:bad usage", "69:no cluster member could be reached", "70:could not start", "74:damaged journal (alchemiser journal recover)", "78:bad config"})
final class ServeCommand implements Callable<Integer> {
  @Mixin
  CommonOptions.ConfigFile configOption;
  private static final long STOP_SECONDS = 30;

  @Option(names = "--http-port", paramLabel = "N", description = "HTTP port (0: a free one; the log says which). Default: web.port.")
  Integer httpPort;

  @Option(names = "--cluster", description = "Join a cluster (with cluster TLS: Infinispan over the same TLS; without: Hazelcast, config/cluster.xml).")
  boolean cluster;

  @Option(names = "--cluster-host", paramLabel = "HOST", description = "Address this node binds and announces (default 127.0.0.1).")
  String clusterHost;

  @Option(names = "--cluster-port", paramLabel = "PORT", description = "This node's membership port (default: the first free one from 5701).")
  Integer clusterPort;

  @Option(names = "--cluster-members", paramLabel = "HOST[:PORT],...", split = ",",
      description = "Members to join (default: this node's own address, ports 5701-5720).")
  List<String> clusterMembers;

  @Option(names = "--insecure-cluster",
      description = "Run the clustered event bus without TLS on an address other hosts can reach (anyone who reaches it could send orders).")
  boolean insecureCluster;

  @Option(names = "--insecure-http", description = "Serve HTTP off loopback without TLS or without a token (never with a token in clear).")
  boolean insecureHttp;

  @Option(names = "--modules", paramLabel = "LIST", split = ",",
      description = "Modules to run here: orchestrator, web, strategy, portfolio, execution, notifications. Default: all.")
  List<String> modules;

  /** The modules serve runs when nothing chose them: every module, the web module included. */
  private static final List<String> ALL_MODULES = List.of("orchestrator", "web", "strategy", "portfolio", "execution", "notifications");

  @Override
  public Integer call() throws InterruptedException {
    if (httpPort != null && (httpPort < 0 || httpPort > 65535)) {
      System.err.println("error: --http-port must be from 0 to 65535");
      return ExitCodes.USAGE;
    }
    Logger log = LoggerFactory.getLogger(ServeCommand.class);
    JsonObject config;
    AlchemiserRuntime runtime;
    try {
      io.vertx.core.Vertx loader = io.vertx.core.Vertx.vertx();
      EffectiveConfig effective;
      try {
        effective = withOptions(ConfigLoader.loadEffective(loader, configOption.file, Plugins.configSchema()).await());
      } finally {
        loader.close().await();
      }
      // Logged as it runs: an option's value shown where the setting it overrides would be, naming the option.
      log.info("{}", effective.summary());
      config = effective.config();
      io.alchemiser.shared.config.ConfigReader root = io.alchemiser.shared.config.ConfigReader.root(config);
      String exposed = io.alchemiser.orchestrator.app.WebModule.checkExposure(root, insecureHttp);
      if (exposed != null) {
        log.warn(exposed);
      }
      if (cluster) {
        ClusterSettings settings = ClusterSettings.from(root);
        settings.requireSecure(insecureCluster);
        if (settings.tls() == null && !settings.loopbackOnly()) {
          log.warn("INSECURE: the event bus on {} has no TLS (--insecure-cluster): anyone who can reach it can send orders and read events",
              settings.host());
        }
        runtime = AlchemiserRuntime.createClustered(settings).await();
      } else {
        runtime = AlchemiserRuntime.create();
      }
    } catch (ConfigException e) {
      System.err.println("error: " + e.getMessage());
      return ExitCodes.CONFIG;
    } catch (ClusterMembership.NoMembersException e) {
      System.err.println("error: could not join the cluster: " + e.getMessage());
      return ExitCodes.UNAVAILABLE;
    } catch (RuntimeException e) {
      System.err.println("error: could not " + (cluster ? "join the cluster" : "start") + ": " + e.getMessage());
      return ExitCodes.SOFTWARE;
    }
    Node node;
    try {
      node = Node.start(runtime.vertx(), config, runtime.registry()).await();
    } catch (ConfigException e) {
      System.err.println("error: " + e.getMessage());
      runtime.vertx().close().await();
      return ExitCodes.CONFIG;
    } catch (io.alchemiser.orchestrator.journal.Journal.DamagedException e) {
      System.err.println("error: " + e.getMessage());
      runtime.vertx().close().await();
      return ExitCodes.IO_ERROR;
    } catch (RuntimeException e) {
      System.err.println("error: the node could not start: " + e.getMessage());
      runtime.vertx().close().await();
      return ExitCodes.SOFTWARE;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      log.info("stopping {}", node.nodeId());
      try {
        runtime.vertx().close().toCompletionStage().toCompletableFuture().get(STOP_SECONDS, TimeUnit.SECONDS);
      } catch (Exception e) {
        log.warn("stopping took longer than {} s: {}", STOP_SECONDS, e.getMessage());
      }
      stopped.countDown();
    }, "alchemiser-shutdown");
    java.lang.Runtime.getRuntime().addShutdownHook(hook);
    stopped.await();
    return 0;
  }

  /**
   * The config with this command's options on top. Modules: {@code --modules}, else those a file or the
   * environment lists (as written: {@code web} only when listed), else all of them with {@code web}.
   */
  private EffectiveConfig withOptions(EffectiveConfig effective) {
    if (clusterHost != null) {
      effective = effective.with("cluster.host", clusterHost, option("--cluster-host"));
    }
    if (clusterPort != null) {
      effective = effective.with("cluster.port", clusterPort, option("--cluster-port"));
    }
    if (clusterMembers != null) {
      effective = effective.with("cluster.members", new JsonArray(clusterMembers), option("--cluster-members"));
    }
    if (modules != null) {
      effective = effective.with("modules", new JsonArray(modules), option("--modules"));
    } else if (effective.origin("modules") == null || effective.origin("modules").kind().equals("default")) {
      effective = effective.with("modules", new JsonArray(ALL_MODULES), new EffectiveConfig.Origin("default", "of serve"));
    }
    if (httpPort != null) {
      effective = effective.with("web.port", httpPort, option("--http-port"));
    }
    return effective;
  }

  private static EffectiveConfig.Origin option(String name) {
    return new EffectiveConfig.Origin("command line", name);
  }

}
