package io.alchemiser.orchestrator.app;

import com.hazelcast.config.Config;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.config.TcpIpConfig;
import com.hazelcast.config.XmlConfigBuilder;
import io.alchemiser.shared.config.ConfigException;
import io.alchemiser.shared.config.ConfigReader;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The {@code cluster:} settings (and {@code --cluster-*} options) over the membership config in
 * {@code config/cluster.xml} (bundled in the jar; {@code cluster.configFile} names another).
 *
 * <p>With nothing set, a node binds Hazelcast to 127.0.0.1 only, on the first free port from 5701,
 * and looks for members on 127.0.0.1 ports 5701–5720: every node started on one host finds the
 * others. The address a node binds is the address it announces, whatever other interfaces the host
 * has. A node whose own address is not among the members (a node of a multi-host cluster that
 * only joins) must find one within {@link #joinTimeout()}, or it does not start.
 */
public record ClusterSettings(String host, String bindAddress, Integer port, int busPort, List<String> members, boolean membersGiven,
                       String name, Path configFile, Duration joinTimeout, io.alchemiser.orchestrator.tls.TlsFiles tls, Manager managerGiven) {
  /** What keeps the cluster's membership and shared state. */
  public enum Manager {
    /** Infinispan over JGroups: its connections speak the bus's mutual TLS, so only our nodes are members. */
    INFINISPAN,
    /** Hazelcast (open-source edition): no TLS, anyone who reaches its port may join. */
    HAZELCAST
  }

  /** The cluster's name when none is given (the same as config/cluster.xml's). */
  static final String DEFAULT_NAME = "alchemiser";

  static final String BUNDLED = "alchemiser/cluster.xml";
  /** Ports a member without a port is looked for on: 5701 and the next 19, as {@code port-count} in cluster.xml. */
  static final int FIRST_PORT = 5701;
  static final int PORTS_TRIED = 20;
  /** How often a Hazelcast cluster looks for another of its name to merge with (first and next). */
  static final int MERGE_DELAY_SECONDS = 5;

  public static ClusterSettings from(ConfigReader root) {
    ConfigReader cluster = root.section("cluster");
    String portText = cluster.string("port", null);
    Integer port = null;
    if (portText != null) {
      if (!portText.matches("\\d{1,5}") || Integer.parseInt(portText) > 65535 || Integer.parseInt(portText) == 0) {
        throw new ConfigException(cluster.key("port"), "must be a port number from 1 to 65535, was '" + portText + "'");
      }
      port = Integer.parseInt(portText);
    }
    int busPort = 0;
    if (cluster.has("busPort")) {
      String text = cluster.string("busPort", "0");
      if (!text.matches("\\d{1,5}") || Integer.parseInt(text) > 65535) {
        throw new ConfigException(cluster.key("busPort"), "must be a port number from 0 (a free one) to 65535, was '" + text + "'");
      }
      busPort = Integer.parseInt(text);
    }
    String host = cluster.string("host", "127.0.0.1");
    String bindAddress;
    try {
      bindAddress = InetAddress.getByName(host).getHostAddress();
    } catch (UnknownHostException e) {
      throw new ConfigException(cluster.key("host"), "'" + host + "' is not an address of this host, nor a name that resolves");
    }
    List<String> members = cluster.stringList("members", List.of());
    for (String member : members) {
      if (!member.matches("[A-Za-z0-9.\\-]+(:\\d{1,5})?|\\[[0-9A-Fa-f:]+\\](:\\d{1,5})?")) {
        throw new ConfigException(cluster.key("members"), "'" + member + "' is not host or host:port");
      }
    }
    String file = cluster.string("configFile", null);
    if (file != null && !Files.isRegularFile(Path.of(file))) {
      throw new ConfigException(cluster.key("configFile"), "no such file: " + file);
    }
    long joinSeconds = cluster.has("joinTimeoutSeconds") ? cluster.positiveLong("joinTimeoutSeconds", 1) : 20;
    String managerText = cluster.string("manager", null);
    Manager manager = null;
    if (managerText != null) {
      try {
        manager = Manager.valueOf(managerText.trim().toUpperCase(java.util.Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new ConfigException(cluster.key("manager"), "must be 'infinispan' or 'hazelcast', was '" + managerText + "'");
      }
    }
    boolean given = !members.isEmpty();
    // Nothing said: the members are this node's own host, any port of the range.
    return new ClusterSettings(host, bindAddress, port, busPort, given ? members : List.of(bindAddress), given, cluster.string("name", null),
        file == null ? null : Path.of(file), Duration.ofSeconds(joinSeconds), io.alchemiser.orchestrator.tls.TlsFiles.from(cluster.section("tls"), true),
        manager);
  }

  /**
   * The manager this node runs: the one given, else Infinispan when the cluster has TLS (its membership
   * then speaks the same mutual TLS as the bus) and Hazelcast when it has none.
   */
  public Manager manager() {
    return managerGiven != null ? managerGiven : tls != null ? Manager.INFINISPAN : Manager.HAZELCAST;
  }

  /** The same cluster with mutual TLS on the event bus over these files (the bench and the demo make their own). */
  public ClusterSettings withTls(io.alchemiser.orchestrator.tls.TlsFiles files) {
    return new ClusterSettings(host, bindAddress, port, busPort, members, membersGiven, name, configFile, joinTimeout, files, managerGiven);
  }

  /**
   * A port set for this node that it cannot bind (another process holds it), named before the membership
   * starts: Hazelcast and Vert.x would fail on it with stack traces of their own.
   */
  void checkPortsFree() {
    checkFree("cluster.port", port, "--cluster-port; unset: the first free one from " + FIRST_PORT);
    if (busPort != 0) {
      checkFree("cluster.busPort", busPort, "0: a free one");
    }
  }

  private void checkFree(String key, Integer wanted, String choices) {
    if (wanted == null) {
      return;
    }
    try (java.net.ServerSocket socket = new java.net.ServerSocket()) {
      // As the membership binds it: a port left in TIME_WAIT by a node that just stopped is free.
      socket.setReuseAddress(true);
      socket.bind(new java.net.InetSocketAddress(bindAddress, wanted));
    } catch (java.net.BindException e) {
      throw new ConfigException(key, host + ":" + wanted + " is in use by another process (another node on this host?); choose another port ("
          + choices + ")");
    } catch (IOException e) {
      throw new ConfigException(key, "cannot bind " + host + ":" + wanted + ": " + e.getMessage());
    }
  }

  /** Whether the node binds a loopback address only, so that no other host can reach its ports. */
  public boolean loopbackOnly() {
    return io.alchemiser.orchestrator.tls.Loopback.is(bindAddress);
  }

  /**
   * Off loopback, the event bus only with mutual TLS: without it anyone who reaches the bus port can
   * place orders. Runs without only when the operator says {@code insecureAllowed} ({@code --insecure-cluster}).
   */
  public void requireSecure(boolean insecureAllowed) {
    if (configFile != null && manager() == Manager.INFINISPAN) {
      throw new ConfigException("cluster.configFile", configFile + " is Hazelcast's config, and this node's membership runs on Infinispan "
          + "(the cluster has TLS, or cluster.manager says so): remove cluster.configFile, or set cluster.manager: hazelcast");
    }
    if (tls == null && !insecureAllowed && !loopbackOnly()) {
      throw new ConfigException("cluster.tls", "this node binds " + host + ", which other hosts can reach, and its event bus has no TLS: "
          + "anyone who reaches the bus port could send orders. Make the cluster's certificates with 'alchemiser certs init DIR' and "
          + "'alchemiser certs node DIR NAME --host " + host + "', set cluster.tls.cert, cluster.tls.key and cluster.tls.ca "
          + "(ALCHEMISER_CLUSTER_TLS_CERT/_KEY/_CA) on every node, or pass --insecure-cluster to run without");
    }
    if (manager() == Manager.HAZELCAST && tls != null && !insecureAllowed && !loopbackOnly()) {
      throw new ConfigException("cluster.manager", "this node binds " + host + ", which other hosts can reach, and Hazelcast's own "
          + "traffic has neither TLS nor authentication: anyone who reaches its port could join and change the cluster's shared state "
          + "(account leases, workflow claims). Leave cluster.manager unset (Infinispan, over the same TLS as the bus) or pass "
          + "--insecure-cluster to run Hazelcast anyway");
    }
  }

  /** The Infinispan membership of this node: JGroups over TCP on this node's address, with the bus's TLS when there is one. */
  io.alchemiser.orchestrator.membership.InfinispanMembership infinispan() throws Exception {
    List<String[]> places = parsedMembers().stream().map(m -> new String[] {m.host(), m.port() == null ? null : m.port().toString()}).toList();
    return io.alchemiser.orchestrator.membership.InfinispanMembership.create(bindAddress, port, FIRST_PORT, PORTS_TRIED, places,
        name != null ? name : DEFAULT_NAME, tls);
  }

  /** The Hazelcast config: the XML, then these settings over it. */
  Config hazelcast() {
    Config config;
    try (InputStream in = configFile != null ? Files.newInputStream(configFile)
        : ClusterSettings.class.getClassLoader().getResourceAsStream(BUNDLED)) {
      if (in == null) {
        throw new ConfigException("cluster.configFile", BUNDLED + " is not in the jar");
      }
      config = new XmlConfigBuilder(in).build();
    } catch (IOException | RuntimeException e) {
      if (e instanceof ConfigException ce) {
        throw ce;
      }
      throw new ConfigException("cluster.configFile", "cannot read the cluster config: " + e.getMessage());
    }
    if (name != null) {
      config.setClusterName(name);
    }
    NetworkConfig network = config.getNetworkConfig();
    if (port != null) {
      network.setPort(port).setPortAutoIncrement(false);
      // A fixed port can be announced under the name given (a DNS name in Kubernetes, say).
      network.setPublicAddress(host + ":" + port);
    }
    // Bound to the one interface, announced as it: never 0.0.0.0, never another interface of the host.
    // (An address rather than interface matching: 127.0.0.2 is this host's too, on no listed interface.)
    network.getInterfaces().setEnabled(false);
    config.setProperty("hazelcast.local.localAddress", bindAddress);
    config.setProperty("hazelcast.socket.bind.any", "false");
    config.setProperty("hazelcast.tcp.join.port.try.count", Integer.toString(PORTS_TRIED));
    // Two clusters of one name (a node that found the members' ports open while they were still starting, and
    // formed a cluster of its own; or the two sides of a healed network split) look for each other and merge
    // every few seconds, not after Hazelcast's five minutes: a node that only joins waits joinTimeout for that.
    for (String delay : new String[] {"hazelcast.merge.first.run.delay.seconds", "hazelcast.merge.next.run.delay.seconds"}) {
      if (config.getProperty(delay) == null) {
        config.setProperty(delay, Integer.toString(MERGE_DELAY_SECONDS));
      }
    }
    if (membersGiven || configFile == null) {
      TcpIpConfig tcp = network.getJoin().getTcpIpConfig();
      tcp.setEnabled(true).setMembers(members);
      network.getJoin().getMulticastConfig().setEnabled(false);
    }
    return config;
  }

  /**
   * Whether this node, at {@code address:boundPort} (null: any port), is one of the members: such a
   * node may be the first of its cluster and run alone until others join.
   */
  boolean isMember(String address, Integer boundPort) {
    for (Member member : parsedMembers()) {
      try {
        for (InetAddress resolved : InetAddress.getAllByName(member.host())) {
          if (resolved.getHostAddress().equals(address) && (member.port() == null || boundPort == null || member.port().equals(boundPort))) {
            return true;
          }
        }
      } catch (UnknownHostException e) {
        // A member that does not resolve is not this node.
      }
    }
    return false;
  }

  /** One entry of the member list: a host (brackets of an IPv6 address removed) and its port, or null for any of the range. */
  record Member(String host, Integer port) {
    static Member parse(String member) {
      int colon = member.lastIndexOf(':');
      boolean hasPort = colon > 0 && !member.endsWith("]");
      String host = (hasPort ? member.substring(0, colon) : member).replace("[", "").replace("]", "");
      return new Member(host, hasPort ? Integer.valueOf(member.substring(colon + 1)) : null);
    }
  }

  List<Member> parsedMembers() {
    return members.stream().map(Member::parse).toList();
  }
}
