package io.alchemiser.notifications;

import io.alchemiser.shared.plugin.AlchemiserPlugin;
import io.alchemiser.shared.event.EventType;
import io.alchemiser.shared.plugin.PluginContext;
import io.vertx.core.Deployable;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The notifications module: tells people how each workflow ended, by log line, email and webhook,
 * whichever are configured. An observer; it handles no event.
 */
public final class NotificationsPlugin implements AlchemiserPlugin {
  public static final String NAME = "notifications";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Set<EventType> handles() {
    return Set.of();
  }

  @Override
  public List<Deployable> verticles(PluginContext context) {
    NotificationSettings settings = NotificationSettings.from(context.section(NAME));
    List<Deployable> verticles = new ArrayList<>();
    if (settings.log()) {
      verticles.add(new LogNotifierVerticle(context.metrics()));
    }
    List<NotificationVerticle.NotifierFactory> channels = new ArrayList<>();
    if (settings.email() != null) {
      channels.add(vertx -> new EmailNotifier(vertx, settings.email()));
    }
    if (settings.webhook() != null) {
      channels.add(vertx -> new WebhookNotifier(vertx, settings.webhook()));
    }
    if (!channels.isEmpty()) {
      verticles.add(new NotificationVerticle(settings, context.metrics(), List.copyOf(channels), context.nodeId()));
    }
    return verticles;
  }

  @Override
  public List<io.alchemiser.shared.config.ConfigKey> configKeys() {
    List<io.alchemiser.shared.config.ConfigKey> keys = new java.util.ArrayList<>(io.alchemiser.shared.config.ConfigKey.under(NAME,
        "log", "on", "tradingHalts", "shutdownGraceSeconds", "email.host", "email.port", "email.tls", "email.from", "email.to", "email.user"));
    keys.add(io.alchemiser.shared.config.ConfigKey.secret(NAME + ".email.password"));
    // A webhook URL often carries its own token.
    keys.add(io.alchemiser.shared.config.ConfigKey.secret(NAME + ".webhook.url"));
    keys.add(io.alchemiser.shared.config.ConfigKey.secret(NAME + ".webhook.secret"));
    keys.addAll(io.alchemiser.shared.config.ConfigKey.retry(NAME + ".retry"));
    return keys;
  }

  @Override
  public void checkConfig(io.alchemiser.shared.config.ConfigReader root, java.nio.file.Path dataDir) {
    NotificationSettings.from(root.section(NAME));
  }
}
