package io.alchemiser.orchestrator.membership;

import io.alchemiser.orchestrator.tls.BusRefusals;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.jgroups.util.DefaultSocketFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sockets of the cluster's membership traffic (JGroups: transport, discovery, failure detection):
 * TLS 1.3 both ways, and a peer is accepted only when it shows a certificate from the cluster's CA.
 * The handshake of an accepted connection is finished before JGroups sees the connection, so a
 * stranger is refused, logged and counted here ({@link BusRefusals#membership}) and never reaches it.
 * Peers' names are not checked against their certificates: a certificate of the cluster's CA is
 * what makes a node one of ours, as on the event bus.
 */
final class TlsSockets extends DefaultSocketFactory {
  private static final Logger LOG = LoggerFactory.getLogger(TlsSockets.class);
  /** Longest a connection may take to finish its handshake. */
  private static final int HANDSHAKE_TIMEOUT_MS = 5_000;

  TlsSockets(SSLContext context) {
    super(context);
  }

  @Override
  public ServerSocket createServerSocket(String serviceName) throws IOException {
    return new HandshakingServerSocket((SSLServerSocket) super.createServerSocket(serviceName));
  }

  @Override
  public ServerSocket createServerSocket(String serviceName, int port) throws IOException {
    return new HandshakingServerSocket((SSLServerSocket) super.createServerSocket(serviceName, port));
  }

  @Override
  public ServerSocket createServerSocket(String serviceName, int port, int backlog) throws IOException {
    return new HandshakingServerSocket((SSLServerSocket) super.createServerSocket(serviceName, port, backlog));
  }

  @Override
  public ServerSocket createServerSocket(String serviceName, int port, int backlog, InetAddress bindAddress) throws IOException {
    return new HandshakingServerSocket((SSLServerSocket) super.createServerSocket(serviceName, port, backlog, bindAddress));
  }

  /**
   * A TLS server socket whose {@link #accept()} returns only connections that passed the handshake.
   * Handshakes run on their own threads (a few at once, more are refused), so a stranger that
   * connects and says nothing holds up no one else's connection.
   */
  private static final class HandshakingServerSocket extends ServerSocket {
    private static final int HANDSHAKES_AT_ONCE = 16;
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final SSLServerSocket delegate;
    /** Connections that passed, and the error that ended accepting (the socket was closed). */
    private final BlockingQueue<Object> accepted = new LinkedBlockingQueue<>();
    private final ExecutorService handshakes = new ThreadPoolExecutor(0, HANDSHAKES_AT_ONCE, 30, TimeUnit.SECONDS,
        new SynchronousQueue<>(), runnable -> daemon(runnable, "membership-tls-handshake-" + THREADS.incrementAndGet()));
    private Thread acceptor;
    private volatile int acceptTimeout;

    HandshakingServerSocket(SSLServerSocket delegate) throws IOException {
      this.delegate = delegate;
      delegate.setNeedClientAuth(true);
      delegate.setEnabledProtocols(new String[] {"TLSv1.3"});
      if (delegate.isBound()) {
        startAccepting();
      }
    }

    /** Accepting starts once bound, whether or not anyone asks for a connection yet. */
    private synchronized void startAccepting() {
      if (acceptor == null) {
        acceptor = daemon(this::acceptAll, "membership-tls-accept");
        acceptor.start();
      }
    }

    private static Thread daemon(Runnable runnable, String name) {
      Thread thread = new Thread(runnable, name);
      thread.setDaemon(true);
      return thread;
    }

    @Override
    public Socket accept() throws IOException {
      Object next;
      try {
        int timeout = acceptTimeout;
        next = timeout > 0 ? accepted.poll(timeout, TimeUnit.MILLISECONDS) : accepted.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new java.io.InterruptedIOException("interrupted while accepting");
      }
      if (next == null) {
        throw new java.net.SocketTimeoutException("Accept timed out");
      }
      if (next instanceof IOException ended) {
        accepted.add(ended);  // every later accept fails the same way
        throw ended;
      }
      return (Socket) next;
    }

    private void acceptAll() {
      while (true) {
        SSLSocket socket;
        try {
          socket = (SSLSocket) delegate.accept();
        } catch (IOException e) {
          handshakes.shutdown();
          accepted.add(e);
          return;
        }
        try {
          handshakes.execute(() -> handshake(socket));
        } catch (java.util.concurrent.RejectedExecutionException busy) {
          BusRefusals.membership(String.valueOf(socket.getRemoteSocketAddress()), HANDSHAKES_AT_ONCE + " handshakes already under way");
          closeQuietly(socket);
        }
      }
    }

    private void handshake(SSLSocket socket) {
      try {
        int timeout = socket.getSoTimeout();
        socket.setSoTimeout(HANDSHAKE_TIMEOUT_MS);
        socket.startHandshake();
        socket.setSoTimeout(timeout);
        accepted.add(socket);
      } catch (IOException e) {
        refused(socket, e);
        closeQuietly(socket);
      }
    }

    private static void closeQuietly(Socket socket) {
      try {
        socket.close();
      } catch (IOException e) {
        // Already gone.
      }
    }

    private static void refused(SSLSocket socket, IOException e) {
      if (closedBeforeSpeaking(e)) {
        // A connection that said nothing (a port check, a member's reachability test): no stranger to report.
        LOG.debug("membership: {} closed its connection before the handshake", socket.getRemoteSocketAddress());
      } else {
        BusRefusals.membership(String.valueOf(socket.getRemoteSocketAddress()), e.getMessage());
      }
    }

    private static boolean closedBeforeSpeaking(IOException e) {
      for (Throwable cause = e; cause != null; cause = cause.getCause()) {
        if (cause instanceof EOFException || String.valueOf(cause.getMessage()).contains("terminated the handshake")) {
          return true;
        }
      }
      return false;
    }

    @Override
    public void bind(SocketAddress endpoint) throws IOException {
      delegate.bind(endpoint);
      startAccepting();
    }

    @Override
    public void bind(SocketAddress endpoint, int backlog) throws IOException {
      delegate.bind(endpoint, backlog);
      startAccepting();
    }

    @Override
    public InetAddress getInetAddress() {
      return delegate.getInetAddress();
    }

    @Override
    public int getLocalPort() {
      return delegate.getLocalPort();
    }

    @Override
    public SocketAddress getLocalSocketAddress() {
      return delegate.getLocalSocketAddress();
    }

    @Override
    public void close() throws IOException {
      delegate.close();
    }

    @Override
    public boolean isBound() {
      return delegate.isBound();
    }

    @Override
    public boolean isClosed() {
      return delegate.isClosed();
    }

    @Override
    public void setSoTimeout(int timeout) {
      acceptTimeout = timeout;
    }

    @Override
    public int getSoTimeout() {
      return acceptTimeout;
    }

    @Override
    public void setReuseAddress(boolean on) throws java.net.SocketException {
      delegate.setReuseAddress(on);
    }

    @Override
    public boolean getReuseAddress() throws java.net.SocketException {
      return delegate.getReuseAddress();
    }

    @Override
    public synchronized void setReceiveBufferSize(int size) throws java.net.SocketException {
      delegate.setReceiveBufferSize(size);
    }

    @Override
    public synchronized int getReceiveBufferSize() throws java.net.SocketException {
      return delegate.getReceiveBufferSize();
    }

    @Override
    public void setPerformancePreferences(int connectionTime, int latency, int bandwidth) {
      delegate.setPerformancePreferences(connectionTime, latency, bandwidth);
    }

    @Override
    public <T> ServerSocket setOption(SocketOption<T> name, T value) throws IOException {
      delegate.setOption(name, value);
      return this;
    }

    @Override
    public <T> T getOption(SocketOption<T> name) throws IOException {
      return delegate.getOption(name);
    }

    @Override
    public Set<SocketOption<?>> supportedOptions() {
      return delegate.supportedOptions();
    }

    @Override
    public String toString() {
      return "TLS " + delegate;
    }
  }
}
