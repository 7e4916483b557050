package io.alchemiser.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.alchemiser.shared.json.Json;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code alchemiser run} with email and webhook configured through the environment, as an operator would. */
class NotificationsIT {
  private GreenMail smtp;
  private Vertx vertx;
  private Path work;

  @BeforeEach
  void setUp() throws Exception {
    smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
    smtp.start();
    vertx = Vertx.vertx();
    work = Files.createTempDirectory("alchemiser-notify");
  }

  @AfterEach
  void tearDown() {
    smtp.stop();
    vertx.close().await();
  }

  @Test
  void aRunSendsItsEmailAndWebhookBeforeItExits() throws Exception {
    List<JsonObject> hooks = new CopyOnWriteArrayList<>();
    HttpServer receiver = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
      hooks.add(body.toJsonObject());
      request.response().end();
    })).listen(0, "127.0.0.1").await();
    Map<String, String> env = new HashMap<>(Map.of(
        "ALCHEMISER_DATA_DIR", work.resolve("data").toString(),
        "ALCHEMISER_SMTP_HOST", "127.0.0.1",
        "ALCHEMISER_SMTP_PORT", Integer.toString(smtp.getSmtp().getPort()),
        "ALCHEMISER_SMTP_TLS", "none",
        "ALCHEMISER_EMAIL_FROM", "alchemiser@example.com",
        "ALCHEMISER_EMAIL_TO", "trader@example.com",
        "ALCHEMISER_WEBHOOK_URL", "http://127.0.0.1:" + receiver.actualPort() + "/hook",
        "ALCHEMISER_WEBHOOK_SECRET", "shh"));

    JarProcess.Result run = JarProcess.run(work, env, "run", "--json", "--correlation-id", "notify-1");

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    JsonNode result = Json.MAPPER.readTree(run.stdout());
    assertThat(result.get("completionStatus").asText()).isEqualTo("completed");
    MimeMessage[] mails = smtp.getReceivedMessages();
    assertThat(mails).hasSize(1);
    assertThat(mails[0].getSubject()).isEqualTo("[Alchemiser] Completed: workflow notify-1");
    assertThat(GreenMailUtil.getBody(mails[0])).contains("Trend momentum");
    assertThat(hooks).singleElement().satisfies(hook -> {
      assertThat(hook.getString("text")).contains("notify-1");
      assertThat(hook.getJsonObject("workflow").getString("correlationId")).isEqualTo("notify-1");
    });
    assertThat(run.stderr()).doesNotContain("shh");
  }

  @Test
  void aWebhookThatNeverAnswersDelaysNoWorkflow() throws Exception {
    HttpServer silent = vertx.createHttpServer().requestHandler(request -> { }).listen(0, "127.0.0.1").await();
    Map<String, String> env = Map.of("ALCHEMISER_DATA_DIR", work.resolve("data").toString(),
        "ALCHEMISER_WEBHOOK_URL", "http://127.0.0.1:" + silent.actualPort() + "/hook");
    JarProcess.Result run = JarProcess.run(work, env, "run", "--json");
    assertThat(run.exitCode()).as(run.stderr()).isZero();
    JsonNode result = Json.MAPPER.readTree(run.stdout());
    assertThat(result.get("success").asBoolean()).isTrue();
    assertThat(result.get("durationSeconds").decimalValue()).isLessThan(new java.math.BigDecimal("5"));
  }
}
