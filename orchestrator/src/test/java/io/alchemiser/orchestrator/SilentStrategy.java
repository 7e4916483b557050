package io.alchemiser.orchestrator;

import io.alchemiser.shared.bus.Addresses;
import io.alchemiser.shared.event.EventType;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

/** A strategy module that accepts every workflow and never answers: workflows hang until their timeout. */
final class SilentStrategy extends VerticleBase {
  @Override
  public Future<?> start() {
    return vertx.eventBus().consumer(EventType.WORKFLOW_STARTED.handlerAddress(), message -> message.reply(null)).completion();
  }

  static String address() {
    return Addresses.HANDLE_PREFIX + EventType.WORKFLOW_STARTED.wireName();
  }
}
