package io.alchemiser.notifications;

import io.alchemiser.shared.AlchemiserPlugin;
import io.alchemiser.shared.EventType;
import io.alchemiser.shared.PluginContext;
import io.vertx.core.Deployable;
import java.util.List;
import java.util.Set;

/** The notifications module: tells people how each workflow ended. An observer; it handles nothing. */
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
    boolean log = context.section(NAME).bool("log", true);
    return log ? List.of(new LogNotifierVerticle(context.metrics())) : List.of();
  }
}
