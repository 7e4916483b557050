package io.alchemiser.orchestrator.membership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.alchemiser.orchestrator.tls.BusRefusals;
import io.alchemiser.orchestrator.tls.CertificateAuthority;
import io.alchemiser.orchestrator.tls.MutualTls;
import io.alchemiser.orchestrator.tls.TlsFiles;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The membership's sockets on 127.0.0.1: a node of the cluster's CA talks to another both ways; a
 * client without a certificate, one of another CA, and one that speaks no TLS are refused and counted,
 * and one that connects and says nothing holds up nobody else.
 */
class TlsSocketsTest {
  private SimpleMeterRegistry meters;
  private ServerSocket server;
  private TlsSockets ours;
  private SSLContext foreign;

  @BeforeEach
  void setUp() throws Exception {
    Path dir = Files.createTempDirectory("alchemiser-membership-tls");
    CertificateAuthority ca = CertificateAuthority.init(dir.resolve("ca"), "cluster CA", Duration.ofDays(1));
    Path[] a = ca.issue(dir.resolve("ca"), "node-a", List.of("127.0.0.1"), Duration.ofDays(1));
    ours = new TlsSockets(MutualTls.context(new TlsFiles(a[0], a[1], dir.resolve("ca").resolve(CertificateAuthority.CA_CERT))));
    CertificateAuthority other = CertificateAuthority.init(dir.resolve("other"), "someone else's CA", Duration.ofDays(1));
    Path[] s = other.issue(dir.resolve("other"), "stranger", List.of("127.0.0.1"), Duration.ofDays(1));
    foreign = MutualTls.context(new TlsFiles(s[0], s[1], dir.resolve("other").resolve(CertificateAuthority.CA_CERT)));
    meters = new SimpleMeterRegistry();
    BusRefusals.countInto(meters);
    server = ours.createServerSocket("test");
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
  }

  @AfterEach
  void tearDown() throws IOException {
    server.close();
  }

  private double refused() {
    return meters.get("alchemiser.bus.connections.refused").tag("direction", "membership").counter().count();
  }

  /** Accepts one connection and echoes one line back, off the test's thread. */
  private CompletableFuture<String> echoOnce() {
    return CompletableFuture.supplyAsync(() -> {
      try (Socket accepted = server.accept()) {
        byte[] line = accepted.getInputStream().readNBytes(5);
        accepted.getOutputStream().write(line);
        accepted.getOutputStream().flush();
        return new String(line, StandardCharsets.US_ASCII);
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    });
  }

  @Test
  void aNodeOfTheClustersCaIsAcceptedEvenWhileAStrangerSaysNothing() throws Exception {
    CompletableFuture<String> echoed = echoOnce();
    try (Socket silent = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
         Socket node = ours.createSocket("test", InetAddress.getLoopbackAddress(), server.getLocalPort())) {
      node.setSoTimeout(10_000);
      OutputStream out = node.getOutputStream();
      out.write("hello".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = node.getInputStream();
      assertThat(new String(in.readNBytes(5), StandardCharsets.US_ASCII)).isEqualTo("hello");
      assertThat(echoed.get(10, TimeUnit.SECONDS)).isEqualTo("hello");
      assertThat(silent.isConnected()).isTrue();
    }
    assertThat(refused()).isZero();
  }

  @Test
  void strangersAreRefusedAndCounted() throws Exception {
    // No TLS at all.
    try (Socket plain = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
      plain.getOutputStream().write("JGRP join request".getBytes(StandardCharsets.US_ASCII));
      plain.setSoTimeout(10_000);
      byte[] answer = plain.getInputStream().readAllBytes();
      // Nothing but a TLS alert record (type 21), then the connection is closed on it.
      assertThat(answer.length == 0 || answer[0] == 21).as("answered %d bytes", answer.length).isTrue();
    }
    // TLS with another CA's certificate: the handshake fails on both ends.
    try (Socket stranger = foreign.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
      stranger.setSoTimeout(10_000);
      assertThatThrownBy(() -> {
        stranger.getOutputStream().write(1);
        stranger.getInputStream().read();
      }).isInstanceOf(IOException.class);
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (refused() < 2 && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(refused()).isEqualTo(2);
    // A connection that only closes (a port check) is no stranger.
    new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort()).close();
    Thread.sleep(300);
    assertThat(refused()).isEqualTo(2);
  }
}
