package io.alchemiser.notifications;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.alchemiser.shared.json.Json;
import io.alchemiser.shared.client.WorkflowRecord;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A JSON POST: Slack's {@code text} field, so a Slack incoming webhook shows it as is, plus the
 * structured result ({@code workflow}: the shape of {@code run --json}). Each delivery names itself
 * ({@code X-Alchemiser-Delivery: <correlation id>/<event>}, or {@code trading/<when>} for a halt or a
 * resume of trading, the same on every retry, so a receiver
 * can drop a retry it already has) and says when it was sent ({@code X-Alchemiser-Timestamp}, Unix
 * seconds). With a secret, the body is signed: {@code X-Alchemiser-Signature: sha256=<HMAC-SHA256 of
 * the body, hex>}, and with its timestamp, {@code X-Alchemiser-Timestamped-Signature: sha256=<HMAC-SHA256
 * of "<timestamp>.<body>">}, so a receiver that checks the timestamp's age refuses a delivery
 * captured and replayed later. The secret itself is never sent.
 */
final class WebhookNotifier implements Notifier {
  static final String SIGNATURE_HEADER = "X-Alchemiser-Signature";
  static final String TIMESTAMPED_SIGNATURE_HEADER = "X-Alchemiser-Timestamped-Signature";
  static final String TIMESTAMP_HEADER = "X-Alchemiser-Timestamp";
  static final String DELIVERY_HEADER = "X-Alchemiser-Delivery";

  private final NotificationSettings.WebhookSettings settings;
  private final WebClient client;

  WebhookNotifier(Vertx vertx, NotificationSettings.WebhookSettings settings) {
    this.settings = settings;
    this.client = WebClient.create(vertx, new WebClientOptions().setConnectTimeout(10_000).setUserAgent("alchemiser"));
  }

  @Override
  public String channel() {
    return "webhook";
  }

  @Override
  public Future<Void> send(WorkflowRecord record, String eventType) {
    WorkflowSummary summary = new WorkflowSummary(record, eventType);
    ObjectNode body = Json.MAPPER.createObjectNode();
    body.put("text", summary.chatText());
    body.put("event", eventType);
    body.put("status", summary.status());
    body.set("workflow", record.toResultJson(Instant.now()));
    return post(body, record.correlationId() + "/" + eventType);
  }

  /** {@code text} for Slack, {@code event} TradingHalted or TradingResumed, {@code trading} the state. */
  @Override
  public Future<Void> send(HaltSummary halt) {
    ObjectNode body = Json.MAPPER.createObjectNode();
    body.put("text", halt.chatText());
    body.put("event", halt.event());
    ObjectNode trading = body.putObject("trading");
    trading.put("halted", halt.state().halted());
    trading.put("reason", halt.state().reason());
    trading.put("changedAt", halt.state().at().toString());
    trading.put("changedBy", halt.state().by());
    return post(body, "trading/" + halt.state().at());
  }

  private Future<Void> post(ObjectNode body, String deliveryId) {
    Buffer bytes = Json.toBuffer(body);
    URI url = settings.url();
    int port = url.getPort() != -1 ? url.getPort() : ("https".equals(url.getScheme()) ? 443 : 80);
    String path = (url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath())
        + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
    HttpRequest<Buffer> request = client.post(port, url.getHost(), path).ssl("https".equals(url.getScheme()))
        .timeout(15_000).putHeader("content-type", "application/json");
    String timestamp = Long.toString(Instant.now().getEpochSecond());
    request.putHeader(DELIVERY_HEADER, deliveryId).putHeader(TIMESTAMP_HEADER, timestamp);
    if (settings.secret() != null) {
      request.putHeader(SIGNATURE_HEADER, "sha256=" + sign(bytes.getBytes(), settings.secret()));
      request.putHeader(TIMESTAMPED_SIGNATURE_HEADER, "sha256=" + sign(Buffer.buffer(timestamp + ".").appendBuffer(bytes).getBytes(), settings.secret()));
    }
    return request.sendBuffer(bytes).compose(response -> response.statusCode() / 100 == 2 ? Future.<Void>succeededFuture()
        : Future.failedFuture(new WebhookRefused(response.statusCode())));
  }

  static String sign(byte[] body, String secret) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JVM", e);
    }
  }

  @Override
  public boolean retryable(Throwable failure) {
    return !(failure instanceof WebhookRefused refused) || refused.status == 429 || refused.status >= 500;
  }

  static final class WebhookRefused extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;

    WebhookRefused(int status) {
      super("the webhook answered HTTP " + status, null, false, false);
      this.status = status;
    }
  }
}
