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
      verticles.add(new NotificationVerticle(settings, context.metrics(), List.copyOf(channels)));
    }
    return verticles;
  }
}
