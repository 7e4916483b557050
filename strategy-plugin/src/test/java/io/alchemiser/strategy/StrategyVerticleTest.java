package io.alchemiser.strategy;

import static org.assertj.core.api.Assertions.assertThat;

import io.alchemiser.shared.bus.Addresses;
import io.alchemiser.shared.bus.EventCodec;
import io.alchemiser.shared.bus.EventPublisher;
import io.alchemiser.shared.bus.Headers;
import io.alchemiser.shared.config.ConfigLoader;
import io.alchemiser.shared.event.ErrorCodes;
import io.alchemiser.shared.event.EventMetadata;
import io.alchemiser.shared.event.EventType;
import io.alchemiser.shared.event.SignalGenerated;
import io.alchemiser.shared.event.WorkflowEvent;
import io.alchemiser.shared.event.WorkflowFailed;
import io.alchemiser.shared.event.WorkflowStarted;
import io.alchemiser.shared.metrics.AlchemiserMetrics;
import io.alchemiser.shared.plugin.PluginContext;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The strategy module's verticles on their own: a workflow's start becomes its signal, handed to
 * the portfolio module's address (a tiny verticle here), and a message that is not an event is
 * refused and fails its workflow.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class StrategyVerticleTest {

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext context) {
    JsonObject config = ConfigLoader.bundledDefaults();
    config.put("strategy", new JsonObject().put("strategies", new JsonArray().add(new JsonObject()
        .put("name", "fixed").put("kind", "fixed").put("weight", 1)
        .put("allocation", new JsonObject().put("SPY", 0.6).put("TLT", 0.4)))));
    PluginContext plugin = new PluginContext(config, Path.of("target"), AlchemiserMetrics.NOOP, "node-test");
    Future.all(new StrategyPlugin().verticles(plugin).stream().map(vertx::deployVerticle).toList())
        .onComplete(context.succeedingThenComplete());
  }

  @Test
  void aStartBecomesTheSignalOfTheConfiguredStrategies(Vertx vertx, VertxTestContext context) {
    Checkpoint handedOver = context.checkpoint();
    vertx.eventBus().consumer(EventType.SIGNAL_GENERATED.handlerAddress(), message -> {
      try {
        SignalGenerated signal = (SignalGenerated) EventCodec.decode(message.headers(), message.body());
        message.reply(null);
        context.verify(() -> {
          assertThat(signal.correlationId()).isEqualTo("s-1");
          assertThat(signal.allocation()).containsOnlyKeys("SPY", "TLT");
          assertThat(signal.allocation().get("SPY")).isEqualByComparingTo("0.6");
          assertThat(signal.strategies()).extracting(s -> s.name()).containsExactly("fixed");
          // Caused by the start: the causation id is the start's event id.
          assertThat(message.headers().get(Headers.CAUSATION_ID)).isNotNull();
        });
        handedOver.flag();
      } catch (Exception e) {
        context.failNow(e);
      }
    });
    new EventPublisher(vertx, "test").emit(new WorkflowStarted(EventMetadata.next(EventType.WORKFLOW_STARTED, "s-1", null, "test"),
        false, "test"));
  }

  @Test
  void aMessageThatIsNotAnEventIsRefusedAndFailsItsWorkflow(Vertx vertx, VertxTestContext context) {
    Checkpoint refused = context.checkpoint();
    Checkpoint failed = context.checkpoint();
    io.alchemiser.shared.bus.EventSubscription.everyEvent(vertx, message -> {
      try {
        WorkflowEvent event = EventCodec.decode(message.headers(), message.body());
        if (event instanceof WorkflowFailed failure) {
          context.verify(() -> {
            assertThat(failure.correlationId()).isEqualTo("s-bad");
            assertThat(failure.errorCode()).isEqualTo(ErrorCodes.MALFORMED_EVENT);
          });
          failed.flag();
        }
      } catch (Exception e) {
        context.failNow(e);
      }
    });
    vertx.eventBus().request(EventType.WORKFLOW_STARTED.handlerAddress(), Buffer.buffer("{\"not\": \"an event\"}"),
            new DeliveryOptions().addHeader(Headers.CORRELATION_ID, "s-bad").addHeader(Headers.EVENT_TYPE, "WorkflowStarted"))
        .onComplete(context.failing(err -> {
          context.verify(() -> assertThat(err.getMessage()).contains("WorkflowStarted"));
          refused.flag();
        }));
  }
}
