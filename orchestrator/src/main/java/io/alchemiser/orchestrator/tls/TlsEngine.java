package io.alchemiser.orchestrator.tls;

import io.vertx.core.net.JdkSSLEngineOptions;
import io.vertx.core.net.OpenSSLEngineOptions;
import io.vertx.core.net.SSLEngineOptions;

/**
 * The TLS implementation of the ports we serve (the cluster bus, HTTPS): BoringSSL, bundled for
 * Linux, macOS and Windows on x86-64 and Linux/macOS on arm64, where it loads; the JDK's own engine
 * elsewhere. Measured on the cluster bus (bench, 3 JVMs): the JDK engine cost ~470 µs of CPU per
 * raw workflow against ~110 µs with BoringSSL, the TLS bus running at a fifth of the plain bus's rate.
 * Both speak the same TLS 1.3 with the same certificates: a node of either kind talks to the other.
 */
public final class TlsEngine {
  private TlsEngine() {
  }

  /** BoringSSL when its native library loads here, else the JDK's engine. */
  public static SSLEngineOptions preferred() {
    return OpenSSLEngineOptions.isAvailable() ? new OpenSSLEngineOptions() : new JdkSSLEngineOptions();
  }

  /** Which one {@link #preferred()} gives, for the log: an operator can tell why a node is slower. */
  public static String describe() {
    return OpenSSLEngineOptions.isAvailable() ? "BoringSSL" : "the JDK's TLS (BoringSSL did not load here)";
  }
}
