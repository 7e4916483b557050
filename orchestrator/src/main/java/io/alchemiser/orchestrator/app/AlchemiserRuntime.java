package io.alchemiser.orchestrator.app;

import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsOptions;

/**
 * A Vert.x instance with metrics on (event bus, HTTP server, pools, JVM) and the Prometheus registry
 * that our own metrics share, so {@code /metrics} shows both.
 */
public record AlchemiserRuntime(Vertx vertx, PrometheusMeterRegistry registry) {

  public static AlchemiserRuntime create() {
    PrometheusMeterRegistry registry = newRegistry();
    Vertx vertx = Vertx.builder().with(options()).withMetrics(EventBusMeters.factory(registry)).build();
    return new AlchemiserRuntime(vertx, registry);
  }

  /**
   * A process that talks to nobody outside it (a backtest): every verticle on one event loop, so a
   * message between modules is a queued task rather than a wake-up of another thread, and no Vert.x
   * metrics, which nothing scrapes. Our own metrics still go to the registry.
   */
  public static AlchemiserRuntime createStandalone() {
    PrometheusMeterRegistry registry = newRegistry();
    Vertx vertx = Vertx.builder().with(new VertxOptions().setEventLoopPoolSize(1)).build();
    return new AlchemiserRuntime(vertx, registry);
  }

  /** A member of the cluster: its membership ({@link ClusterSettings#manager()}), the event bus on {@code cluster.host}. */
  public static Future<AlchemiserRuntime> createClustered(ClusterSettings cluster) {
    return createClustered(cluster, null);
  }

  /** As above, on {@code eventLoops} event loops (null: Vert.x's default, twice the cores); the bench compares the two. */
  public static Future<AlchemiserRuntime> createClustered(ClusterSettings cluster, Integer eventLoops) {
    try {
      cluster.checkPortsFree();
      ClusterMembership.awaitReachableMember(cluster);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Future.failedFuture(e);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    PrometheusMeterRegistry registry = newRegistry();
    VertxOptions options = options();
    if (eventLoops != null) {
      options.setEventLoopPoolSize(eventLoops);
    }
    // A member that died is given up on in seconds, not the default minute.
    options.getEventBusOptions().setHost(cluster.bindAddress()).setPort(cluster.busPort()).setClusterPublicHost(cluster.host()).setConnectTimeout(2_000);
    if (cluster.tls() != null) {
      // Mutual TLS: a peer is one of ours only with a certificate from the cluster's CA, whichever end it is.
      options.getEventBusOptions().setSsl(true).setClientAuth(io.vertx.core.http.ClientAuth.REQUIRED)
          .setKeyCertOptions(new io.vertx.core.net.PemKeyCertOptions().setCertPath(cluster.tls().cert().toString())
              .setKeyPath(cluster.tls().key().toString()))
          // PEM options only: Vert.x passes the bus's options on as JSON, which would lose any other kind of trust.
          .setTrustOptions(new io.vertx.core.net.PemTrustOptions().addCertPath(cluster.tls().ca().toString()));
      options.getEventBusOptions().setSslEngineOptions(io.alchemiser.orchestrator.tls.TlsEngine.preferred());
      io.alchemiser.orchestrator.tls.BusRefusals.countInto(registry);
    }
    io.vertx.core.spi.cluster.ClusterManager manager;
    java.util.function.Supplier<io.alchemiser.orchestrator.membership.MembershipView> view;
    if (cluster.manager() == ClusterSettings.Manager.INFINISPAN) {
      try {
        io.alchemiser.orchestrator.membership.InfinispanMembership infinispan = cluster.infinispan();
        manager = infinispan;
        view = () -> infinispan;
      } catch (Exception e) {
        return Future.failedFuture(new IllegalStateException("cannot set up the cluster's membership: " + e.getMessage(), e));
      }
    } else {
      io.vertx.spi.cluster.hazelcast.HazelcastClusterManager hazelcast = new io.alchemiser.orchestrator.membership.HazelcastMembership(cluster.hazelcast());
      manager = hazelcast;
      view = () -> new io.alchemiser.orchestrator.membership.HazelcastView(hazelcast.getHazelcastInstance());
    }
    return Vertx.builder().with(options).withMetrics(EventBusMeters.factory(registry))
        .withClusterManager(manager)
        .buildClustered()
        // Every node keeps a copy of the workflows' start claims, whichever modules it runs: they outlive the orchestrators.
        .compose(vertx -> io.alchemiser.orchestrator.claims.ClaimReplica.serve(vertx)
            .compose(served -> ClusterMembership.joined(vertx, view.get(), cluster))
            .onSuccess(v -> {
              // Only Hazelcast lets a process without our certificate become a member: look at each one that does.
              if (cluster.tls() != null && cluster.manager() == ClusterSettings.Manager.HAZELCAST) {
                io.alchemiser.orchestrator.tls.StrangerProbe.watch(vertx, manager, cluster.tls());
              }
            })
            .recover(err -> vertx.close().transform(closed -> Future.failedFuture(err)))
            .map(v -> new AlchemiserRuntime(vertx, registry)));
  }

  private static VertxOptions options() {
    return new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true).setJvmMetricsEnabled(true));
  }

  private static PrometheusMeterRegistry newRegistry() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    // Reply addresses are made per request: as a label they would grow without bound.
    // The events' lanes are one address to whoever reads the metrics (and their count a wire detail).
    registry.config().meterFilter(MeterFilter.replaceTagValues("address",
        address -> address.startsWith("__vertx.") ? "__vertx.reply"
            : address.startsWith(io.alchemiser.shared.bus.Addresses.EVENTS + ".") ? io.alchemiser.shared.bus.Addresses.EVENTS : address));
    return registry;
  }
}
