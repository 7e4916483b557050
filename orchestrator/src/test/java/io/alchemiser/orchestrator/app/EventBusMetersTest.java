package io.alchemiser.orchestrator.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.spi.VertxMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Our event-bus meters report what Vert.x's own would: the same traffic through a Vert.x with each,
 * scraped by Prometheus's format, gives the same series with the same values (ours also shows, as
 * zeros, the series Vert.x's only makes at their first use).
 */
class EventBusMetersTest {

  @Test
  void theSameTrafficGivesTheSameSeriesAsVertxsOwnEventBusMetrics() throws Exception {
    Map<String, String> ours = scrapeAfterTraffic(EventBusMeters::factory);
    Map<String, String> vertxs = scrapeAfterTraffic(MicrometerMetricsFactory::new);

    assertThat(vertxs).containsKeys(
        "vertx_eventbus_published_total{side=\"local\"}", "vertx_eventbus_sent_total{side=\"local\"}",
        "vertx_eventbus_delivered_total{side=\"local\"}", "vertx_eventbus_handlers", "vertx_eventbus_pending{side=\"local\"}");
    assertThat(vertxs.get("vertx_eventbus_published_total{side=\"local\"}")).isEqualTo("3.0");
    assertThat(ours).containsAllEntriesOf(vertxs);
    ours.keySet().removeAll(vertxs.keySet());
    assertThat(ours).isNotEmpty().allSatisfy((series, value) -> assertThat(Double.parseDouble(value)).as(series).isZero());
  }

  /**
   * Three publishes to two handlers, two requests answered, one send that no one takes and one that is
   * refused, one handler unregistered: the {@code vertx_eventbus_*} samples of the scrape afterwards.
   */
  private static Map<String, String> scrapeAfterTraffic(Function<PrometheusMeterRegistry, VertxMetricsFactory> metrics)
      throws Exception {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Vertx vertx = Vertx.builder().with(new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true)))
        .withMetrics(metrics.apply(registry)).build();
    try {
      EventBus bus = vertx.eventBus();
      bus.consumer("meters.news", message -> { }).completion().await();
      MessageConsumer<Object> second = bus.consumer("meters.news", message -> { });
      second.completion().await();
      bus.consumer("meters.ask", message -> message.reply("yes")).completion().await();
      bus.consumer("meters.refuse", message -> message.fail(7, "no")).completion().await();
      for (int i = 0; i < 3; i++) {
        bus.publish("meters.news", "news " + i);
      }
      for (int i = 0; i < 2; i++) {
        assertThat(bus.request("meters.ask", "?").await().body()).isEqualTo("yes");
      }
      assertThat(bus.request("meters.nobody", "?").otherwiseEmpty().await()).isNull();
      assertThat(bus.request("meters.refuse", "?").otherwiseEmpty().await()).isNull();
      // A handler's message counts as processed just after it ran: wait (bounded) until none is pending.
      Map<String, String> samples = samples(registry);
      for (int i = 0; i < 100 && !"0.0".equals(samples.get("vertx_eventbus_pending{side=\"local\"}")); i++) {
        Thread.sleep(50);
        samples = samples(registry);
      }
      second.unregister().await();
      return samples(registry);
    } finally {
      vertx.close().await();
    }
  }

  private static Map<String, String> samples(PrometheusMeterRegistry registry) {
    Map<String, String> samples = new TreeMap<>();
    for (String line : registry.scrape().split("\n")) {
      if (line.startsWith("vertx_eventbus_")) {
        int space = line.lastIndexOf(' ');
        samples.put(line.substring(0, space), line.substring(space + 1));
      }
    }
    return samples;
  }
}
