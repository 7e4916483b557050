package io.alchemiser.notifications;

import io.alchemiser.shared.client.WorkflowRecord;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.mail.LoginOption;
import io.vertx.ext.mail.MailClient;
import io.vertx.ext.mail.MailConfig;
import io.vertx.ext.mail.MailMessage;
import io.vertx.ext.mail.StartTLSOptions;

/** An email with a plain-text and an HTML part, over SMTP (none, STARTTLS or implicit TLS). */
final class EmailNotifier implements Notifier {
  private final NotificationSettings.EmailSettings settings;
  private final MailClient client;

  EmailNotifier(Vertx vertx, NotificationSettings.EmailSettings settings) {
    this.settings = settings;
    MailConfig config = new MailConfig()
        .setHostname(settings.host())
        .setPort(settings.port())
        .setSsl(settings.tls().equals("tls"))
        .setStarttls(settings.tls().equals("starttls") ? StartTLSOptions.REQUIRED : StartTLSOptions.DISABLED)
        .setLogin(settings.user() == null ? LoginOption.DISABLED : LoginOption.REQUIRED)
        .setKeepAlive(false);
    if (settings.user() != null) {
      config.setUsername(settings.user()).setPassword(settings.password());
    }
    this.client = MailClient.createShared(vertx, config, "alchemiser-notifications");
  }

  @Override
  public String channel() {
    return "email";
  }

  @Override
  public Future<Void> send(WorkflowRecord record, String eventType) {
    WorkflowSummary summary = new WorkflowSummary(record, eventType);
    MailMessage message = new MailMessage()
        .setFrom(settings.from())
        .setTo(settings.to())
        .setSubject(summary.subject())
        .setText(summary.text())
        .setHtml(summary.html());
    message.addHeader("X-Alchemiser-Correlation-Id", record.correlationId());
    return client.sendMail(message).mapEmpty();
  }

  @Override
  public Future<Void> send(HaltSummary halt) {
    MailMessage message = new MailMessage().setFrom(settings.from()).setTo(settings.to()).setSubject(halt.subject()).setText(halt.text());
    message.addHeader("X-Alchemiser-Trading", halt.state().halted() ? "halted" : "resumed");
    return client.sendMail(message).mapEmpty();
  }

  @Override
  public boolean retryable(Throwable failure) {
    // Connection trouble and 4xx answers pass; a 5xx SMTP answer (bad address, refused) will not.
    String message = String.valueOf(failure.getMessage());
    return !message.matches("(?s).*\\b5\\d\\d[ -].*");
  }
}
