package io.alchemiser.orchestrator.tls;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Whether what listens on an address can be reached from other hosts: that decides whether TLS is required. */
public final class Loopback {
  private Loopback() {
  }

  /** True for a loopback address or a name that resolves to one; a name that does not resolve is not. */
  public static boolean is(String host) {
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
