package io.alchemiser.notifications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.alchemiser.shared.bus.Addresses;
import io.alchemiser.shared.metrics.AlchemiserMetrics;
import io.alchemiser.shared.config.ConfigException;
import io.alchemiser.shared.config.ConfigLoader;
import io.alchemiser.shared.event.EventMetadata;
import io.alchemiser.shared.bus.EventPublisher;
import io.alchemiser.shared.event.EventType;
import io.alchemiser.shared.trading.ExecutionSummary;
import io.alchemiser.shared.json.Json;
import io.alchemiser.shared.trading.OrderReport;
import io.alchemiser.shared.trading.OrderSide;
import io.alchemiser.shared.trading.OrderStatus;
import io.alchemiser.shared.plugin.PluginContext;
import io.alchemiser.shared.trading.StrategySignal;
import io.alchemiser.shared.trading.StrategySignals;
import io.alchemiser.shared.event.WorkflowCompleted;
import io.alchemiser.shared.event.WorkflowFailed;
import io.alchemiser.shared.client.WorkflowRecord;
import io.alchemiser.shared.client.WorkflowStatus;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Deployable;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The notification channels against a real SMTP server (GreenMail) and a local HTTP receiver, with
 * the orchestrator faked as a tiny verticle that answers workflow requests with a canned record.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class NotificationsTest {
  private GreenMail smtp;
  private SimpleMeterRegistry registry;

  @BeforeEach
  void setUp(Vertx vertx) {
    smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
    smtp.start();
    smtp.setUser("alchemiser@example.com", "mailer", "s3cret-password");
    registry = new SimpleMeterRegistry();
  }

  @AfterEach
  void tearDown() {
    smtp.stop();
  }

  static WorkflowRecord record(String id, WorkflowStatus status) {
    Instant start = Instant.parse("2026-11-25T15:45:00Z");
    Map<String, BigDecimal> allocation = Map.of("SPY", new BigDecimal("0.6"), "TLT", new BigDecimal("0.4"));
    return new WorkflowRecord(id, status, status == WorkflowStatus.COMPLETED ? "WorkflowCompleted" : "WorkflowFailed", false, "cli",
        start, start.plusSeconds(2), Map.of(),
        new StrategySignals(LocalDate.of(2025, 10, 31), allocation,
            List.of(new StrategySignal("Balanced <60/40>", BigDecimal.ONE, allocation, List.of("fixed"))), null),
        null,
        List.of(new OrderReport("SPY", OrderSide.BUY, new BigDecimal("10"), new BigDecimal("10"), new BigDecimal("429.08"),
            OrderStatus.FILLED, "b-1", id + "-SPY-b", null)),
        status == WorkflowStatus.COMPLETED ? new ExecutionSummary(1, 1, 0, 0, new BigDecimal("4290.80"), false) : null,
        status == WorkflowStatus.COMPLETED ? null : "the broker said no", status == WorkflowStatus.COMPLETED ? null : "BROKER_ERROR", null);
  }

  /** The orchestrator's side of the client API, answering with one record. */
  private static void fakeOrchestrator(Vertx vertx, WorkflowRecord record) {
    vertx.eventBus().consumer(Addresses.ORCHESTRATOR, message -> message.reply(Json.toBuffer(record))).completion().await();
  }

  private JsonObject config(JsonObject notifications) {
    JsonObject config = ConfigLoader.bundledDefaults();
    config.put("notifications", notifications.put("log", false)
        .put("retry", new JsonObject().put("maxAttempts", 4).put("baseDelayMs", 10).put("maxDelayMs", 50)));
    return config;
  }

  private void deploy(Vertx vertx, JsonObject config) {
    PluginContext context = new PluginContext(config, Path.of("."), AlchemiserMetrics.micrometer(registry), "test");
    for (Deployable verticle : new NotificationsPlugin().verticles(context)) {
      vertx.deployVerticle(verticle).await();
    }
  }

  private static void finish(Vertx vertx, String id, boolean completed) {
    EventPublisher publisher = new EventPublisher(vertx, "execution");
    if (completed) {
      publisher.emit(new WorkflowCompleted(EventMetadata.next(EventType.WORKFLOW_COMPLETED, id, null, "execution"),
          new ExecutionSummary(1, 1, 0, 0, new BigDecimal("4290.80"), false))).await();
    } else {
      publisher.emit(new WorkflowFailed(EventMetadata.next(EventType.WORKFLOW_FAILED, id, null, "execution"),
          "the broker said no", "BROKER_ERROR", "RebalancePlanned")).await();
    }
  }

  private double counted(String channel, String outcome) {
    var counter = registry.find("alchemiser.notifications").tags("channel", channel, "outcome", outcome).counter();
    return counter == null ? 0 : counter.count();
  }

  @Test
  void anEmailWithATextAndAnHtmlPartReachesEveryRecipient(Vertx vertx) throws Exception {
    fakeOrchestrator(vertx, record("mail-1", WorkflowStatus.COMPLETED));
    deploy(vertx, config(new JsonObject().put("email", new JsonObject()
        .put("host", "127.0.0.1").put("port", smtp.getSmtp().getPort()).put("tls", "none")
        .put("user", "mailer").put("password", "s3cret-password")
        .put("from", "alchemiser@example.com").put("to", "trader@example.com, ops@example.com"))));

    finish(vertx, "mail-1", true);
    assertThat(smtp.waitForIncomingEmail(20_000, 1)).isTrue();
    assertThat(smtp.getReceivedMessages()).as("one message per recipient").hasSize(2);

    MimeMessage message = smtp.getReceivedMessages()[0];
    assertThat(message.getSubject()).isEqualTo("[Alchemiser] Completed: workflow mail-1");
    assertThat(message.getFrom()[0].toString()).isEqualTo("alchemiser@example.com");
    assertThat(message.getAllRecipients()).extracting(Object::toString).containsExactlyInAnyOrder("trader@example.com", "ops@example.com");
    assertThat(message.getHeader("X-Alchemiser-Correlation-Id")).containsExactly("mail-1");
    MimeMultipart parts = (MimeMultipart) message.getContent();
    List<String> types = new ArrayList<>();
    String text = null;
    String html = null;
    for (int i = 0; i < parts.getCount(); i++) {
      var part = parts.getBodyPart(i);
      types.add(part.getContentType().toLowerCase());
      if (part.isMimeType("text/plain")) {
        text = GreenMailUtil.getBody(part);
      } else if (part.isMimeType("text/html")) {
        html = GreenMailUtil.getBody(part);
      }
    }
    assertThat(types).anyMatch(t -> t.startsWith("text/plain")).anyMatch(t -> t.startsWith("text/html"));
    assertThat(text).contains("mail-1").contains("completed").contains("SPY").contains("60.00%").contains("429.08")
        .contains("traded value 4290.80");
    assertThat(html).contains("<table").contains("Balanced &lt;60/40&gt;").contains("429.08").doesNotContain("<60/40>");
    assertThat(counted("email", "sent")).isEqualTo(1);
  }

  /** A module may run on several nodes: every notifications module observes the end, one tells of it. */
  @Test
  void twoNotificationsModulesTellOfOneEndOnce(Vertx vertx) throws Exception {
    fakeOrchestrator(vertx, record("mail-twice", WorkflowStatus.COMPLETED));
    JsonObject config = config(new JsonObject().put("email", new JsonObject()
        .put("host", "127.0.0.1").put("port", smtp.getSmtp().getPort()).put("tls", "none")
        .put("from", "alchemiser@example.com").put("to", "trader@example.com")));
    deploy(vertx, config);
    deploy(vertx, config);
    finish(vertx, "mail-twice", true);
    assertThat(smtp.waitForIncomingEmail(20_000, 1)).isTrue();
    // Time for a second one to arrive, were it sent.
    Thread.sleep(1_500);
    assertThat(smtp.getReceivedMessages()).hasSize(1);
    assertThat(counted("email", "sent")).isEqualTo(1);
  }

  @Test
  void aFailureEmailCarriesTheReasonAndErrorCode(Vertx vertx) throws Exception {
    fakeOrchestrator(vertx, record("mail-2", WorkflowStatus.FAILED));
    deploy(vertx, config(new JsonObject().put("email", new JsonObject()
        .put("host", "127.0.0.1").put("port", smtp.getSmtp().getPort()).put("tls", "none")
        .put("from", "alchemiser@example.com").put("to", new JsonArray().add("trader@example.com")))));
    finish(vertx, "mail-2", false);
    assertThat(smtp.waitForIncomingEmail(20_000, 1)).isTrue();
    MimeMessage message = smtp.getReceivedMessages()[0];
    assertThat(message.getSubject()).isEqualTo("[Alchemiser] FAILED (failed): workflow mail-2");
    assertThat(GreenMailUtil.getBody(message)).contains("BROKER_ERROR").contains("the broker said no");
  }

  @Test
  void aWebhookThatFailsTwiceGetsTheSignedSummaryOnTheThirdTry(Vertx vertx) throws Exception {
    fakeOrchestrator(vertx, record("hook-1", WorkflowStatus.COMPLETED));
    AtomicInteger calls = new AtomicInteger();
    Promise<JsonObject> delivered = Promise.promise();
    List<String> signatures = new ArrayList<>();
    List<String> deliveries = new ArrayList<>();
    List<String> timestamped = new ArrayList<>();
    HttpServer receiver = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
      deliveries.add(request.getHeader("X-Alchemiser-Delivery"));
      if (calls.incrementAndGet() <= 2) {
        request.response().setStatusCode(503).end("busy");
        return;
      }
      // What a receiver checks, computed here as it would: the HMAC of the body, and of "<timestamp>.<body>".
      String timestamp = request.getHeader("X-Alchemiser-Timestamp");
      signatures.add(request.getHeader("X-Alchemiser-Signature"));
      signatures.add("sha256=" + hmac("hook-secret", body.toString()));
      timestamped.add(timestamp);
      timestamped.add(request.getHeader("X-Alchemiser-Timestamped-Signature"));
      timestamped.add("sha256=" + hmac("hook-secret", timestamp + "." + body));
      request.response().setStatusCode(200).end("ok");
      delivered.tryComplete(body.toJsonObject());
    })).listen(0, "127.0.0.1").await();
    deploy(vertx, config(new JsonObject().put("webhook", new JsonObject()
        .put("url", "http://127.0.0.1:" + receiver.actualPort() + "/hooks/trading?channel=ops").put("secret", "hook-secret"))));

    finish(vertx, "hook-1", true);
    JsonObject body = delivered.future().await();

    assertThat(calls.get()).isEqualTo(3);
    assertThat(body.getString("text")).contains("Completed").contains("hook-1").contains("traded 4290.80");
    assertThat(body.getJsonObject("workflow").getString("completionStatus")).isEqualTo("completed");
    assertThat(body.getJsonObject("workflow").getJsonArray("ordersExecuted")).hasSize(1);
    assertThat(signatures.get(0)).isEqualTo(signatures.get(1));
    assertThat(timestamped.get(1)).isEqualTo(timestamped.get(2));
    assertThat(Long.parseLong(timestamped.get(0))).isCloseTo(java.time.Instant.now().getEpochSecond(), org.assertj.core.data.Offset.offset(60L));
    // One delivery, retried: the same id each time, for a receiver to drop one it already has.
    assertThat(deliveries).containsExactly("hook-1/WorkflowCompleted", "hook-1/WorkflowCompleted", "hook-1/WorkflowCompleted");
    assertThat(body.encode()).doesNotContain("hook-secret");
    for (int i = 0; i < 100 && counted("webhook", "sent") == 0; i++) {
      Thread.sleep(20);
    }
    assertThat(counted("webhook", "sent")).isEqualTo(1);
  }

  /** An operator's halt and resume, as TradingHalts announces them, told by email and by signed webhook. */
  @Test
  void aHaltAndAResumeOfTradingAreToldOnEveryChannel(Vertx vertx, @org.junit.jupiter.api.io.TempDir Path dataDir) throws Exception {
    List<JsonObject> hooks = java.util.Collections.synchronizedList(new ArrayList<>());
    List<String> deliveries = java.util.Collections.synchronizedList(new ArrayList<>());
    List<String> signed = java.util.Collections.synchronizedList(new ArrayList<>());
    HttpServer receiver = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
      deliveries.add(request.getHeader("X-Alchemiser-Delivery"));
      signed.add(String.valueOf("sha256=" + hmac("hook-secret", body.toString())).equals(request.getHeader("X-Alchemiser-Signature")) ? "ok" : "bad");
      hooks.add(body.toJsonObject());
      request.response().end("ok");
    })).listen(0, "127.0.0.1").await();
    deploy(vertx, config(new JsonObject()
        .put("email", new JsonObject().put("host", "127.0.0.1").put("port", smtp.getSmtp().getPort()).put("tls", "none")
            .put("from", "alchemiser@example.com").put("to", "desk@example.com, risk@example.com"))
        .put("webhook", new JsonObject().put("url", "http://127.0.0.1:" + receiver.actualPort() + "/hooks").put("secret", "hook-secret"))));

    io.alchemiser.shared.halt.TradingHalts halts = new io.alchemiser.shared.halt.TradingHalts(vertx);
    io.alchemiser.shared.halt.TradingHalt halted = halts.change(true, "data vendor outage", "API from 127.0.0.1:4711 (test)", dataDir).await();
    for (int i = 0; i < 400 && (smtp.getReceivedMessages().length < 2 || hooks.isEmpty()); i++) {
      Thread.sleep(25);
    }
    halts.change(false, null, "API from 127.0.0.1:4712 (test)", dataDir).await();
    for (int i = 0; i < 400 && (smtp.getReceivedMessages().length < 4 || hooks.size() < 2); i++) {
      Thread.sleep(25);
    }

    MimeMessage[] mails = smtp.getReceivedMessages();
    assertThat(mails).as("a message per recipient, for the halt and for the resume").hasSize(4);
    List<String> subjects = new ArrayList<>();
    for (MimeMessage mail : mails) {
      subjects.add(mail.getSubject());
      if (mail.getSubject().contains("HALTED")) {
        assertThat(mail.getHeader("X-Alchemiser-Trading")[0]).isEqualTo("halted");
        assertThat(GreenMailUtil.getBody(mail)).contains("halted at " + halted.at()).contains("alchemiser trading resume")
            .contains("Changed by: API from 127.0.0.1:4711 (test)");
      }
    }
    assertThat(subjects).containsExactlyInAnyOrder("Alchemiser: Trading HALTED: data vendor outage",
        "Alchemiser: Trading HALTED: data vendor outage", "Alchemiser: Trading resumed", "Alchemiser: Trading resumed");
    assertThat(hooks).extracting(h -> h.getString("event")).containsExactly("TradingHalted", "TradingResumed");
    assertThat(hooks.get(0).getString("text")).isEqualTo("Trading HALTED: data vendor outage");
    assertThat(hooks.get(0).getJsonObject("trading").getString("changedAt")).isEqualTo(halted.at().toString());
    assertThat(hooks.get(0).getJsonObject("trading").getBoolean("halted")).isTrue();
    assertThat(hooks.get(0).getJsonObject("trading").getString("changedBy")).isEqualTo("API from 127.0.0.1:4711 (test)");
    assertThat(deliveries.get(0)).isEqualTo("trading/" + halted.at());
    assertThat(signed).containsOnly("ok");
    assertThat(counted("email", "sent")).isEqualTo(2);

    // Whatever else reaches the address is refused, and tells no one.
    Throwable refused = vertx.eventBus().request(Addresses.TRADING_HALT_NOTICES, new JsonObject().put("halted", "maybe"))
        .transform(r -> io.vertx.core.Future.succeededFuture(r.cause())).await();
    assertThat(refused).isInstanceOf(io.vertx.core.eventbus.ReplyException.class).hasMessageContaining("'halted' must be true or false");
    Thread.sleep(200);
    assertThat(smtp.getReceivedMessages()).hasSize(4);
  }

  @Test
  void haltNoticesCanBeTurnedOff(Vertx vertx) {
    deploy(vertx, config(new JsonObject().put("tradingHalts", false)
        .put("webhook", new JsonObject().put("url", "http://127.0.0.1:9/hooks"))));
    Throwable unheard = vertx.eventBus().request(Addresses.TRADING_HALT_NOTICES, io.alchemiser.shared.halt.TradingHalt.NONE.toJson())
        .transform(r -> io.vertx.core.Future.succeededFuture(r.cause())).await();
    assertThat(((io.vertx.core.eventbus.ReplyException) unheard).failureType()).isEqualTo(io.vertx.core.eventbus.ReplyFailure.NO_HANDLERS);
  }

  @Test
  void aChannelThatKeepsFailingIsCountedAndLoggedNotRetriedForever(Vertx vertx) throws Exception {
    fakeOrchestrator(vertx, record("hook-2", WorkflowStatus.COMPLETED));
    AtomicInteger calls = new AtomicInteger();
    HttpServer receiver = vertx.createHttpServer().requestHandler(request -> {
      calls.incrementAndGet();
      request.response().setStatusCode(500).end();
    }).listen(0, "127.0.0.1").await();
    deploy(vertx, config(new JsonObject().put("webhook", new JsonObject().put("url", "http://127.0.0.1:" + receiver.actualPort()))));
    finish(vertx, "hook-2", true);
    for (int i = 0; i < 100 && counted("webhook", "failed") == 0; i++) {
      Thread.sleep(50);
    }
    assertThat(counted("webhook", "failed")).isEqualTo(1);
    assertThat(calls.get()).isEqualTo(4);
  }

  @Test
  void withoutChannelsNothingIsDeployedAndBadSettingsNameTheirKey() {
    PluginContext defaults = new PluginContext(ConfigLoader.bundledDefaults(), Path.of("."), AlchemiserMetrics.NOOP, "test");
    assertThat(new NotificationsPlugin().verticles(defaults)).singleElement().isInstanceOf(LogNotifierVerticle.class);

    JsonObject bad = new JsonObject().put("notifications", new JsonObject()
        .put("email", new JsonObject().put("host", "smtp.example.com").put("from", "a@b.co").put("to", "not-an-address")));
    assertThatThrownBy(() -> new NotificationsPlugin().verticles(new PluginContext(bad, Path.of("."), AlchemiserMetrics.NOOP, "t")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("notifications.email.to").hasMessageContaining("not-an-address");
    JsonObject noPassword = new JsonObject().put("notifications", new JsonObject()
        .put("email", new JsonObject().put("host", "smtp.example.com").put("from", "a@b.co").put("to", "c@d.co").put("user", "u")));
    assertThatThrownBy(() -> new NotificationsPlugin().verticles(new PluginContext(noPassword, Path.of("."), AlchemiserMetrics.NOOP, "t")))
        .hasMessageContaining("notifications.email.password");
    // Recipients without a server (or a secret without a URL) are a setting forgotten, not the channel turned off.
    JsonObject noHost = new JsonObject().put("notifications", new JsonObject().put("email", new JsonObject().put("to", "c@d.co")));
    assertThatThrownBy(() -> new NotificationsPlugin().verticles(new PluginContext(noHost, Path.of("."), AlchemiserMetrics.NOOP, "t")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("notifications.email.host").hasMessageContaining("notifications.email.to is set");
    JsonObject noUrl = new JsonObject().put("notifications", new JsonObject().put("webhook", new JsonObject().put("secret", "s3cret-value")));
    assertThatThrownBy(() -> new NotificationsPlugin().verticles(new PluginContext(noUrl, Path.of("."), AlchemiserMetrics.NOOP, "t")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("notifications.webhook.url").hasMessageNotContaining("s3cret-value");
    JsonObject badUrl = new JsonObject().put("notifications", new JsonObject().put("webhook", new JsonObject().put("url", "ftp://x")));
    assertThatThrownBy(() -> new NotificationsPlugin().verticles(new PluginContext(badUrl, Path.of("."), AlchemiserMetrics.NOOP, "t")))
        .hasMessageContaining("notifications.webhook.url");
    assertThat(new NotificationSettings.EmailSettings("h", 25, "none", "u", "pw-123", "a@b.c", List.of()).toString()).doesNotContain("pw-123");
  }

  private static String hmac(String secret, String text) {
    try {
      javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
      mac.init(new javax.crypto.spec.SecretKeySpec(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8), "HmacSHA256"));
      return java.util.HexFormat.of().formatHex(mac.doFinal(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
