package io.alchemiser.orchestrator;

import com.hazelcast.config.Config;
import com.hazelcast.config.TcpIpConfig;
import com.hazelcast.config.XmlConfigBuilder;
import io.alchemiser.shared.ConfigException;
import io.alchemiser.shared.ConfigReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The {@code cluster:} settings (and {@code --cluster-*} options) over the membership config in
 * {@code config/cluster.xml} (bundled in the jar; {@code cluster.configFile} names another).
 */
record ClusterSettings(String host, Integer port, List<String> members, String name, Path configFile) {
  static final String BUNDLED = "alchemiser/cluster.xml";

  static ClusterSettings from(ConfigReader root) {
    ConfigReader cluster = root.section("cluster");
    String portText = cluster.string("port", null);
    Integer port = null;
    if (portText != null) {
      if (!portText.matches("\\d{1,5}") || Integer.parseInt(portText) > 65535 || Integer.parseInt(portText) == 0) {
        throw new ConfigException(cluster.key("port"), "must be a port number from 1 to 65535, was '" + portText + "'");
      }
      port = Integer.parseInt(portText);
    }
    List<String> members = cluster.stringList("members", List.of());
    for (String member : members) {
      if (!member.matches("[A-Za-z0-9.\\-:\\[\\]]+(:\\d{1,5}(-\\d{1,5})?)?")) {
        throw new ConfigException(cluster.key("members"), "'" + member + "' is not host[:port]");
      }
    }
    String file = cluster.string("configFile", null);
    if (file != null && !Files.isRegularFile(Path.of(file))) {
      throw new ConfigException(cluster.key("configFile"), "no such file: " + file);
    }
    return new ClusterSettings(cluster.string("host", "127.0.0.1"), port, members, cluster.string("name", null),
        file == null ? null : Path.of(file));
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
    if (port != null) {
      config.getNetworkConfig().setPort(port).setPortAutoIncrement(false);
    }
    config.getNetworkConfig().setPublicAddress(host + ":" + config.getNetworkConfig().getPort());
    config.getNetworkConfig().getInterfaces().setEnabled(true).setInterfaces(List.of(host.matches("[0-9.]+") ? host : "*.*.*.*"));
    if (!members.isEmpty()) {
      TcpIpConfig tcp = config.getNetworkConfig().getJoin().getTcpIpConfig();
      tcp.setEnabled(true).setMembers(members);
      config.getNetworkConfig().getJoin().getMulticastConfig().setEnabled(false);
    }
    return config;
  }
}
