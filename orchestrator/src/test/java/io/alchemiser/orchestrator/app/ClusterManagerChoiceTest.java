package io.alchemiser.orchestrator.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.alchemiser.orchestrator.tls.CertificateAuthority;
import io.alchemiser.shared.config.ConfigException;
import io.alchemiser.shared.config.ConfigReader;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Which cluster manager a node runs, and what it refuses off loopback. */
class ClusterManagerChoiceTest {
  private static JsonObject tls;

  @BeforeAll
  static void certificates() throws Exception {
    Path dir = Files.createTempDirectory("alchemiser-manager-choice");
    CertificateAuthority ca = CertificateAuthority.init(dir, "cluster CA", Duration.ofDays(1));
    Path[] node = ca.issue(dir, "node", List.of("10.200.200.200"), Duration.ofDays(1));
    tls = new JsonObject().put("cert", node[0].toString()).put("key", node[1].toString())
        .put("ca", dir.resolve(CertificateAuthority.CA_CERT).toString());
  }

  private static ClusterSettings settings(JsonObject cluster) {
    return ClusterSettings.from(ConfigReader.root(new JsonObject().put("cluster", cluster)));
  }

  @Test
  void infinispanWithTlsHazelcastWithoutUnlessTold() {
    assertThat(settings(new JsonObject()).manager()).isEqualTo(ClusterSettings.Manager.HAZELCAST);
    assertThat(settings(new JsonObject().put("tls", tls)).manager()).isEqualTo(ClusterSettings.Manager.INFINISPAN);
    assertThat(settings(new JsonObject().put("manager", "Infinispan")).manager()).isEqualTo(ClusterSettings.Manager.INFINISPAN);
    assertThat(settings(new JsonObject().put("tls", tls).put("manager", "hazelcast")).manager()).isEqualTo(ClusterSettings.Manager.HAZELCAST);
    assertThatThrownBy(() -> settings(new JsonObject().put("manager", "zookeeper"))).isInstanceOf(ConfigException.class)
        .hasMessageContaining("cluster.manager").hasMessageContaining("'infinispan' or 'hazelcast'");
  }

  @Test
  void offLoopbackHazelcastNeedsTheOperatorsWordEvenWithTls() {
    ClusterSettings hazelcast = settings(new JsonObject().put("host", "10.200.200.200").put("tls", tls).put("manager", "hazelcast"));
    assertThatThrownBy(() -> hazelcast.requireSecure(false)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("cluster.manager").hasMessageContaining("--insecure-cluster");
    hazelcast.requireSecure(true);
    settings(new JsonObject().put("host", "10.200.200.200").put("tls", tls)).requireSecure(false);
    // On loopback only this host reaches it.
    settings(new JsonObject().put("tls", tls).put("manager", "hazelcast")).requireSecure(false);
  }

  @Test
  void aHazelcastConfigFileIsNoInfinispanConfig() throws Exception {
    Path xml = Files.createTempFile("cluster", ".xml");
    ClusterSettings withFile = settings(new JsonObject().put("tls", tls).put("configFile", xml.toString()));
    assertThatThrownBy(() -> withFile.requireSecure(false)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("cluster.configFile").hasMessageContaining("cluster.manager: hazelcast");
  }
}
