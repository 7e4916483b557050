package io.alchemiser.orchestrator;

import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;

/**
 * A Vert.x instance with metrics on (event bus, HTTP server, pools, JVM) and the Prometheus registry
 * that our own metrics share, so {@code /metrics} shows both.
 */
record AlchemiserRuntime(Vertx vertx, PrometheusMeterRegistry registry) {

  static AlchemiserRuntime create() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    // Reply addresses are made per request: as a label they would grow without bound.
    registry.config().meterFilter(MeterFilter.replaceTagValues("address",
        address -> address.startsWith("__vertx.") ? "__vertx.reply" : address));
    Vertx vertx = Vertx.builder()
        .with(new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true).setJvmMetricsEnabled(true)))
        .withMetrics(new MicrometerMetricsFactory(registry))
        .build();
    return new AlchemiserRuntime(vertx, registry);
  }
}
