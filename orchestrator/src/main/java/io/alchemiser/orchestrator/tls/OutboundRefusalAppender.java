package io.alchemiser.orchestrator.tls;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.AppenderBase;

/**
 * Counts the event bus's failed connections to peers that do not pass our TLS handshake (a stranger
 * that registered a consumer, say): Vert.x reports them only in its log, so this appender on the
 * clustered event bus's logger turns that report into {@link BusRefusals#outbound()}.
 */
public final class OutboundRefusalAppender extends AppenderBase<ILoggingEvent> {
  @Override
  protected void append(ILoggingEvent event) {
    for (IThrowableProxy cause = event.getThrowableProxy(); cause != null; cause = cause.getCause()) {
      if (cause.getClassName().startsWith("javax.net.ssl.") || cause.getClassName().contains("SslHandshake")
          || cause.getClassName().contains("NotSslRecordException")) {
        BusRefusals.outbound();
        return;
      }
    }
  }
}
