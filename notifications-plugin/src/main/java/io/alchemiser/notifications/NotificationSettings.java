package io.alchemiser.notifications;

import io.alchemiser.shared.config.ConfigException;
import io.alchemiser.shared.config.ConfigReader;
import io.alchemiser.shared.event.EventType;
import io.alchemiser.shared.config.RetryPolicy;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** The {@code notifications:} config section. A channel without its address is simply off. */
record NotificationSettings(boolean log, Set<String> events, boolean tradingHalts, EmailSettings email, WebhookSettings webhook, RetryPolicy retry,
                            Duration shutdownGrace) {
  private static final Pattern ADDRESS = Pattern.compile("[^@\\s<>,;]+@[^@\\s<>,;]+\\.[^@\\s<>,;]+");
  static final RetryPolicy DEFAULT_RETRY = new RetryPolicy(5, Duration.ofMillis(500), 2, Duration.ofSeconds(30));

  record EmailSettings(String host, int port, String tls, String user, String password, String from, List<String> to) {
    @Override
    public String toString() {
      return "EmailSettings[host=" + host + ", port=" + port + ", tls=" + tls + ", from=" + from + ", to=" + to + "]";
    }
  }

  record WebhookSettings(URI url, String secret) {
    @Override
    public String toString() {
      return "WebhookSettings[url=" + url.getScheme() + "://" + url.getHost() + "]";
    }
  }

  static NotificationSettings from(ConfigReader section) {
    Set<String> events = new LinkedHashSet<>();
    for (String name : section.stringList("on", List.of("WorkflowCompleted", "WorkflowFailed"))) {
      if (EventType.fromWireName(name).isEmpty()) {
        throw new ConfigException(section.key("on"), "'" + name + "' is not an event type");
      }
      events.add(name);
    }
    return new NotificationSettings(section.bool("log", true), Set.copyOf(events), section.bool("tradingHalts", true), email(section.section("email")),
        webhook(section.section("webhook")), RetryPolicy.from(section.section("retry"), DEFAULT_RETRY),
        Duration.ofSeconds(section.positiveLong("shutdownGraceSeconds", 10)));
  }

  private static EmailSettings email(ConfigReader email) {
    String host = email.string("host", null);
    if (host == null) {
      // Email is off without a server; any other email setting without one is a server forgotten, not email turned off.
      if (!email.raw().isEmpty()) {
        String set = email.raw().fieldNames().iterator().next();
        throw new ConfigException(email.key("host"), "is required when email is set up (" + email.key(set)
            + " is set): the SMTP server to send through (env ALCHEMISER_SMTP_HOST); without it no email is sent");
      }
      return null;
    }
    String tls = email.oneOf("tls", "starttls", Set.of("none", "starttls", "tls"));
    int port = email.positiveInt("port", tls.equals("tls") ? 465 : 587);
    if (port > 65535) {
      throw new ConfigException(email.key("port"), "must be at most 65535, was " + port);
    }
    String from = email.requiredString("from");
    check(email, "from", from);
    List<String> to = email.stringList("to", List.of());
    if (to.isEmpty()) {
      throw new ConfigException(email.key("to"), "names no recipient (env ALCHEMISER_EMAIL_TO, comma-separated)");
    }
    to.forEach(address -> check(email, "to", address));
    String user = email.string("user", null);
    String password = email.string("password", null);
    if (user != null && password == null) {
      throw new ConfigException(email.key("password"), "is required when a user is set (env ALCHEMISER_SMTP_PASSWORD)");
    }
    return new EmailSettings(host, port, tls, user, password, from, to);
  }

  private static void check(ConfigReader email, String key, String address) {
    if (!ADDRESS.matcher(address).matches()) {
      throw new ConfigException(email.key(key), "'" + address + "' is not an email address");
    }
  }

  private static WebhookSettings webhook(ConfigReader webhook) {
    URI uri = webhook.httpUrl("url", null);
    if (uri == null && webhook.has("secret")) {
      throw new ConfigException(webhook.key("url"), "is required when a webhook secret is set (env ALCHEMISER_WEBHOOK_URL); "
          + "without it no webhook is sent");
    }
    return uri == null ? null : new WebhookSettings(uri, webhook.string("secret", null));
  }

}
